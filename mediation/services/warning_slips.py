"""The warning slip of an escalated case, and the sweep that raises slips and flags overdue ones.

Rulebook 沥工委〔2020〕38号 二（二）: "由街道信访办对责任线（办）主要负责人、联村工作组组长发放《信访事项
预警提醒单》，同时抄报街道分管领导（或片长）、主要领导。责任线（办）、联村工作组在收到《信访事项预警提醒单》
后，必须在7个工作日内再次作出调查核实".

``warning_slips_sweep`` is the set-based step of the daily sweep: its queries do not grow with the
number of cases. ``_raise_slips`` issues any number of slips the same way, in named steps: load the
organisation around the cases once (``_slip_org``), ask the one rule who may know of each case,
plan each slip, name its people, then store slips and events and notify.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent, Petitioner, Routing
from cases.rules import status as st
from cases.selectors import users_who_may_know
from departments.models import Leader, Unit
from mediation.calendar import work_calendar
from mediation.models import ReinvestigationReport, WarningSlip, WarningSlipCounter
from mediation.rules import oversight as ov
from mediation.rules.deadlines import REINVESTIGATION, CaseClockFacts, compute_deadlines
from mediation.rules.escalation import EscalationAssessment
from mediation.rules.oversight import WarningSlipRecipients, warning_slip_recipients
from mediation.rules.routing import OrgSnapshot, RoutingDecision
from mediation.selectors.escalation import assessment_of, escalated_q
from mediation.services.common import load, now_or, person
from mediation.services.oversight import Note, checked, heads_of, notify_all, supervisors_of

AssistingUnits = Routing.assisting_units.through


def _ref(user_id: int | None) -> str | None:
    return f"user:{user_id}" if user_id else None


def _reserve_numbers(year: int, count: int) -> int:
    """Take ``count`` consecutive numbers of the year; returns the first (the counter row is locked)."""
    WarningSlipCounter.objects.get_or_create(year=year)
    WarningSlipCounter.objects.filter(year=year).update(last=F("last") + count)
    last = WarningSlipCounter.objects.filter(year=year).values_list("last", flat=True).get()
    return last - count + 1


def _reinvestigation_due(case: Case, issued_on: date):
    facts = CaseClockFacts(channel=case.channel, service=case.service, received_on=issued_on, warning_slip_on=issued_on)
    return compute_deadlines(facts, work_calendar(), (REINVESTIGATION,))["reinvestigation"]


# --- the organisation around a batch of cases, loaded once -------------------------------------


@dataclass(frozen=True)
class _SlipOrg:
    """Who leads, heads, supervises and owns each case of a batch (user and unit ids)."""

    routings: dict[int, Routing]
    unit_kinds: dict[int, str]
    teams: dict[int, int | None]
    line_offices: dict[int, int]
    heads: dict[int, list[int]]
    supervisors: dict[int, list[int]]
    owner_users: dict[int, int]
    director: int | None

    def owner_of(self, case_id: int) -> int | None:
        routing = self.routings[case_id]
        return self.owner_users.get(routing.owner_id) or next(
            iter(self.supervisors.get(routing.lead_unit_id, [])), None
        )

    def first_head(self, unit_id: int | None) -> int | None:
        return next(iter(self.heads.get(unit_id, [])), None) if unit_id else None


def _areas_of(ids: Sequence[int]) -> dict[int, int | None]:
    """The area of each case: its village's, else the village of its petitioners (primary first)."""
    area_of: dict[int, int | None] = dict(Case.objects.filter(pk__in=ids).values_list("pk", "village__area_id"))
    missing = [pk for pk, area in area_of.items() if area is None]
    if missing:
        rows = Petitioner.objects.filter(case_id__in=missing, village__isnull=False).order_by("-is_primary", "pk")
        for case_id, area_id in rows.values_list("case_id", "village__area_id"):
            area_of[case_id] = area_of.get(case_id) or area_id
    return area_of


def _liaison_teams(
    ids: Sequence[int], routings: dict[int, Routing], unit_kinds: dict[int, str]
) -> dict[int, int | None]:
    """The liaison team of each case: the lead unit if it is one, else an assisting team, else the area's."""
    area_of = _areas_of(ids)
    team_of_area = dict(
        Unit.objects.filter(
            kind=Unit.Kind.LIAISON_TEAM, is_active=True, area_id__in={a for a in area_of.values() if a}
        ).values_list("area_id", "pk")
    )
    assisting_team: dict[int, int] = {}
    rows = AssistingUnits.objects.filter(routing_id__in=ids, unit__kind=Unit.Kind.LIAISON_TEAM).order_by("pk")
    for routing_id, unit_id in rows.values_list("routing_id", "unit_id"):
        assisting_team.setdefault(routing_id, unit_id)

    def team_for(case_id: int) -> int | None:
        routing = routings[case_id]
        if unit_kinds.get(routing.lead_unit_id) == Unit.Kind.LIAISON_TEAM:
            return routing.lead_unit_id
        return assisting_team.get(case_id) or team_of_area.get(area_of.get(case_id))

    return {cid: team_for(cid) for cid in ids}


def _slip_org(cases: Sequence[Case]) -> _SlipOrg:
    """The organisation around ``cases`` (with ``routing`` loaded), in a constant number of queries."""
    ids = [c.pk for c in cases]
    routings = {c.pk: c.routing for c in cases}
    lead_ids = {r.lead_unit_id for r in routings.values()}
    unit_kinds = dict(Unit.objects.filter(pk__in=lead_ids).values_list("pk", "kind"))
    teams = _liaison_teams(ids, routings, unit_kinds)
    line_offices = {cid: r.line_office_id for cid, r in routings.items() if r.line_office_id}
    heads = heads_of(lead_ids | {t for t in teams.values() if t} | set(line_offices.values()))
    supervisors = supervisors_of(lead_ids)
    owner_users = dict(
        Leader.objects.filter(pk__in={r.owner_id for r in routings.values() if r.owner_id}).values_list("pk", "user_id")
    )
    director = Leader.objects.filter(is_director=True).values_list("user_id", flat=True).first()
    return _SlipOrg(routings, unit_kinds, teams, line_offices, heads, supervisors, owner_users, director)


def _candidates(org: _SlipOrg, ids: Sequence[int]) -> dict[int, set[int]]:
    """Whom the slip of each case could name, before the one rule says who may know of the case."""
    return {
        cid: {
            org.first_head(org.routings[cid].lead_unit_id),
            org.first_head(org.teams[cid]),
            org.first_head(org.line_offices.get(cid)),
            org.owner_of(cid),
            org.director,
        }
        - {None}
        for cid in ids
    }


# --- planning, naming, storing and telling -----------------------------------------------------


def _recipients(
    case: Case, org: _SlipOrg, assessment: EscalationAssessment, excluded: set[int]
) -> WarningSlipRecipients:
    """Whom the slip of ``case`` goes to and is copied to, as ``warning_slip_recipients`` says."""
    routing = org.routings[case.pk]
    decision = RoutingDecision(
        lead_unit=None,
        assisting_units=(),
        assisting_leaders=(),
        owner=_ref(org.owner_of(case.pk)),
        leader_led=True,
        escalation=assessment,
        confidential=False,
        reasons=(),
        gaps=(),
    )
    lead_kind = org.unit_kinds.get(routing.lead_unit_id)
    team = org.teams[case.pk]
    return warning_slip_recipients(
        decision,
        OrgSnapshot(units={}, director=_ref(org.director)),
        lead_head=_ref(next(iter(org.heads.get(routing.lead_unit_id, [])), None)),
        liaison_team_leader=_ref(next(iter(org.heads.get(team, [])), None)) if team else None,
        line_office_head=(
            _ref(next(iter(org.heads.get(org.line_offices.get(case.pk), [])), None))
            if lead_kind == Unit.Kind.LIAISON_TEAM and case.pk in org.line_offices
            else None
        ),
        accused_persons=frozenset(_ref(u) for u in excluded),
    )


def _plan_slips(
    cases: Sequence[Case], org: _SlipOrg, excluded: dict[int, set[int]], *, now: datetime, actor
) -> list[tuple[Case, WarningSlip]]:
    """One unsaved slip per case, numbered in order, with recipients and copies as user ids."""
    year = timezone.localdate(now).year
    first = _reserve_numbers(year, len(cases))
    issued_on = timezone.localdate(now)
    planned: list[tuple[Case, WarningSlip]] = []
    for offset, case in enumerate(cases):
        assessment = assessment_of(case)
        recipients = _recipients(case, org, assessment, excluded[case.pk])
        due = _reinvestigation_due(case, issued_on)
        slip = WarningSlip(
            case=case,
            year=year,
            seq=first + offset,
            issued_at=now,
            issued_by=actor,
            reasons=list(assessment.reasons),
            lead_unit_id=org.routings[case.pk].lead_unit_id,
            recipients=[int(r.removeprefix("user:")) for r in recipients.to],
            copies=[int(r.removeprefix("user:")) for r in recipients.cc],
            reinvestigation_due_on=due.due_on,
            reinvestigation_provisional=due.provisional,
            reinvestigation_basis=due.basis[:300],
        )
        planned.append((case, slip))
    return planned


def _name_people(planned: Sequence[tuple[Case, WarningSlip]]) -> None:
    """Turn each slip's user ids into ``{"id", "name"}``, as the slip is printed."""
    names = {
        u.pk: str(u.get_full_name() or u.get_username())
        for u in get_user_model().objects.filter(pk__in={p for _c, s in planned for p in [*s.recipients, *s.copies]})
    }
    for _case, slip in planned:
        slip.recipients = [{"id": p, "name": names.get(p, "")} for p in slip.recipients]
        slip.copies = [{"id": p, "name": names.get(p, "")} for p in slip.copies]


def _store_slips(planned: Sequence[tuple[Case, WarningSlip]], *, now: datetime, actor) -> list[WarningSlip]:
    """Save the slips and the case event of each."""
    slips = WarningSlip.objects.bulk_create([s for _c, s in planned])
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=case,
                at=now,
                actor=actor,
                kind="warning_slip_issued",
                data={
                    "number": slip.number,
                    "by": person(actor),
                    "to": slip.recipients,
                    "cc": slip.copies,
                    "due_on": slip.reinvestigation_due_on.isoformat(),
                    "provisional": slip.reinvestigation_provisional,
                },
            )
            for case, slip in planned
        ]
    )
    return slips


def _notify_slips(planned: Sequence[tuple[Case, WarningSlip]], *, now: datetime) -> None:
    notes = [
        Note(
            case=case,
            users=frozenset(p["id"] for p in [*slip.recipients, *slip.copies]),
            message=_("Warning slip %(number)s on case %(code)s: re-investigate by %(due)s.")
            % {"number": slip.number, "code": case.display_code, "due": slip.reinvestigation_due_on.isoformat()},
            key=f"slip-{slip.pk}",
        )
        for case, slip in planned
    ]
    notify_all(notes, kind="warning_slip", now=now)


def _raise_slips(cases: Sequence[Case], *, now: datetime, actor=None) -> list[WarningSlip]:
    """Issue one slip for each case (escalated, signed out, none open), in a constant number of queries.

    ``cases`` come with ``routing`` loaded. Recipients follow ``warning_slip_recipients``, less
    everyone the one rule does not let know of the case (``users_who_may_know``); ``notify`` then
    leaves out anyone else who may not see it.
    """
    if not cases:
        return []
    ids = [c.pk for c in cases]
    org = _slip_org(cases)
    # Whom the slip could name, then the one rule decides who may know of each case: never the
    # accused or their units, nor leaders answerable for them; for a conduct complaint only
    # those who may see it.
    candidates = _candidates(org, ids)
    known = users_who_may_know(ids, set().union(*candidates.values()))
    excluded = {cid: candidates[cid] - known[cid] for cid in ids}
    planned = _plan_slips(cases, org, excluded, now=now, actor=actor)
    _name_people(planned)
    slips = _store_slips(planned, now=now, actor=actor)
    _notify_slips(planned, now=now)
    return slips


def _raisable():
    """Open escalated cases, signed out to a lead unit, that never had a slip."""
    return (
        Case.objects.filter(escalated_q(), routing__lead_unit__isnull=False, routing__signed_at__isnull=False)
        .exclude(status__in=st.TERMINAL_STATUSES)
        .filter(~Exists(WarningSlip.objects.filter(case=OuterRef("pk"))))
        .select_related("routing")
        .order_by("pk")
    )


# --- the actions -------------------------------------------------------------------------------


@transaction.atomic
def warning_slip_issue(*, case: Case, actor, now: datetime | None = None) -> WarningSlip:
    """二（二）: the petition office issues a warning slip for an escalated case (one open at a time)."""
    now = now_or(now)
    loaded = load(case, actor)
    checked(ov.ISSUE_SLIP, loaded)
    return _raise_slips([loaded.case], now=now, actor=actor)[0]


@transaction.atomic
def warning_slips_raise(*, case: Case, now: datetime | None = None) -> WarningSlip | None:
    """The system issues the slip of an escalated case signed out without one (idempotent)."""
    now = now_or(now)
    Routing.objects.select_for_update().filter(pk=case.pk).first()
    fresh = list(_raisable().filter(pk=case.pk))
    fresh = [c for c in fresh if assessment_of(c).warning_slip]
    slips = _raise_slips(fresh, now=now)
    return slips[0] if slips else None


def _mark_overdue(*, today: date, now: datetime) -> int:
    """Open slips past their re-investigation's last day, no report waiting: mark, record, tell once."""
    pending = ReinvestigationReport.objects.filter(
        slip=OuterRef("pk"), signed_at__isnull=True, returned_at__isnull=True
    )
    overdue = list(
        WarningSlip.objects.filter(closed_at__isnull=True, overdue_at__isnull=True, reinvestigation_due_on__lt=today)
        .exclude(case__status__in=st.TERMINAL_STATUSES)
        .filter(~Exists(pending))
        .select_related("case", "case__routing")
    )
    if not overdue:
        return 0
    WarningSlip.objects.filter(pk__in=[s.pk for s in overdue]).update(overdue_at=now)
    # The unit that leads the case now (a reassignment moves the re-investigation with it).
    lead_of = {s.pk: s.case.routing.lead_unit_id or s.lead_unit_id for s in overdue}
    units = set(lead_of.values())
    heads, supervisors = heads_of(units), supervisors_of(units)
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=s.case,
                at=now,
                kind="reinvestigation_overdue",
                data={"number": s.number, "due_on": s.reinvestigation_due_on.isoformat()},
            )
            for s in overdue
        ]
    )
    notes = [
        Note(
            case=s.case,
            users=frozenset(heads.get(lead_of[s.pk], []) + supervisors.get(lead_of[s.pk], [])),
            message=_("Re-investigation overdue on case %(code)s (warning slip %(number)s, due %(due)s).")
            % {"code": s.case.display_code, "number": s.number, "due": s.reinvestigation_due_on.isoformat()},
            key=f"slip-{s.pk}",
        )
        for s in overdue
    ]
    notify_all(notes, kind="reinvestigation_overdue", now=now)
    return len(overdue)


@transaction.atomic
def warning_slips_sweep(*, today: date, now: datetime | None = None) -> int:
    """The sweep's step: slips for escalated cases lacking one, and overdue re-investigations.

    (a) every open escalated case signed out without a slip gets one; (b) every open slip whose
    re-investigation is past its last day with no report waiting is marked overdue, and the lead
    unit's head and its supervising leader are told once. Set-based: the number of queries does not
    grow with the number of cases. Running it twice changes nothing. Returns how many slips it
    issued or marked.
    """
    now = now_or(now)
    cases = [c for c in _raisable() if assessment_of(c).warning_slip]
    raised = _raise_slips(cases, now=now)
    return len(raised) + _mark_overdue(today=today, now=now)
