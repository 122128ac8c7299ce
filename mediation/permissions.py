"""What a person may do to a case now: THE answer for pages, forms, the API and the services.

Views and consumers render what ``case_actions_for`` answers; the services call the ``check_*``
functions below before they write. Both ask the same function, so a button is offered exactly
when the service accepts the action. The visibility rule (who may see a case at all) is
``cases.selectors``; "may see the whole center" is ``departments.selectors.may_see_center``.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict, NotAllowed
from cases.models import Case, CaseEvent
from cases.permissions import SIGNING_SCOPE, Viewer, case_roles, is_conduct, viewer_for
from cases.rules import status as st
from departments import permissions as perms
from departments.models import Leader, Membership, Unit
from mediation.models import CaseClock, Extension
from mediation.rules import clocks as clock_rules
from mediation.rules import oversight as ov
from mediation.rules import reopening
from mediation.selectors.escalation import oversight_roles

WORKER_ACTIONS = ("record_first_contact", "record_site_visit", "draft_reply", "submit_for_signoff")
"""Actions a plain handler takes only on a case they hold (the unit head and leaders on any)."""
OTHER_HANDLING_ACTIONS = ("return_reply", "sign_completion", "deliver_reply", "record_follow_up", "reopen", "close")
HANDLING_ACTIONS = WORKER_ACTIONS + OTHER_HANDLING_ACTIONS
WORKS_ANY_CASE = frozenset({st.UNIT_HEAD, st.SUPERVISING_LEADER})
LEGAL_AID_DECIDED = "legal_aid_decided"
LEGAL_AID_LAWYER_ASSIGNED = "legal_aid_lawyer_assigned"
OWN_ANSWER_SERVICES = frozenset({"mediation"})
"""Services whose written answer is a document of their own: people's mediation answers with the agreement
or the referral (``peoples_mediation``), not with the petition reply and its completion signature."""
PETITION_REPLY_ACTIONS = frozenset(
    {"draft_reply", "submit_for_signoff", "return_reply", "sign_completion", "deliver_reply"}
)


def _passes(check, *args, **kwargs) -> bool:
    try:
        check(*args, **kwargs)
    except ActionRefused:
        return False
    return True


# --- working the case: 一问一核实, the reply, reopening --------------------------------------------


def check_worker(roles: frozenset[str], routing, user_id: int) -> None:
    """A plain handler works only a case they hold; the unit head and leaders work any."""
    if roles & WORKS_ANY_CASE:
        return
    if routing is None or routing.picked_by_id != user_id:
        raise NotAllowed(_("Only the person who holds the case can do this."), code="not_yours")


def check_petition_reply(case: Case, action: str) -> None:
    """The petition reply's steps are not taken on a case that answers with a document of its own."""
    if action in PETITION_REPLY_ACTIONS and case.service in OWN_ANSWER_SERVICES:
        raise Conflict(
            _("A people's mediation case is answered by its mediation agreement or its referral, not by a reply."),
            code="own_answer",
        )


def check_reopen_period(reply, today: date) -> None:
    """A reply was delivered and the reopening period still runs."""
    if reply is None or reply.delivered_on is None or not reopening.may_reopen(reply.delivered_on, today):
        raise Conflict(
            _("The period for reopening (%(days)d days after the reply was delivered) is over.")
            % {"days": reopening.REOPEN_PERIOD_DAYS},
            code="too_late",
        )


def handling_actions(user, case: Case, *, viewer: Viewer | None = None) -> frozenset[str]:
    """The handling actions the person may take now (the handling section's forms and buttons)."""
    viewer = viewer or viewer_for(user)
    routing = getattr(case, "routing", None)
    actions = set()
    for action in HANDLING_ACTIONS:
        roles = case_roles(viewer, case, action=action)
        if action not in st.allowed_actions(case.status, roles, service=case.service):
            continue
        if action in WORKER_ACTIONS and not _passes(check_worker, roles, routing, user.pk):
            continue
        if not _passes(check_petition_reply, case, action):
            continue
        actions.add(action)
    if "draft_reply" in actions:
        actions.add("add_note")
    if "reopen" in actions:
        reply = case.replies.order_by("-pk").first()
        if not _passes(check_reopen_period, reply, timezone.localdate()):
            actions.discard("reopen")
    return frozenset(actions)


# --- the deadline clocks: extensions, the legal-aid decision -----------------------------------------


def extension_refusal(error: clock_rules.ExtensionRefused) -> ActionRefused:
    """The clock rules' refusal (Chinese message) as the refused-action error."""
    if error.code == "role_not_allowed":
        return NotAllowed(error.message, code=error.code)
    if error.code in {"wrong_status", "pending", "already_extended", "not_pending"}:
        return Conflict(error.message, code=error.code)
    return ActionRefused(error.message, code=error.code)


def check_extension_request(roles: frozenset[str], case: Case, *, days: int = 1):
    """The handler or the lead unit's head may ask for ``days`` more; answers the reply clock (or None)."""
    clock = CaseClock.objects.filter(case=case, clock="reply").first()
    try:
        clock_rules.check_extension_request(
            roles=roles,
            status=case.status,
            days=days,
            pending=Extension.objects.filter(case=case, decided_at__isnull=True).exists(),
            already_extended=bool(clock and clock.extended)
            or Extension.objects.filter(case=case, decision=Extension.Decision.APPROVED).exists(),
        )
    except clock_rules.ExtensionRefused as error:
        raise extension_refusal(error) from error
    check_reply_not_met(clock)
    return clock


def check_reply_not_met(clock) -> None:
    if clock is not None and clock.met_at is not None:
        raise Conflict(_("The reply was already delivered."), code="met")


def check_extension_decision(roles: frozenset[str], *, pending: bool) -> None:
    """Only the director decides a pending request (no delegation for extensions)."""
    try:
        clock_rules.check_extension_decision(roles=roles, pending=pending)
    except clock_rules.ExtensionRefused as error:
        raise extension_refusal(error) from error


def legal_service_unit_of(actor) -> Unit | None:
    """The active legal-service unit the actor works in, if any (clerk, handler or head)."""
    membership = (
        Membership.objects.filter(
            user_id=actor.pk, user__is_active=True, unit__kind=Unit.Kind.LEGAL_SERVICE, unit__is_active=True
        )
        .select_related("unit")
        .order_by("unit_id")
        .first()
    )
    return membership.unit if membership is not None else None


def check_legal_aid_decision(actor, case: Case) -> Unit:
    """A legal-aid application not yet decided, and a legal-service worker: answers their unit."""
    unit = legal_service_unit_of(actor)
    if unit is None:
        raise ActionRefused(_("Only the legal-service unit decides on legal aid."), code="role_not_allowed")
    if case.service != "legal_aid":
        raise ActionRefused(_("This case is not an application for legal aid."), code="wrong_service")
    if CaseEvent.objects.filter(case=case, kind=LEGAL_AID_DECIDED).exists():
        raise ActionRefused(_("Legal aid has already been decided for this case."), code="already_decided")
    return unit


def check_legal_aid_documents(actor, case: Case) -> Unit:
    """A legal-aid application not yet decided, and a legal-service worker: answers their unit."""
    unit = legal_service_unit_of(actor)
    if unit is None:
        raise ActionRefused(_("Only the legal-service unit checks a legal-aid application."), code="role_not_allowed")
    if case.service != "legal_aid":
        raise ActionRefused(_("This case is not an application for legal aid."), code="wrong_service")
    if CaseEvent.objects.filter(case=case, kind=LEGAL_AID_DECIDED).exists():
        raise ActionRefused(_("Legal aid has already been decided for this case."), code="already_decided")
    return unit


def check_legal_aid_lawyer(actor, case: Case) -> Unit:
    """Legal aid granted and no lawyer assigned yet, and a legal-service worker: answers their unit."""
    unit = legal_service_unit_of(actor)
    if unit is None:
        raise ActionRefused(_("Only the legal-service unit assigns a legal-aid lawyer."), code="role_not_allowed")
    if case.service != "legal_aid":
        raise ActionRefused(_("This case is not an application for legal aid."), code="wrong_service")
    if not CaseEvent.objects.filter(case=case, kind=LEGAL_AID_DECIDED, data__decision="granted").exists():
        raise ActionRefused(_("Legal aid has not been granted for this case."), code="not_granted")
    if CaseEvent.objects.filter(case=case, kind=LEGAL_AID_LAWYER_ASSIGNED).exists():
        raise ActionRefused(_("A legal-aid lawyer is already assigned for this case."), code="already_assigned")
    return unit


def clock_actions(user, case: Case, *, viewer: Viewer | None = None) -> frozenset[str]:
    """``request_extension``, ``decide_extension``, ``decide_legal_aid`` and ``assign_legal_aid_lawyer``,
    when the person may."""
    viewer = viewer or viewer_for(user)
    if viewer is None:
        return frozenset()
    actions = set()
    if _passes(check_extension_request, case_roles(viewer, case, action="request_extension"), case):
        actions.add("request_extension")
    pending = Extension.objects.filter(case=case, decided_at__isnull=True).exists()
    if _passes(check_extension_decision, case_roles(viewer, case, action="decide_extension"), pending=pending):
        actions.add("decide_extension")
    if case.service == "legal_aid":  # each check below asks who works in the legal-service unit
        if _passes(check_legal_aid_decision, user, case):
            actions.add("decide_legal_aid")
        if _passes(check_legal_aid_lawyer, user, case):
            actions.add("assign_legal_aid_lawyer")
        if _passes(check_legal_aid_documents, user, case):
            actions.add("record_legal_aid_documents")
    return frozenset(actions)


# --- the services' own workflows: the legal consultation (issue 16) --------------------------------


def service_actions(user, case: Case, *, viewer: Viewer | None = None) -> frozenset[str]:
    """The actions of the case's service table the person may take now (``give_consultation``, ...)."""
    viewer = viewer or viewer_for(user)
    if viewer is None:
        return frozenset()
    return frozenset(st.service_allowed_actions(case.service, case.status, case_roles(viewer, case)))


# --- escalated cases: warning slips, reports, the five duties, conferences ---------------------------


def escalation_refusal(action: str, state, viewer: Viewer | None, case: Case) -> str | None:
    """Why the oversight ``action`` is refused now (the rules' code), or None if it may go ahead."""
    return ov.refusal(action, state, oversight_roles(viewer, case))


def escalation_actions(user, case: Case, state, *, viewer: Viewer | None = None) -> tuple[str, ...]:
    """The oversight actions the person may take now, in the rules' order (the section's forms)."""
    viewer = viewer or viewer_for(user)
    return tuple(action for action in ov.ACTIONS if escalation_refusal(action, state, viewer, case) is None)


# --- the director's own acts ---------------------------------------------------------------------


def check_director(actor) -> Leader:
    """The director's leader record (they alone delegate the two signatures)."""
    signed_in = actor is not None and actor.is_authenticated
    director = Leader.objects.filter(user=actor, is_director=True).first() if signed_in else None
    if director is None:
        raise NotAllowed(_("Only the director can delegate the signatures."), code="not_director")
    return director


def may_delegate(user) -> bool:
    """Whether the delegations page is offered (the service asks ``check_director`` too)."""
    return _passes(check_director, user)


# --- the petitioner at hand ----------------------------------------------------------------------


def check_id_reveal(viewer: Viewer | None) -> None:
    """Everyone who may see the case may see the petitioner's full ID number, on asking (it is recorded)."""
    if viewer is None:
        raise NotAllowed(_("You may not do this."), code="not_allowed")


def may_reveal_id(viewer: Viewer | None) -> bool:
    return _passes(check_id_reveal, viewer)


# --- routing and the queue ---------------------------------------------------------------------


def may_confirm_accused(user, case: Case, *, viewer: Viewer | None = None) -> bool:
    """Whether the person may confirm or correct whom this (visible) case is about."""
    viewer = viewer or viewer_for(user)
    return bool(
        viewer is not None
        and viewer.units_of_kind(Unit.Kind.DISCIPLINE_OFFICE, perms.REGISTER_CASES)
        and is_conduct(case)
    )


def routing_actions_for(user, case: Case, *, viewer: Viewer | None = None) -> tuple[str, ...]:
    """The routing, queue, objection and finding actions the person may take on the case now.

    The case-handling API lists exactly these; ``case_actions_for`` adds handling, clocks and the
    accused confirmation for the pages."""
    viewer = viewer or viewer_for(user)
    actions = []
    for action in ("confirm_routing", "sign_assignment", "pick", "release", "assign_directly", "take_back"):
        roles = case_roles(viewer, case, action=action if action in SIGNING_SCOPE else None)
        if action in st.allowed_actions(case.status, roles, service=case.service):
            actions.append(action)
    roles = case_roles(viewer, case)
    routing = getattr(case, "routing", None)
    if "release" in actions and (routing is None or routing.picked_by_id != user.pk):
        actions.remove("release")
    for action in ("object", "decide_objection", "reassign"):
        if action in st.allowed_actions(case.status, roles, service=case.service):
            actions.append(action)
    workable = viewer.units(perms.WORK_UNIT_CASES) if viewer is not None else frozenset()
    if routing is not None and workable and routing.assisting_units.filter(pk__in=workable).exists():
        actions.append("add_finding")
    return tuple(actions)


# --- everything at once ---------------------------------------------------------------------------


def case_actions_for(user, case: Case, *, viewer: Viewer | None = None) -> frozenset[str]:
    """What may this person do to this (visible) case now: routing, picking, objections, handling,
    extensions, the legal-aid decision, the service's own actions and the accused confirmation."""
    viewer = viewer or viewer_for(user)
    if viewer is None:
        return frozenset()
    actions = set(routing_actions_for(user, case, viewer=viewer))
    actions |= handling_actions(user, case, viewer=viewer)
    actions |= clock_actions(user, case, viewer=viewer)
    actions |= service_actions(user, case, viewer=viewer)
    if may_confirm_accused(user, case, viewer=viewer):
        actions.add("confirm_accused")
    return frozenset(actions)
