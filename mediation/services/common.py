"""Pieces every case-handling service uses: fetch-and-authorize, the status move, the audit event."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, CaseNotFound, Conflict, NotAllowed
from cases.events import public_event_label
from cases.models import Case, CaseEvent, Routing
from cases.permissions import Viewer, case_roles, viewer_for
from cases.rules.status import FINISHING_ACTIONS, TransitionRefused, check_transition
from cases.selectors import case_visible_q
from departments.models import Membership, Unit
from live.realtime import case_changed
from mediation.models import CaseClock
from mediation.permissions import check_petition_reply
from mediation.rules import clocks as clock_rules
from mediation.rules import oversight as ov
from mediation.selectors.escalation import completion_missing
from mediation.services.due import next_due_store
from mediation.services.notifications import notify_proxy_agent

REASON_MAX = 2000


@dataclass
class Loaded:
    """A case as the actor may act on it, read fresh inside the transaction."""

    case: Case
    routing: Routing | None
    viewer: Viewer


def load(case: Case, actor, *, lock: bool = True) -> Loaded:
    """The case, fresh, if the actor may see it (CaseNotFound alike for missing and hidden).

    With ``lock`` the routing row is locked first (PostgreSQL), so that concurrent actions on one
    case take turns; SQLite's IMMEDIATE transactions already do.
    """
    viewer = viewer_for(actor)
    if viewer is None:
        raise CaseNotFound
    routing = None
    if lock:
        routing = Routing.objects.select_for_update().filter(pk=case.pk).first()
    fresh = (
        Case.objects.filter(case_visible_q(actor, viewer=viewer), pk=case.pk)
        .select_related("routing", "routing__lead_unit")
        .first()
    )
    if fresh is None:
        raise CaseNotFound
    if routing is None:
        routing = getattr(fresh, "routing", None)
    else:
        fresh.routing = routing
    return Loaded(fresh, routing, viewer)


def from_refusal(refusal: TransitionRefused) -> ActionRefused:
    """The rules' refusal (Chinese message) as the refused-action error."""
    if refusal.code == TransitionRefused.ROLE_NOT_ALLOWED:
        return NotAllowed(refusal.message, code=refusal.code)
    if refusal.code == TransitionRefused.WRONG_STATUS:
        return Conflict(refusal.message, code=refusal.code)
    return ActionRefused(refusal.message, code=refusal.code)


def roles(loaded: Loaded, action: str) -> frozenset[str]:
    return case_roles(loaded.viewer, loaded.case, action=action)


def check(action: str, loaded: Loaded) -> str:
    """The status the action leads to, or the rules' refusal as an ActionRefused.

    A case follows its service's table (``status.transitions_for``): the petition's unless the
    service has a workflow of its own."""
    check_petition_reply(loaded.case, action)
    try:
        return check_transition(action, loaded.case.status, roles(loaded, action), service=loaded.case.service)
    except TransitionRefused as refusal:
        raise from_refusal(refusal) from refusal


def requirements_refuse(missing: tuple[str, ...]) -> None:
    """Refuse while anything of ``mediation.rules.oversight`` is ``missing``, naming each one as the case
    page lists them."""
    if missing:
        raise ActionRefused(
            _("Not yet: %(missing)s.") % {"missing": "；".join(ov.REQUIREMENT_LABELS[code] for code in missing)},
            code="requirements",
        )


def leader_led_gate(case: Case) -> None:
    """A leader-led case (一（四）) of any service is not finished before its owner has recorded the five
    duties, held the case conference, had the re-investigation signed and made (or offered) the proactive
    appointment (二（二）、二（四））; a case not leader-led passes. Which steps finish a case:
    ``cases.rules.status.FINISHING_ACTIONS`` (checked by ``move``), and people's mediation's answer."""
    requirements_refuse(completion_missing(case))


def move(loaded: Loaded, action: str) -> tuple[str, str]:
    """Check the action and move the case's status (only if it is still what was read).

    An action that finishes the case (``FINISHING_ACTIONS``) first passes ``leader_led_gate``."""
    before = loaded.case.status
    after = check(action, loaded)
    if action in FINISHING_ACTIONS:
        leader_led_gate(loaded.case)
    if after != before:
        rows = Case.objects.filter(pk=loaded.case.pk, status=before).update(status=after)
        if rows != 1:
            raise Conflict(_("The case changed in the meantime. Reload it and try again."), code="changed")
        loaded.case.status = after
    return before, after


def event(case: Case, actor, event_kind: str, now: datetime, *, public: bool = False, **data) -> CaseEvent:
    """Append the audit event (rule 12); ``data`` holds who and what, with from/to for moves.

    The clocks the event meets (``rules.clocks.MET_BY``) are marked met in the same transaction:
    the case page and the queues show them met at once, not after the next sweep."""
    recorded = CaseEvent.objects.create(case=case, at=now, actor=actor, kind=event_kind, public=public, data=data)
    clocks_meet(case, event_kind, now)
    if public:
        notify_proxy_agent(
            case=case,
            actor=actor,
            kind=event_kind,
            message=_("Case %(code)s you carry: %(step)s")
            % {"code": case.display_code, "step": public_event_label(event_kind)},
            now=now,
        )
    return recorded


def clocks_meet(case: Case, event_kind: str, now: datetime) -> int:
    """Mark met the open clocks of ``case`` that an event of ``event_kind`` at ``now`` meets."""
    clocks = clock_rules.clocks_met_by(event_kind)
    if not clocks:
        return 0
    met = CaseClock.objects.filter(
        case=case, clock__in=clocks, met_at__isnull=True, started_on__lte=timezone.localdate(now)
    ).update(state=clock_rules.MET, met_at=now, updated_at=now)
    next_due_store([case.pk])  # the event closes the clocks it meets, met_at written or not
    return met


def person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": str(user)}


def unit_ref(unit: Unit | None) -> dict | None:
    if unit is None:
        return None
    return {"code": unit.code, "name": unit.name}


def reason_clean(reason: str, *, required: bool = True) -> str:
    text = (reason or "").strip()
    if required and not text:
        raise ActionRefused(_("Give a reason."), code="reason_required")
    if len(text) > REASON_MAX:
        raise ActionRefused(_("The reason is longer than 2000 characters."), code="reason_too_long")
    return text


def excluded_unit_ids(case: Case) -> set[int]:
    """Units that may take no part: accused units and the units of accused persons."""
    units = set(case.accused_units.values_list("pk", flat=True))
    persons = list(case.accused_persons.values_list("pk", flat=True))
    if persons:
        units |= set(Membership.objects.filter(user_id__in=persons).values_list("unit_id", flat=True))
    return units


def check_unit_may_lead(case: Case, unit: Unit, *, conduct: bool) -> None:
    if not unit.is_active:
        raise ActionRefused(_("This unit is not active."), code="unit_inactive")
    if unit.pk in excluded_unit_ids(case):
        raise ActionRefused(_("A unit the case is about, or one of its people, cannot take part."), code="excluded")
    if conduct and unit.kind != Unit.Kind.DISCIPLINE_OFFICE:
        raise ActionRefused(
            _("A complaint about an official's conduct is led by the discipline office."), code="conduct_lead"
        )


def broadcast(case_id: int, change: str, *unit_ids) -> None:
    """Tell these units' queue screens and the director's screen, after commit, that the case changed."""
    case_changed(case_id, unit_ids=unit_ids, kind=change)


def now_or(now: datetime | None) -> datetime:
    return now or timezone.now()
