"""Escalated cases: the warning slip, the re-investigation report, the five duties, the conference.

Rulebook 沥工委〔2020〕38号 二（二）: "由街道信访办对责任线（办）主要负责人、联村工作组组长发放《信访事项
预警提醒单》，同时抄报街道分管领导（或片长）、主要领导。责任线（办）、联村工作组在收到《信访事项预警提醒单》
后，必须在7个工作日内再次作出调查核实……原因分析、化解、稳控措施落实材料经分管领导（或片长）审阅签字后报街道
信访办"; 二（四）: "要严格落实包掌握情况、包思想转化、包解决化解、包承诺息访、包教育稳控的‘五包责任制’。承担
包案化解的分管领导（或片长）要牵头召开专题分析会".

Who may do what is decided by ``mediation.rules.oversight``; each action here loads the case
through the visibility rule (a hidden case is missing), checks, writes, appends the case event and
notifies after commit. ``warning_slips_sweep`` is the set-based step of the daily sweep.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict, NotAllowed
from departments.models import Leader, Membership, Unit
from intake.models import Case, CaseEvent, Petitioner
from mediation import permissions
from mediation.calendar import work_calendar
from mediation.escalation_selectors import assessment_of, escalated_q, oversight_for
from mediation.models import (
    CaseConference,
    Notification,
    OwnershipDuty,
    ReinvestigationReport,
    Routing,
    WarningSlip,
    WarningSlipCounter,
)
from mediation.notifications import push
from mediation.rules import oversight as ov
from mediation.rules import status as st
from mediation.rules.deadlines import REINVESTIGATION, CaseClockFacts, compute_deadlines
from mediation.rules.escalation import warning_slip_recipients
from mediation.rules.routing import OrgSnapshot, RoutingDecision
from mediation.selectors import case_visible_q, users_who_may_know
from mediation.services.common import Loaded, event, excluded_unit_ids, load, now_or, person, reason_clean

TEXT_MAX = 5000
PLACE_MAX = 100
OTHERS_MAX = 500
ACTIONS_MAX = 20
AccusedUnits = Case.accused_units.through
AccusedPersons = Case.accused_persons.through
AssistingUnits = Routing.assisting_units.through


# --- refusals ----------------------------------------------------------------------------------


def _role_message(action: str) -> str:
    if action == ov.ISSUE_SLIP:
        return _("Only the petition office issues warning slips.")
    if action == ov.FILE_REPORT:
        return _("Only the lead unit's head or its handlers file the re-investigation report.")
    if action in {ov.SIGN_REPORT, ov.RETURN_REPORT}:
        return _("Only the leader supervising the lead unit (or the area chief) signs or returns the report.")
    return _("Only the owning leader or the director records this.")


def _state_message(code: str) -> str:
    return {
        ov.REFUSED_NOT_ESCALATED: _(
            "This case is not escalated: it is not a repeat, skip-level, collective or extreme case."
        ),
        ov.REFUSED_NOT_ASSIGNED: _("The case has not been signed out to a lead unit yet."),
        ov.REFUSED_CLOSED: _("The case is closed."),
        ov.REFUSED_SLIP_OPEN: _("This case already has an open warning slip."),
        ov.REFUSED_NO_SLIP: _("This case has no open warning slip."),
        ov.REFUSED_REPORT_PENDING: _("A report already waits for the supervising leader's signature."),
        ov.REFUSED_NO_REPORT: _("No report waits for a signature."),
    }.get(code, _("This cannot be done now."))


def _checked(action: str, loaded: Loaded):
    """The case's oversight, if ``action`` may go ahead; else the refusal as an ActionRefused."""
    oversight = oversight_for(loaded.case)
    refused = permissions.escalation_refusal(action, oversight.state, loaded.viewer, loaded.case)
    if refused == ov.REFUSED_ROLE:
        raise NotAllowed(_role_message(action), code=refused)
    if refused is not None:
        raise Conflict(_state_message(refused), code=refused)
    return oversight


def _text(value: str, *, message: str, code: str, limit: int = TEXT_MAX) -> str:
    text = (value or "").strip()
    if not text:
        raise ActionRefused(message, code=code)
    if len(text) > limit:
        raise ActionRefused(_("A text is longer than %(limit)d characters.") % {"limit": limit}, code="too_long")
    return text


def _past_date(day: date | None, now: datetime, *, code: str) -> date:
    if day is None:
        raise ActionRefused(_("Give the date."), code=code)
    if day > timezone.localdate(now):
        raise ActionRefused(_("The date cannot be in the future."), code=code)
    return day


# --- notifications, set-based ------------------------------------------------------------------


@dataclass(frozen=True)
class _Note:
    case: Case
    users: frozenset[int]
    message: str
    key: str


def _notify_all(notes: Sequence[_Note], *, kind: str, now: datetime) -> int:
    """Store each note for those of its users who may see its case, once per key; push after commit.

    Like ``mediation.notifications.notify`` but for many cases at once: the queries grow with the
    number of distinct addressees, not with the number of cases.
    """
    wanted: dict[int, set[int]] = defaultdict(set)
    for note in notes:
        for user_id in note.users:
            wanted[user_id].add(note.case.pk)
    if not wanted:
        return 0
    visible: dict[int, set[int]] = {}
    for user in get_user_model().objects.filter(pk__in=wanted, is_active=True):
        visible[user.pk] = set(
            Case.objects.filter(case_visible_q(user), pk__in=wanted[user.pk]).values_list("pk", flat=True)
        )
    existing = set(
        Notification.objects.filter(
            kind=kind, case_id__in={n.case.pk for n in notes}, key__in={n.key for n in notes}
        ).values_list("user_id", "case_id", "key")
    )
    new: list[Notification] = []
    pushes: list[tuple[list[int], str, str]] = []
    for note in notes:
        text = note.message[:300]
        users = [
            u
            for u in sorted(note.users)
            if note.case.pk in visible.get(u, ()) and (u, note.case.pk, note.key) not in existing
        ]
        new += [
            Notification(user_id=u, case=note.case, kind=kind, key=note.key, message=text, created_at=now)
            for u in users
        ]
        existing |= {(u, note.case.pk, note.key) for u in users}
        if users:
            pushes.append((users, text, note.case.tracking_code))
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if pushes:
        transaction.on_commit(lambda: [push(user_ids=u, message=m, code=c) for u, m, c in pushes])
    return len(new)


def _heads_of(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """Active heads of each unit (user ids, oldest membership first)."""
    heads: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        unit_id__in=set(unit_ids), role=Membership.Role.HEAD, user__is_active=True
    ).order_by("unit_id", "pk")
    for unit_id, user_id in rows.values_list("unit_id", "user_id"):
        heads[unit_id].append(user_id)
    return heads


def _supervisors_of(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """The leaders (user ids) supervising each unit: its supervising leaders, and for a liaison team
    the chief of its area."""
    ids = set(unit_ids)
    found: dict[int, list[int]] = defaultdict(list)
    rows = Leader.supervised_units.through.objects.filter(unit_id__in=ids).order_by("leader_id")
    for unit_id, user_id in rows.values_list("unit_id", "leader__user_id"):
        found[unit_id].append(user_id)
    chiefs = Unit.objects.filter(pk__in=ids, kind=Unit.Kind.LIAISON_TEAM, area__chief__isnull=False)
    for unit_id, user_id in chiefs.values_list("pk", "area__chief__user_id"):
        if user_id not in found[unit_id]:
            found[unit_id].append(user_id)
    return found


# --- the warning slip --------------------------------------------------------------------------


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


def _raise_slips(cases: Sequence[Case], *, now: datetime, actor=None) -> list[WarningSlip]:
    """Issue one slip for each case (escalated, signed out, none open), in a constant number of queries.

    ``cases`` come with ``routing`` loaded. Recipients follow ``warning_slip_recipients``, less
    everyone the one rule does not let know of the case (``users_who_may_know``); ``notify`` then
    leaves out anyone else who may not see it.
    """
    if not cases:
        return []
    ids = [c.pk for c in cases]
    routings = {c.pk: c.routing for c in cases}
    lead_ids = {r.lead_unit_id for r in routings.values()}
    unit_kinds = dict(Unit.objects.filter(pk__in=lead_ids).values_list("pk", "kind"))
    area_of: dict[int, int | None] = dict(Case.objects.filter(pk__in=ids).values_list("pk", "village__area_id"))
    missing = [pk for pk, area in area_of.items() if area is None]
    if missing:
        rows = Petitioner.objects.filter(case_id__in=missing, village__isnull=False).order_by("-is_primary", "pk")
        for case_id, area_id in rows.values_list("case_id", "village__area_id"):
            area_of[case_id] = area_of.get(case_id) or area_id
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

    teams = {cid: team_for(cid) for cid in ids}
    line_offices = {cid: r.line_office_id for cid, r in routings.items() if r.line_office_id}
    heads = _heads_of(lead_ids | {t for t in teams.values() if t} | set(line_offices.values()))
    supervisors = _supervisors_of(lead_ids)
    owner_users = dict(
        Leader.objects.filter(pk__in={r.owner_id for r in routings.values() if r.owner_id}).values_list("pk", "user_id")
    )
    director = Leader.objects.filter(is_director=True).values_list("user_id", flat=True).first()
    org = OrgSnapshot(units={}, director=_ref(director))

    def owner_of(case_id: int) -> int | None:
        routing = routings[case_id]
        return owner_users.get(routing.owner_id) or next(iter(supervisors.get(routing.lead_unit_id, [])), None)

    def first_head(unit_id: int | None) -> int | None:
        return next(iter(heads.get(unit_id, [])), None) if unit_id else None

    # Whom the slip could name, then the one rule decides who may know of each case: never the
    # accused or their units, nor leaders answerable for them; for a conduct complaint only
    # those who may see it.
    candidates = {
        cid: {
            first_head(routings[cid].lead_unit_id),
            first_head(teams[cid]),
            first_head(line_offices.get(cid)),
            owner_of(cid),
            director,
        }
        - {None}
        for cid in ids
    }
    known = users_who_may_know(ids, set().union(*candidates.values()))

    year = timezone.localdate(now).year
    first = _reserve_numbers(year, len(cases))
    issued_on = timezone.localdate(now)
    planned: list[tuple[Case, WarningSlip]] = []
    for offset, case in enumerate(cases):
        routing = routings[case.pk]
        excluded = candidates[case.pk] - known[case.pk]
        assessment = assessment_of(case)
        owner = owner_of(case.pk)
        decision = RoutingDecision(
            lead_unit=None,
            assisting_units=(),
            assisting_leaders=(),
            owner=_ref(owner),
            leader_led=True,
            escalation=assessment,
            confidential=False,
            reasons=(),
            gaps=(),
        )
        lead_kind = unit_kinds.get(routing.lead_unit_id)
        team = teams[case.pk]
        recipients = warning_slip_recipients(
            decision,
            org,
            lead_head=_ref(next(iter(heads.get(routing.lead_unit_id, [])), None)),
            liaison_team_leader=_ref(next(iter(heads.get(team, [])), None)) if team else None,
            line_office_head=(
                _ref(next(iter(heads.get(line_offices.get(case.pk), [])), None))
                if lead_kind == Unit.Kind.LIAISON_TEAM and case.pk in line_offices
                else None
            ),
            accused_persons=frozenset(_ref(u) for u in excluded),
        )
        due = _reinvestigation_due(case, issued_on)
        slip = WarningSlip(
            case=case,
            year=year,
            seq=first + offset,
            issued_at=now,
            issued_by=actor,
            reasons=list(assessment.reasons),
            lead_unit_id=routing.lead_unit_id,
            recipients=[int(r.removeprefix("user:")) for r in recipients.to],
            copies=[int(r.removeprefix("user:")) for r in recipients.cc],
            reinvestigation_due_on=due.due_on,
            reinvestigation_provisional=due.provisional,
            reinvestigation_basis=due.basis[:300],
        )
        planned.append((case, slip))
    names = {
        u.pk: str(u.get_full_name() or u.get_username())
        for u in get_user_model().objects.filter(pk__in={p for _c, s in planned for p in [*s.recipients, *s.copies]})
    }
    for _case, slip in planned:
        slip.recipients = [{"id": p, "name": names.get(p, "")} for p in slip.recipients]
        slip.copies = [{"id": p, "name": names.get(p, "")} for p in slip.copies]
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
    notes = [
        _Note(
            case=case,
            users=frozenset(p["id"] for p in [*slip.recipients, *slip.copies]),
            message=_("Warning slip %(number)s on case %(code)s: re-investigate by %(due)s.")
            % {"number": slip.number, "code": case.display_code, "due": slip.reinvestigation_due_on.isoformat()},
            key=f"slip-{slip.pk}",
        )
        for case, slip in planned
    ]
    _notify_all(notes, kind="warning_slip", now=now)
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


@transaction.atomic
def warning_slip_issue(*, case: Case, actor, now: datetime | None = None) -> WarningSlip:
    """二（二）: the petition office issues a warning slip for an escalated case (one open at a time)."""
    now = now_or(now)
    loaded = load(case, actor)
    _checked(ov.ISSUE_SLIP, loaded)
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
    pending = ReinvestigationReport.objects.filter(
        slip=OuterRef("pk"), signed_at__isnull=True, returned_at__isnull=True
    )
    overdue = list(
        WarningSlip.objects.filter(closed_at__isnull=True, overdue_at__isnull=True, reinvestigation_due_on__lt=today)
        .exclude(case__status__in=st.TERMINAL_STATUSES)
        .filter(~Exists(pending))
        .select_related("case", "case__routing")
    )
    if overdue:
        WarningSlip.objects.filter(pk__in=[s.pk for s in overdue]).update(overdue_at=now)
        # The unit that leads the case now (a reassignment moves the re-investigation with it).
        lead_of = {s.pk: s.case.routing.lead_unit_id or s.lead_unit_id for s in overdue}
        units = set(lead_of.values())
        heads, supervisors = _heads_of(units), _supervisors_of(units)
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
            _Note(
                case=s.case,
                users=frozenset(heads.get(lead_of[s.pk], []) + supervisors.get(lead_of[s.pk], [])),
                message=_("Re-investigation overdue on case %(code)s (warning slip %(number)s, due %(due)s).")
                % {"code": s.case.display_code, "number": s.number, "due": s.reinvestigation_due_on.isoformat()},
                key=f"slip-{s.pk}",
            )
            for s in overdue
        ]
        _notify_all(notes, kind="reinvestigation_overdue", now=now)
    return len(raised) + len(overdue)


# --- the re-investigation report ---------------------------------------------------------------


@transaction.atomic
def reinvestigation_report_file(
    *,
    case: Case,
    actor,
    analysis: str,
    resolution_plan: str,
    stabilisation_plan: str,
    now: datetime | None = None,
) -> ReinvestigationReport:
    """二（二）: the lead unit files its analysis, resolution plan and stabilisation plan."""
    now = now_or(now)
    loaded = load(case, actor)
    oversight = _checked(ov.FILE_REPORT, loaded)
    slip = oversight.open_slip
    report = ReinvestigationReport.objects.create(
        slip=slip,
        case=loaded.case,
        analysis=_text(analysis, message=_("Write the analysis of the causes."), code="analysis"),
        resolution_plan=_text(resolution_plan, message=_("Write the resolution plan."), code="resolution_plan"),
        stabilisation_plan=_text(
            stabilisation_plan, message=_("Write the stabilisation plan."), code="stabilisation_plan"
        ),
        filed_by=actor,
        filed_at=now,
    )
    late = timezone.localdate(now) > slip.reinvestigation_due_on
    event(loaded.case, actor, "reinvestigation_filed", now, number=slip.number, report=report.pk, late=late)
    lead = loaded.routing.lead_unit_id
    units = _supervisors_of([lead])
    _notify_all(
        [
            _Note(
                case=loaded.case,
                users=frozenset(units.get(lead, [])),
                message=_("Re-investigation report on case %(code)s waits for your signature.")
                % {"code": loaded.case.display_code},
                key=f"report-{report.pk}",
            )
        ],
        kind="reinvestigation_filed",
        now=now,
    )
    return report


@transaction.atomic
def reinvestigation_report_sign(*, case: Case, actor, now: datetime | None = None) -> ReinvestigationReport:
    """二（二）: the supervising leader (or area chief) signs the report; the slip is closed."""
    now = now_or(now)
    loaded = load(case, actor)
    oversight = _checked(ov.SIGN_REPORT, loaded)
    report, slip = oversight.pending_report, oversight.open_slip
    report.signed_by, report.signed_at = actor, now
    report.save(update_fields=["signed_by", "signed_at"])
    slip.closed_at = now
    slip.save(update_fields=["closed_at"])
    event(loaded.case, actor, "reinvestigation_signed", now, number=slip.number, report=report.pk, signer=person(actor))
    users = {report.filed_by_id, *([slip.issued_by_id] if slip.issued_by_id else [])}
    lead = loaded.routing.lead_unit_id
    users |= set(_heads_of([lead]).get(lead, []))
    _notify_all(
        [
            _Note(
                case=loaded.case,
                users=frozenset(users),
                message=_("Re-investigation report on case %(code)s signed (warning slip %(number)s).")
                % {"code": loaded.case.display_code, "number": slip.number},
                key=f"report-{report.pk}",
            )
        ],
        kind="reinvestigation_signed",
        now=now,
    )
    return report


@transaction.atomic
def reinvestigation_report_return(
    *, case: Case, actor, reason: str, now: datetime | None = None
) -> ReinvestigationReport:
    """The supervising leader returns the report with a reason; the unit files a new one."""
    now = now_or(now)
    loaded = load(case, actor)
    oversight = _checked(ov.RETURN_REPORT, loaded)
    reason = reason_clean(reason)
    report, slip = oversight.pending_report, oversight.open_slip
    report.returned_by, report.returned_at, report.return_reason = actor, now, reason
    report.save(update_fields=["returned_by", "returned_at", "return_reason"])
    event(loaded.case, actor, "reinvestigation_returned", now, number=slip.number, report=report.pk, reason=reason)
    lead = loaded.routing.lead_unit_id
    users = {report.filed_by_id, *_heads_of([lead]).get(lead, [])}
    _notify_all(
        [
            _Note(
                case=loaded.case,
                users=frozenset(users),
                message=_("Re-investigation report on case %(code)s returned: %(reason)s")
                % {"code": loaded.case.display_code, "reason": reason},
                key=f"report-{report.pk}",
            )
        ],
        kind="reinvestigation_returned",
        now=now,
    )
    return report


# --- the five duties and the case conference ---------------------------------------------------


def _owner_of(loaded: Loaded) -> Leader:
    routing = loaded.routing
    if routing is not None and routing.owner_id is not None:
        return routing.owner
    leader = Leader.objects.filter(pk=loaded.viewer.leader_id).first()
    if leader is None:
        raise ActionRefused(_("The case has no owning leader."), code="no_owner")
    return leader


def _lead_heads(loaded: Loaded) -> frozenset[int]:
    routing = loaded.routing
    if routing is None or routing.lead_unit_id is None:
        return frozenset()
    return frozenset(_heads_of([routing.lead_unit_id]).get(routing.lead_unit_id, []))


@transaction.atomic
def ownership_duty_record(
    *, case: Case, actor, duty: str, done_on: date | None, note: str, now: datetime | None = None
) -> OwnershipDuty:
    """二（四）: the owning leader records one of the five duties as done, with its date and a note."""
    now = now_or(now)
    loaded = load(case, actor)
    _checked(ov.RECORD_DUTY, loaded)
    try:
        ov.duty_check(duty)
    except ValueError as error:
        raise ActionRefused(_("Choose one of the five duties."), code="duty") from error
    record = OwnershipDuty.objects.create(
        case=loaded.case,
        owner=_owner_of(loaded),
        duty=duty,
        done_on=_past_date(done_on, now, code="done_on"),
        note=_text(note, message=_("Write a note on what was done."), code="note", limit=2000),
        recorded_by=actor,
        recorded_at=now,
    )
    event(
        loaded.case,
        actor,
        "ownership_duty",
        now,
        duty=duty,
        label=ov.DUTY_LABELS[duty],
        done_on=record.done_on.isoformat(),
        note=record.note,
    )
    _notify_all(
        [
            _Note(
                case=loaded.case,
                users=_lead_heads(loaded) - {actor.pk},
                message=_("%(duty)s recorded on case %(code)s.")
                % {"duty": ov.DUTY_LABELS[duty], "code": loaded.case.display_code},
                key=f"duty-{record.pk}",
            )
        ],
        kind="ownership_duty",
        now=now,
    )
    return record


@transaction.atomic
def case_conference_record(
    *,
    case: Case,
    actor,
    held_on: date | None,
    place: str,
    attendees: Iterable = (),
    other_attendees: str = "",
    analysis: str,
    decisions: str,
    follow_up_actions: Iterable[str] = (),
    now: datetime | None = None,
) -> CaseConference:
    """二（四）: the owning leader records the case conference: who met, what they found and decided."""
    now = now_or(now)
    loaded = load(case, actor)
    _checked(ov.RECORD_CONFERENCE, loaded)
    people = list(dict.fromkeys(attendees))
    accused = set(loaded.case.accused_persons.values_list("pk", flat=True))
    excluded_units = excluded_unit_ids(loaded.case)
    if excluded_units:
        accused |= set(Membership.objects.filter(unit_id__in=excluded_units).values_list("user_id", flat=True))
    if any(getattr(p, "pk", p) in accused for p in people):
        raise ActionRefused(
            _("A person the case is about, or a member of a unit it is about, cannot attend."), code="attendee"
        )
    actions = [a.strip() for a in follow_up_actions if a and a.strip()]
    if len(actions) > ACTIONS_MAX or any(len(a) > 300 for a in actions):
        raise ActionRefused(_("At most 20 follow-up actions of 300 characters each."), code="follow_up")
    other = (other_attendees or "").strip()
    if len(other) > OTHERS_MAX:
        raise ActionRefused(_("The other attendees are longer than 500 characters."), code="other_attendees")
    if not people and not other:
        raise ActionRefused(_("Name who attended."), code="attendees")
    conference = CaseConference.objects.create(
        case=loaded.case,
        held_on=_past_date(held_on, now, code="held_on"),
        place=_text(place, message=_("Give the place."), code="place", limit=PLACE_MAX),
        other_attendees=other,
        analysis=_text(analysis, message=_("Write the analysis."), code="analysis"),
        decisions=_text(decisions, message=_("Write the decisions."), code="decisions"),
        follow_up_actions=actions,
        recorded_by=actor,
        recorded_at=now,
    )
    conference.attendees.set(people)
    event(
        loaded.case,
        actor,
        "case_conference",
        now,
        conference=conference.pk,
        held_on=conference.held_on.isoformat(),
        place=conference.place,
        attendees=[person(p) for p in conference.attendees.all()],
        other_attendees=other,
        decisions=conference.decisions,
        follow_up_actions=actions,
    )
    _notify_all(
        [
            _Note(
                case=loaded.case,
                users=(frozenset(getattr(p, "pk", p) for p in people) | _lead_heads(loaded)) - {actor.pk},
                message=_("Case conference on case %(code)s recorded (%(day)s).")
                % {"code": loaded.case.display_code, "day": conference.held_on.isoformat()},
                key=f"conference-{conference.pk}",
            )
        ],
        kind="case_conference",
        now=now,
    )
    return conference
