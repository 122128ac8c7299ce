"""Working a case from pick to close: 一问一核实, notes to assisting units, follow-up, reopening.

Every function is keyword-only and atomic: it loads the case as the actor may see it (locked),
asks the status rules, writes its rows and the audit event (``from``/``to`` statuses and the
changed fields in ``data``), and tells people and queues after commit.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict
from cases.models import Case, CaseEvent
from cases.permissions import Viewer, is_conduct
from cases.rules import status as st
from departments import permissions as perms
from departments.models import Leader, Membership, Unit
from mediation import permissions
from mediation.models import Contact, FollowUp, HandlingNote, Reply
from mediation.rules import reopening
from mediation.services.common import (
    Loaded,
    broadcast,
    check,
    event,
    from_refusal,
    load,
    move,
    now_or,
    reason_clean,
    roles,
    unit_ref,
)
from mediation.services.notifications import notify

TEXT_MAX = 2000
NAME_MAX = 60
PLACE_MAX = 200
CLOCK_SKEW = timedelta(minutes=5)


# --- shared pieces ------------------------------------------------------------------------------


def record_event(loaded: Loaded, actor, kind: str, now: datetime, *, public: bool = False, **data) -> CaseEvent:
    """The append-only audit event (``common.event``); ``public`` ones also show on the tracking page."""
    return event(loaded.case, actor, kind, now, public=public, **data)


def check_worker(loaded: Loaded, action: str, actor) -> str:
    """The rules' check, and: a plain handler works only a case they hold (the head and leaders any)."""
    after = check(action, loaded)
    permissions.check_worker(roles(loaded, action), loaded.routing, actor.pk)
    return after


def text_clean(value: str, *, label: str, required: bool = True, max_length: int = TEXT_MAX) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ActionRefused(_("Fill in “%(field)s”.") % {"field": label}, code="required")
    if len(text) > max_length:
        raise ActionRefused(
            _("“%(field)s” is longer than %(max)d characters.") % {"field": label, "max": max_length},
            code="too_long",
        )
    return text


def when_clean(at: datetime | None, *, case: Case, now: datetime, label: str) -> datetime:
    """A moment that has happened: not in the future, not before the case came in."""
    if at is None:
        raise ActionRefused(_("Fill in “%(field)s”.") % {"field": label}, code="required")
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + CLOCK_SKEW:
        raise ActionRefused(_("“%(field)s” cannot be in the future.") % {"field": label}, code="future")
    if at < case.received_at - CLOCK_SKEW:
        raise ActionRefused(
            _("“%(field)s” cannot be before the case was received.") % {"field": label}, code="too_early"
        )
    return at


def unit_members(unit_id: int | None, *role_names: str) -> list[int]:
    if unit_id is None:
        return []
    qs = Membership.objects.filter(unit_id=unit_id, user__is_active=True)
    if role_names:
        qs = qs.filter(role__in=role_names)
    return list(qs.values_list("user_id", flat=True))


def clerk_users(case: Case) -> list[int]:
    """The clerks who deliver replies and follow cases up: the petition office's, the discipline office's
    for conduct complaints."""
    kind = Unit.Kind.DISCIPLINE_OFFICE if is_conduct(case) else Unit.Kind.PETITION_OFFICE
    return list(
        Membership.objects.filter(
            unit__kind=kind, unit__is_active=True, role__in=[perms.CLERK, perms.HEAD], user__is_active=True
        ).values_list("user_id", flat=True)
    )


def director_users() -> list[int]:
    return list(Leader.objects.filter(is_director=True).values_list("user_id", flat=True))


def current_reply(case: Case) -> Reply | None:
    return case.replies.order_by("-pk").first()


def _contact(
    *,
    kind: str,
    case: Case,
    actor,
    made_by: str,
    at: datetime | None,
    learned: str,
    place: str,
    request_clear: bool,
    now: datetime | None,
) -> Contact:
    now = now_or(now)
    loaded = load(case, actor)
    action = "record_first_contact" if kind == Contact.Kind.FIRST_CONTACT else "record_site_visit"
    check_worker(loaded, action, actor)
    made_by = text_clean(made_by or str(actor), label=_("Made by"), max_length=NAME_MAX)
    at = when_clean(at, case=loaded.case, now=now, label=_("When"))
    learned = text_clean(learned, label=_("What was learned"))
    place = text_clean(place, label=_("Place"), required=kind == Contact.Kind.SITE_VISIT, max_length=PLACE_MAX)
    contact = Contact.objects.create(
        case=loaded.case,
        kind=kind,
        made_by=made_by,
        at=at,
        place=place,
        learned=learned,
        request_clear=request_clear,
        recorded_by=actor,
        recorded_at=now,
    )
    record_event(
        loaded,
        actor,
        kind,
        now,
        contact=contact.pk,
        made_by=made_by,
        at=at.isoformat(),
        place=place,
        request_clear=request_clear,
        status=loaded.case.status,
    )
    broadcast(loaded.case.pk, "updated", loaded.routing.lead_unit_id if loaded.routing else None)
    return contact


# --- 一问一核实 ----------------------------------------------------------------------------------


@transaction.atomic
def case_first_contact_record(
    *,
    case: Case,
    actor,
    at: datetime | None,
    learned: str,
    made_by: str = "",
    request_clear: bool = True,
    now: datetime | None = None,
) -> Contact:
    """一问: the handler's phone call with the petitioner (who called, when, what was learned)."""
    return _contact(
        kind=Contact.Kind.FIRST_CONTACT,
        case=case,
        actor=actor,
        made_by=made_by,
        at=at,
        learned=learned,
        place="",
        request_clear=request_clear,
        now=now,
    )


@transaction.atomic
def case_site_visit_record(
    *,
    case: Case,
    actor,
    at: datetime | None,
    place: str,
    learned: str,
    made_by: str = "",
    now: datetime | None = None,
) -> Contact:
    """一核实: the on-site verification when the call left the request unclear."""
    return _contact(
        kind=Contact.Kind.SITE_VISIT,
        case=case,
        actor=actor,
        made_by=made_by,
        at=at,
        learned=learned,
        place=place,
        request_clear=True,
        now=now,
    )


@transaction.atomic
def case_note_add(*, case: Case, actor, text: str, to_unit: Unit | None = None, now: datetime | None = None):
    """A working note, or (with ``to_unit``) a request to an assisting unit, whose members are told."""
    now = now_or(now)
    loaded = load(case, actor)
    check_worker(loaded, "draft_reply", actor)  # whoever may work the case now, while it is worked
    text = text_clean(text, label=_("Note"))
    if to_unit is not None:
        assisting = loaded.routing.assisting_units.filter(pk=to_unit.pk).exists() if loaded.routing else False
        if not assisting:
            raise ActionRefused(_("Requests go only to the case's assisting units."), code="not_assisting")
    note = HandlingNote.objects.create(case=loaded.case, author=actor, at=now, to_unit=to_unit, text=text)
    record_event(loaded, actor, "note_added", now, note=note.pk, to_unit=unit_ref(to_unit))
    if to_unit is not None:
        notify(
            users=unit_members(to_unit.pk),
            kind="assist_request",
            message=_("Case %(code)s: the lead unit asks your unit for help.") % {"code": loaded.case.display_code},
            case=loaded.case,
            key=f"note-{note.pk}",
            now=now,
        )
    return note


# --- 每件一回访, reopening, closing --------------------------------------------------------------


@transaction.atomic
def case_follow_up_record(
    *,
    case: Case,
    actor,
    at: datetime | None,
    method: str,
    satisfaction: str,
    comments: str = "",
    made_by: str = "",
    now: datetime | None = None,
) -> FollowUp:
    """每件一回访: who visited (or called), when, how, and how satisfied the petitioner is."""
    now = now_or(now)
    loaded = load(case, actor)
    before, after = move(loaded, "record_follow_up")
    if method not in FollowUp.Method.values:
        raise ActionRefused(_("Choose how the follow-up was made."), code="method")
    if satisfaction not in FollowUp.Satisfaction.values:
        raise ActionRefused(_("Choose how satisfied the petitioner is."), code="satisfaction")
    made_by = text_clean(made_by or str(actor), label=_("Made by"), max_length=NAME_MAX)
    at = when_clean(at, case=loaded.case, now=now, label=_("When"))
    comments = text_clean(comments, label=_("Comments"), required=False)
    follow_up = FollowUp.objects.create(
        case=loaded.case,
        made_by=made_by,
        at=at,
        method=method,
        satisfaction=satisfaction,
        comments=comments,
        recorded_by=actor,
        recorded_at=now,
    )
    record_event(
        loaded,
        actor,
        "follow_up",
        now,
        follow_up=follow_up.pk,
        made_by=made_by,
        at=at.isoformat(),
        method=method,
        satisfaction=satisfaction,
        **{"from": before, "to": after},
    )
    if satisfaction == FollowUp.Satisfaction.UNSATISFIED:
        routing = loaded.routing
        notify(
            users=unit_members(routing.lead_unit_id if routing else None, perms.HEAD),
            kind="follow_up_unsatisfied",
            message=_("Case %(code)s: the petitioner is not satisfied with the reply.")
            % {"code": loaded.case.display_code},
            case=loaded.case,
            key=f"follow-up-{follow_up.pk}",
            now=now,
        )
    broadcast(loaded.case.pk, "updated", loaded.routing.lead_unit_id if loaded.routing else None)
    return follow_up


def reopen_last_day(case: Case):
    """The last day the case may be reopened, or None when no reply was delivered."""
    reply = current_reply(case)
    if reply is None or reply.delivered_on is None:
        return None
    return reopening.reopen_last_day(reply.delivered_on)


def _petitioner_reopening(case: Case) -> tuple[Loaded, str, str]:
    """The case locked for its petitioner (already identified by the tracking page), and its status move."""
    fresh = Case.objects.select_for_update(of=("self",)).select_related("routing", "routing__lead_unit").get(pk=case.pk)
    loaded = Loaded(fresh, getattr(fresh, "routing", None), Viewer(user_id=0))
    before = fresh.status
    try:
        after = st.check_transition("reopen", before, frozenset({st.PETITIONER}))
    except st.TransitionRefused as refusal:
        raise from_refusal(refusal) from refusal
    return loaded, before, after


@transaction.atomic
def case_reopen(*, case: Case, actor, reason: str, by_petitioner: bool = False, now: datetime | None = None) -> Case:
    """The unsatisfied petitioner reopens the case within the period; it goes back to its lead unit.

    Staff (the petition-office clerk) reopen for the petitioner; ``by_petitioner`` is the public
    tracking page, where the tracking code and the phone already identified the petitioner (then
    ``actor`` is None and the case is not loaded through the staff visibility rule).
    """
    now = now_or(now)
    if by_petitioner:
        loaded, before, after = _petitioner_reopening(case)
    else:
        loaded = load(case, actor)
        before = loaded.case.status
        after = check("reopen", loaded)
    reason = reason_clean(reason)
    permissions.check_reopen_period(current_reply(loaded.case), timezone.localdate(now))
    if Case.objects.filter(pk=loaded.case.pk, status=before).update(status=after) != 1:
        raise Conflict(_("The case changed in the meantime. Reload it and try again."), code="changed")
    loaded.case.status = after
    routing = loaded.routing
    if routing is not None:
        routing.picked_by = None
        routing.picked_at = None
        routing.queued_at = None
        routing.save(update_fields=["picked_by", "picked_at", "queued_at"])
    record_event(
        loaded,
        actor,
        "reopened",
        now,
        public=True,
        reason=reason,
        by_petitioner=by_petitioner,
        lead_unit=unit_ref(routing.lead_unit) if routing else None,
        **{"from": before, "to": after},
    )
    message = _("Case %(code)s was reopened: %(reason)s") % {"code": loaded.case.display_code, "reason": reason}
    notify(
        users=unit_members(routing.lead_unit_id if routing else None, perms.HEAD) + director_users(),
        kind="reopened",
        message=message,
        case=loaded.case,
        key=now.isoformat(),
        now=now,
    )
    broadcast(loaded.case.pk, "updated", routing.lead_unit_id if routing else None)
    return loaded.case


@transaction.atomic
def case_close(*, case: Case, actor, now: datetime | None = None) -> Case:
    """案结事了: after the follow-up visit, the case is closed."""
    now = now_or(now)
    loaded = load(case, actor)
    before, after = move(loaded, "close")
    record_event(loaded, actor, "closed", now, public=True, **{"from": before, "to": after})
    routing = loaded.routing
    notify(
        users=[routing.picked_by_id] if routing and routing.picked_by_id else [],
        kind="closed",
        message=_("Case %(code)s is closed.") % {"code": loaded.case.display_code},
        case=loaded.case,
        now=now,
    )
    broadcast(loaded.case.pk, "closed", routing.lead_unit_id if routing else None)
    return loaded.case


__all__ = [
    "case_close",
    "case_first_contact_record",
    "case_follow_up_record",
    "case_note_add",
    "case_reopen",
    "case_site_visit_record",
    "check_worker",
    "current_reply",
    "reopen_last_day",
]
