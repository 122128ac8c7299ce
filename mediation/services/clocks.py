"""Deadline clocks: computed from a case's facts and events, extended with the director's approval,
recomputed when an administrator enters a new year's official schedule (``mediation.services.calendar``).

A clock's stored ``state`` is running or met here; due soon and overdue are set (and announced to
the people responsible) by the sweep, ``mediation.tasks``. A new due date puts the clock back to
running, so that the sweep announces the new date. Pages show the live state (``live_state``).

The clocks are computed by the pure rules (``rules.deadlines``: strictest policy governs, the day
of receipt not counted, provisional years) and stored as ``CaseClock`` rows, one per case and
clock; ``intake.Case.reply_due_on`` follows the reply clock.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import Conflict
from cases.models import Case, CaseEvent
from cases.permissions import is_conduct, is_report
from cases.rules import status as st
from departments.models import Leader
from mediation import permissions
from mediation.calendar import due_soon_cutoff, work_calendar
from mediation.models import CaseClock, Extension, LegalAidChecklist
from mediation.rules import clocks as rules
from mediation.rules.calendar import WorkCalendar
from mediation.rules.deadlines import (
    DEFAULT_POLICIES,
    CaseClockFacts,
    Deadline,
    compute_deadlines,
    extend,
    waiting_clocks,
)
from mediation.services.common import event, load, now_or, person, reason_clean, roles
from mediation.services.due import next_due_store
from mediation.services.notifications import notify

POLICIES = {policy.code: policy for policy in DEFAULT_POLICIES}
_FIELDS = ("started_on", "due_on", "provisional", "policy_code", "basis", "explanation", "candidates", "state")


AGREEMENT_EFFECTIVE = "mediation_agreement_signed"
"""The event of a people's mediation agreement taking effect (``data["effective_on"]``): starts the
judicial-confirmation clock (人民调解法 第三十三条)."""


@dataclass(frozen=True, slots=True)
class CaseDates:
    """What a case's clocks start from beyond the case and its routing (read in one query per kind)."""

    legal_aid_complete_at: datetime | None = None
    """When the legal-aid application became complete (``LegalAidChecklist.complete_at``)."""
    legal_aid_granted_at: datetime | None = None
    agreement_on: date | None = None
    risk_level: str = ""
    """A governance case's risk level (its incident's, or its screened dispute's)."""


def _facts(case: Case, dates: CaseDates) -> CaseClockFacts:
    routing = getattr(case, "routing", None)
    assigned = routing.assigned_at if routing is not None else None
    complete, granted = dates.legal_aid_complete_at, dates.legal_aid_granted_at
    return CaseClockFacts(
        channel=case.channel,
        service=case.service,
        received_on=timezone.localdate(case.received_at),
        assigned_on=timezone.localdate(assigned) if assigned else None,
        legal_aid_complete_on=timezone.localdate(complete) if complete else None,
        legal_aid_granted_on=timezone.localdate(granted) if granted else None,
        contactable=not case.is_anonymous,
        risk_level=dates.risk_level,
        agreement_effective_on=dates.agreement_on,
        conduct=is_report(case) and is_conduct(case),
    )


def _legal_aid_complete(ids: list[int]) -> dict[int, datetime]:
    """case id → when its legal-aid application became complete (the decision clock runs from that day).

    Once complete, an application stays complete for its clock: the checklist keeps its first
    ``complete_at`` even if a document is later recorded missing (see ``LegalAidChecklist``)."""
    complete = LegalAidChecklist.objects.filter(case_id__in=ids, complete_at__isnull=False)
    return dict(complete.values_list("case_id", "complete_at"))


def _risk_levels(ids: list[int]) -> dict[int, str]:
    """case id → the risk level of a governance case (its incident's, or its screened dispute's)."""
    rows = Case.objects.filter(pk__in=ids, service="governance").values_list(
        "pk", "governance_incident__risk_level", "screening_item__risk_level"
    )
    return {pk: incident or item for pk, incident, item in rows if incident or item}


def _case_dates(ids: list[int]) -> dict[int, CaseDates]:
    """The ``CaseDates`` of each case of ``ids`` (a constant number of queries)."""
    complete, granted = _legal_aid_complete(ids), _legal_aid_granted(ids)
    agreements, risks = _agreement_dates(ids), _risk_levels(ids)
    return {pk: CaseDates(complete.get(pk), granted.get(pk), agreements.get(pk), risks.get(pk, "")) for pk in ids}


def _legal_aid_granted(ids: list[int]) -> dict[int, datetime]:
    """case id → when legal aid was granted (the lawyer-assignment clock runs from that day)."""
    granted = CaseEvent.objects.filter(case_id__in=ids, kind="legal_aid_decided", data__decision="granted")
    return dict(granted.values_list("case_id", "at"))


def _agreement_dates(ids: list[int]) -> dict[int, date]:
    """The day each case's mediation agreement took effect, for the cases that have one (one query)."""
    dates: dict[int, date] = {}
    for case_id, data in CaseEvent.objects.filter(case_id__in=ids, kind=AGREEMENT_EFFECTIVE).values_list(
        "case_id", "data"
    ):
        effective_on = (data or {}).get("effective_on")
        if effective_on:
            dates[case_id] = date.fromisoformat(effective_on)
    return dates


def case_deadlines(
    case: Case, calendar: WorkCalendar, extension_days: int = 0, dates: CaseDates | None = None
) -> dict[str, tuple[date, Deadline]]:
    """Each clock's start date and deadline; the reply clock moved by an approved extension."""
    facts = _facts(case, dates or CaseDates())
    result = {}
    for clock, deadline in compute_deadlines(facts, calendar).items():
        started_on = facts.event_date(POLICIES[deadline.policy_code].starts_from)
        if clock == "reply" and extension_days:
            deadline = extend(deadline, extension_days, calendar)
        result[clock] = (started_on, deadline)
    return result


def case_waiting_clocks(case: Case) -> list[str]:
    """The clocks of ``case`` that wait for their start (``rules.deadlines.waiting_clocks``: the legal-aid
    decision until the application is complete), unless the event that meets them happened already."""
    if not waiting_clocks(_facts(case, CaseDates())):
        return []  # no clock of this case ever waits: nothing to read
    waiting = waiting_clocks(_facts(case, _case_dates([case.pk])[case.pk]))
    if not waiting:
        return []
    kinds = {kind for clock in waiting for kind in rules.MET_BY.get(clock, ())}
    happened = set(CaseEvent.objects.filter(case=case, kind__in=kinds).values_list("kind", flat=True))
    return [clock for clock in waiting if not happened & set(rules.MET_BY.get(clock, ()))]


def _met_events(ids: list[int]) -> dict[tuple[int, str], list[datetime]]:
    """When each case had each kind of event that meets a clock, keyed by (case id, event kind)."""
    kinds = {kind for kinds in rules.MET_BY.values() for kind in kinds}
    events: dict[tuple[int, str], list[datetime]] = {}
    for case_id, kind, at in CaseEvent.objects.filter(case_id__in=ids, kind__in=kinds).values_list(
        "case_id", "kind", "at"
    ):
        events.setdefault((case_id, kind), []).append(at)
    return events


def _clock_values(
    case: Case,
    clock: str,
    started_on: date,
    deadline: Deadline,
    *,
    events: dict[tuple[int, str], list[datetime]],
    extended: bool,
    row: CaseClock | None,
) -> dict:
    """The stored fields of one clock of ``case``; ``row`` is its stored clock, if any."""
    met_at = min(
        (
            at
            for kind in rules.MET_BY.get(clock, ())
            for at in events.get((case.pk, kind), ())
            if timezone.localdate(at) >= started_on
        ),
        default=None,
    )
    values = {
        "started_on": started_on,
        "due_on": deadline.due_on,
        "provisional": deadline.provisional,
        "policy_code": deadline.policy_code,
        "basis": deadline.basis,
        "explanation": deadline.explanation,
        "candidates": list(deadline.candidates),
        "state": rules.MET if met_at is not None else rules.RUNNING,
        "met_at": met_at,
        "extended": clock == "reply" and extended,
    }
    if row is not None and met_at is None and row.due_on == deadline.due_on and row.state != rules.MET:
        values["state"] = row.state  # due soon / overdue is the sweep's to set (and to announce)
    return values


def _clock_update(row: CaseClock, values: dict, now: datetime) -> bool:
    """Set ``values`` on ``row``; whether anything changed."""
    if all(getattr(row, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = now
    return True


def _recomputed_event(case: Case, clock: str, before: date, deadline: Deadline, now: datetime) -> CaseEvent:
    """The ``deadline_recomputed`` event of a moved due date (public for the reply clock)."""
    return CaseEvent(
        case=case,
        at=now,
        kind="deadline_recomputed",
        public=clock == "reply",
        data={
            "clock": clock,
            "from": before.isoformat(),
            "to": deadline.due_on.isoformat(),
            "provisional": deadline.provisional,
            "rule": deadline.explanation,
        },
    )


def _follow_reply_clock(case: Case, created: list[CaseClock], updated: list[CaseClock]) -> bool:
    """Copy a new or changed reply clock onto the case's reply date; whether the case changed."""
    reply = next((c for c in created if c.case_id == case.pk and c.clock == "reply"), None) or next(
        (c for c in updated if c.case_id == case.pk and c.clock == "reply"), None
    )
    if reply is None or (case.reply_due_on == reply.due_on and case.reply_due_provisional == reply.provisional):
        return False
    case.reply_due_on = reply.due_on
    case.reply_due_provisional = reply.provisional
    case.reply_due_basis = reply.basis[:300]
    return True


def _clocks_store(
    created: list[CaseClock],
    updated: list[CaseClock],
    case_updates: list[Case],
    recorded: list[CaseEvent],
    *,
    store_next_due: bool = True,
) -> None:
    """Write what a refresh changed, one bulk query per kind of row, and the cases' next due dates."""
    if created:
        CaseClock.objects.bulk_create(created)
    if updated:
        CaseClock.objects.bulk_update(updated, [*_FIELDS, "met_at", "extended", "updated_at"])
    if case_updates:
        Case.objects.bulk_update(case_updates, ["reply_due_on", "reply_due_provisional", "reply_due_basis"])
    if recorded:
        CaseEvent.objects.bulk_create(recorded)
    if store_next_due and (created or updated or case_updates):
        next_due_store([c.case_id for c in (*created, *updated)] + [c.pk for c in case_updates])


def clocks_refresh_many(
    cases: Iterable[Case],
    *,
    now: datetime | None = None,
    calendar: WorkCalendar | None = None,
    record_changes: bool = False,
) -> list[tuple[Case, str, date | None, date]]:
    """Create or update the clocks of ``cases`` in a constant number of queries; returns date changes.

    With ``record_changes`` a changed due date is recorded as a ``deadline_recomputed`` event
    (public for the reply clock, whose date the petitioner sees).
    """
    now = now_or(now)
    calendar = calendar or work_calendar()
    ids = [case.pk for case in cases]
    if not ids:
        return []
    cases = list(Case.objects.filter(pk__in=ids).select_related("routing"))
    existing = {(c.case_id, c.clock): c for c in CaseClock.objects.filter(case_id__in=ids)}
    extensions = dict(
        Extension.objects.filter(case_id__in=ids, decision=Extension.Decision.APPROVED).values_list("case_id", "days")
    )
    events = _met_events(ids)
    dates = _case_dates(ids)
    created, updated, changes, recorded, case_updates = [], [], [], [], []
    for case in cases:
        computed = case_deadlines(case, calendar, extensions.get(case.pk, 0), dates[case.pk])
        for clock, (started_on, deadline) in computed.items():
            row = existing.get((case.pk, clock))
            values = _clock_values(
                case, clock, started_on, deadline, events=events, extended=case.pk in extensions, row=row
            )
            if row is None:
                created.append(CaseClock(case=case, clock=clock, updated_at=now, **values))
                continue
            before = row.due_on
            if not _clock_update(row, values, now):
                continue
            updated.append(row)
            if before != deadline.due_on:
                changes.append((case, clock, before, deadline.due_on))
                if record_changes:
                    recorded.append(_recomputed_event(case, clock, before, deadline, now))
        if _follow_reply_clock(case, created, updated):
            case_updates.append(case)
    _clocks_store(created, updated, case_updates, recorded)
    return changes


def live_state(clock: CaseClock, today: date, calendar: WorkCalendar | None = None) -> str:
    """The state a clock is in today, whatever the last sweep recorded."""
    calendar = calendar or work_calendar()
    return rules.clock_state(clock.due_on, today, due_soon_cutoff(today, calendar), met=clock.met_at is not None)


def case_clocks_start(case: Case, now: datetime) -> None:
    """Part of filing (in its transaction): store the clocks of a case just filed.

    The same clocks ``clocks_refresh_many`` would store, without reading anything back: a case
    just filed has no clock, no extension and no event that meets a clock (``MET_BY``).
    """
    created = [
        CaseClock(
            case=case,
            clock=clock,
            updated_at=now,
            **_clock_values(case, clock, started_on, deadline, events={}, extended=False, row=None),
        )
        for clock, (started_on, deadline) in case_deadlines(case, work_calendar()).items()
    ]
    # Its routing, inserted just before, holds their earliest due date already (``case_next_due_at_filing``).
    _clocks_store(created, [], [case] if _follow_reply_clock(case, created, []) else [], [], store_next_due=False)


def case_next_due_at_filing(case: Case) -> date:
    """The next due date of a case being filed (``mediation.selectors.due.case_next_due``): the
    earliest of the clocks ``case_clocks_start`` stores, none of them met; computed, not read."""
    deadlines = case_deadlines(case, work_calendar())
    return min((deadline.due_on for _started, deadline in deadlines.values()), default=case.reply_due_on)


def case_clocks_refresh(case: Case, now: datetime | None = None) -> list[CaseClock]:
    """Compute and store the case's clocks (called at filing and at the assignment signature)."""
    clocks_refresh_many([case], now=now)
    return list(CaseClock.objects.filter(case=case))


# --- extensions ----------------------------------------------------------------------------------


def _directors() -> list:
    return list(Leader.objects.filter(is_director=True).values_list("user_id", flat=True))


@transaction.atomic
def case_extension_request(*, case: Case, actor, days: int, reason: str, now: datetime | None = None) -> Extension:
    """The handler or the lead unit's head asks the director to extend the reply clock (≤ 30 days)."""
    now = now_or(now)
    loaded = load(case, actor)
    case = loaded.case
    clock = permissions.check_extension_request(roles(loaded, "request_extension"), case, days=days)
    reason = reason_clean(reason)
    if clock is None:
        case_clocks_refresh(case, now)
        clock = CaseClock.objects.get(case=case, clock="reply")
        permissions.check_reply_not_met(clock)
    extension = Extension.objects.create(
        case=case, days=days, reason=reason, requested_by=actor, requested_at=now, due_before=clock.due_on
    )
    event(case, actor, "extension_requested", now, days=days, reason=reason, due=clock.due_on.isoformat())
    notify(
        users=_directors(),
        kind="extension_requested",
        message=_("Extension of %(days)s days requested for case %(code)s: %(reason)s")
        % {"days": days, "code": case.display_code, "reason": reason},
        case=case,
        key=f"extension:{extension.pk}",
        now=now,
    )
    return extension


def _extension_approve(case: Case, actor, pending: Extension, note: str, now: datetime) -> str:
    """Move the reply clock and the case's reply date by the pending request; the message to its asker."""
    clock = CaseClock.objects.select_for_update().get(case=case, clock="reply")
    base = Deadline(
        clock="reply",
        due_on=clock.due_on,
        policy_code=clock.policy_code,
        basis=clock.basis,
        explanation=clock.explanation,
        provisional=clock.provisional,
    )
    calendar = work_calendar()
    try:
        moved = extend(base, pending.days, calendar)
    except ValueError as error:
        raise Conflict(str(error), code="not_extendable") from error
    clock.due_on = moved.due_on
    clock.provisional = moved.provisional
    clock.policy_code = moved.policy_code
    clock.basis = moved.basis
    clock.explanation = moved.explanation
    clock.extended = True
    clock.state = rules.RUNNING  # the sweep marks it due soon or overdue, and says so, when it is
    clock.updated_at = now
    clock.save()
    Case.objects.filter(pk=case.pk).update(
        reply_due_on=moved.due_on, reply_due_provisional=moved.provisional, reply_due_basis=moved.basis[:300]
    )
    next_due_store([case.pk])
    pending.decision = Extension.Decision.APPROVED
    pending.due_after = moved.due_on
    pending.save()
    event(case, actor, "extension_decided", now, decision="approved", days=pending.days, note=note)
    CaseEvent.objects.create(
        case=case,
        at=now,
        actor=None,
        kind="deadline_extended",
        public=True,
        data={
            "from": pending.due_before.isoformat(),
            "to": moved.due_on.isoformat(),
            "days": pending.days,
            "reason": pending.reason,
            "provisional": moved.provisional,
            "signer": person(actor),
        },
    )
    return _("The extension for case %(code)s is approved: the reply is now due on %(due)s.") % {
        "code": case.display_code,
        "due": moved.due_on.isoformat(),
    }


def _extension_refuse(case: Case, actor, pending: Extension, note: str, now: datetime) -> str:
    """Refuse the pending request; the message to its asker."""
    pending.decision = Extension.Decision.REFUSED
    pending.save()
    event(case, actor, "extension_decided", now, decision="refused", days=pending.days, note=note)
    return _("The extension for case %(code)s is refused: %(note)s") % {
        "code": case.display_code,
        "note": note,
    }


@transaction.atomic
def extension_decide(
    *, case: Case, actor, approve: bool, note: str = "", now: datetime | None = None
) -> Extension | None:
    """The director approves (the reply clock and the case's reply date move) or refuses the pending request."""
    now = now_or(now)
    loaded = load(case, actor)
    case = loaded.case
    pending = Extension.objects.select_for_update().filter(case=case, decided_at__isnull=True).first()
    permissions.check_extension_decision(roles(loaded, "decide_extension"), pending=pending is not None)
    note = reason_clean(note, required=not approve)
    pending.decided_by = actor
    pending.decided_at = now
    pending.decision_note = note
    decide = _extension_approve if approve else _extension_refuse
    message = decide(case, actor, pending, note, now)
    notify(
        users=[pending.requested_by_id],
        kind="extension_decided",
        message=message,
        case=case,
        key=f"extension:{pending.pk}",
        now=now,
    )
    return pending


def clocks_recompute_provisional(*, now: datetime | None = None) -> list:
    """Recompute every provisional clock on the current calendar (idempotent), and the reply date
    of every open case whose date is provisional.

    Met clocks and those of closed or withdrawn cases too: the statistics judge each clock on time
    or late by its due date, and a reply made on a day late by the provisional count may be on
    time by the official one (no clock keeps a provisional date for a year now entered).

    One read of the cases concerned, then the constant-query batch of ``clocks_refresh_many``.
    """
    now = now_or(now)
    ids = set(CaseClock.objects.filter(provisional=True).values_list("case_id", flat=True)) | set(
        Case.objects.filter(reply_due_provisional=True)
        .exclude(status__in=st.TERMINAL_STATUSES)
        .values_list("pk", flat=True)
    )
    if not ids:
        return []
    return clocks_refresh_many(
        list(Case.objects.filter(pk__in=ids)), now=now, calendar=work_calendar(), record_changes=True
    )
