"""The facts that trigger scoring items, found on the case record for one period (Beijing days).

One set-based query per trigger, whatever the number of cases, plus one for the conduct
complaints among them. Which day a fact happened on, trigger by trigger (the period it counts in):

- first call late, reply overdue: the day the clock fell due (an approved extension moves the
  reply clock's day, so an extended case is late only after its new day), if the clock was met
  after that day or is still open after it (as of the day of the computation);
- re-investigation late: the day the warning slip's re-investigation fell due, if no report was
  filed by the end of that day;
- reopened: the day of each reopening (an unsatisfied petitioner reopened the reply), against the
  unit that led the case when it was reopened;
- repeat after a reply: the day the new case was received, when it is confirmed as a repeat of an
  earlier case that had already been answered in writing, against the earlier case's lead unit;
- skip-level: the day the case was first known to have gone past the subdistrict (the first
  ``escalation_recorded`` that names a destination; the day of receipt for a case flagged at
  intake), against the lead unit, the liaison team of the case's area and the village;
- unsatisfied / satisfied: the day of the case's last follow-up visit in the period (as the
  statistics count satisfaction), against the lead unit and the village;
- resolved at village level: the same visit, satisfied or basically satisfied, of a case carried
  by a proxy agent of a village, for that village.

A withdrawn case triggers nothing.

A conduct complaint (``cases.selectors.conduct_q``) triggers no item at all, for anyone. A
complaint about a unit must not move any figure that unit can see, and its score is such a figure;
nor may the existence of a complaint reach the accused by another unit's score: the accused person
may be a leader who reads the scores of the units they supervise (the discipline office
included), or the director. So the complaint's own handling is not scored either: the discipline
office oversees (三（四）), it is not one of the line offices and villages 二（七） assesses. The
accusation itself is never an item: accountability is the discipline office's finding, recorded
on a score, if at all, as the director's adjustment with its reason, which the unit reads.
"""

from datetime import date, timedelta

from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseLink
from cases.selectors import conduct_q
from departments.models import Unit
from mediation.models import CaseClock, FollowUp, ReinvestigationReport, WarningSlip
from stats.rules import scoring as rules
from stats.rules.periods import Period
from stats.selectors.common import WITHDRAWN, days_within, instant, within
from stats.selectors.measures import clock_state_q, follow_ups_counted

UNIT, VILLAGE = rules.UNIT, rules.VILLAGE


def _day(at) -> date:
    return timezone.localdate(at)


def _facts(trigger: str, case_id: int, day: date, *, unit=None, village=None, area_team=None) -> list[rules.Fact]:
    subjects = [(UNIT, unit), (UNIT, area_team), (VILLAGE, village)]
    seen, facts = set(), []
    for kind, pk in subjects:
        if pk is not None and (kind, pk) not in seen:
            seen.add((kind, pk))
            facts.append(rules.Fact(trigger, (kind, pk), case_id, day))
    return facts


def _clock_facts(trigger: str, clock: str, period: Period, today: date) -> list[rules.Fact]:
    rows = (
        CaseClock.objects.filter(days_within("due_on", period), clock_state_q("late", today), clock=clock)
        .exclude(case__status=WITHDRAWN)
        .values_list("case_id", "due_on", "case__routing__lead_unit_id")
    )
    return [f for case_id, due, lead in rows for f in _facts(trigger, case_id, due, unit=lead)]


def _reinvestigation_facts(period: Period, today: date) -> list[rules.Fact]:
    rows = (
        WarningSlip.objects.filter(days_within("reinvestigation_due_on", period), reinvestigation_due_on__lt=today)
        .exclude(case__status=WITHDRAWN)
        .values_list("pk", "reinvestigation_due_on", "case_id", "lead_unit_id")
    )
    slips = list(rows)
    if not slips:
        return []
    # A report in time was filed before Beijing midnight ending the due day.
    late = []
    filed = dict(
        ReinvestigationReport.objects.filter(slip_id__in=[s[0] for s in slips])
        .values("slip_id")
        .annotate(first=Min("filed_at"))
        .values_list("slip_id", "first")
    )
    for pk, due, case_id, lead in slips:
        first = filed.get(pk)
        if first is None or first >= instant(due + timedelta(days=1)):
            late.extend(_facts(rules.REINVESTIGATION_LATE, case_id, due, unit=lead))
    return late


def _reopened_facts(period: Period) -> list[rules.Fact]:
    rows = list(
        CaseEvent.objects.filter(within("at", period), kind="reopened")
        .exclude(case__status=WITHDRAWN)
        .values_list("case_id", "at", "data", "case__routing__lead_unit_id", "case__village_id")
    )
    codes = {(row[2].get("lead_unit") or {}).get("code") for row in rows} - {None}
    ids = dict(Unit.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}
    facts = []
    for case_id, at, data, lead, village in rows:
        code = (data.get("lead_unit") or {}).get("code")
        facts += _facts(rules.REOPENED, case_id, _day(at), unit=ids.get(code, lead), village=village)
    return facts


def _repeat_facts(period: Period) -> list[rules.Fact]:
    answered_before = CaseEvent.objects.filter(
        case_id=OuterRef("earlier_id"), kind="reply_delivered", at__lt=OuterRef("case__received_at")
    )
    rows = (
        CaseLink.objects.filter(state=CaseLink.State.CONFIRMED)
        .filter(within("case__received_at", period))
        .exclude(case__status=WITHDRAWN)
        .filter(Exists(answered_before))
        .values_list("case_id", "case__received_at", "earlier__routing__lead_unit_id", "case__village_id")
    )
    return [
        f
        for case_id, at, lead, village in rows
        for f in _facts(rules.REPEAT_AFTER_REPLY, case_id, _day(at), unit=lead, village=village)
    ]


def _skip_level_facts(period: Period) -> list[rules.Fact]:
    recorded = CaseEvent.objects.filter(case=OuterRef("pk"), kind="escalation_recorded").exclude(
        Q(data__skip_level_to="") | Q(data__skip_level_to=None) | ~Q(data__has_key="skip_level_to")
    )
    first = Subquery(recorded.order_by("at", "pk").values("at")[:1])
    start, end = instant(period.start), instant(period.end)
    rows = (
        Case.objects.filter(skip_level=True, received_at__lt=end)
        .exclude(status=WITHDRAWN)
        .annotate(first_skip=first)
        .filter(Q(first_skip__gte=start, first_skip__lt=end) | Q(first_skip__isnull=True, received_at__gte=start))
        .values_list(
            "pk", "first_skip", "received_at", "routing__lead_unit_id", "village_id", "village__area__liaison_team"
        )
    )
    return [
        f
        for pk, first_at, received, lead, village, team in rows
        for f in _facts(rules.SKIP_LEVEL, pk, _day(first_at or received), unit=lead, village=village, area_team=team)
    ]


def _follow_up_facts(period: Period) -> list[rules.Fact]:
    rows = (
        follow_ups_counted(period)
        .exclude(case__status=WITHDRAWN)
        .values_list(
            "case_id",
            "at",
            "satisfaction",
            "case__routing__lead_unit_id",
            "case__village_id",
            "case__proxy__agent__village_id",
        )
    )
    facts = []
    for case_id, at, satisfaction, lead, village, agent_village in rows:
        day = _day(at)
        if satisfaction == FollowUp.Satisfaction.UNSATISFIED:
            facts += _facts(rules.UNSATISFIED, case_id, day, unit=lead, village=village)
        else:
            if satisfaction == FollowUp.Satisfaction.SATISFIED:
                facts += _facts(rules.SATISFIED, case_id, day, unit=lead, village=village)
            if agent_village is not None:
                facts += _facts(rules.RESOLVED_AT_VILLAGE, case_id, day, village=agent_village)
    return facts


def _without_conduct_complaints(facts: list[rules.Fact]) -> list[rules.Fact]:
    """Drop every fact of a conduct complaint: see the module's docstring."""
    ids = {f.case_id for f in facts}
    if not ids:
        return facts
    conduct = set(Case.objects.filter(conduct_q(), pk__in=ids).values_list("pk", flat=True))
    return [f for f in facts if f.case_id not in conduct]


def scoring_facts(period: Period, *, today: date) -> list[rules.Fact]:
    """Every fact of the period, for every unit and village (``today``: the day open clocks are judged on)."""
    facts = [
        *_clock_facts(rules.FIRST_CONTACT_LATE, "first_contact", period, today),
        *_clock_facts(rules.REPLY_OVERDUE, "reply", period, today),
        *_reinvestigation_facts(period, today),
        *_reopened_facts(period),
        *_repeat_facts(period),
        *_skip_level_facts(period),
        *_follow_up_facts(period),
    ]
    return _without_conduct_complaints(facts)
