"""Reads of the weekly consultation (每周一会商, issue 17): the agenda, the minutes, the weeks skipped.

The agenda is read through the visibility rule like every list: a case the person may not see is
not on it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models import Case as When_
from django.urls import reverse

from cases.models import Case
from cases.permissions import Viewer
from cases.rules import status as st
from cases.selectors import case_list_for_user
from departments.models import Unit, Village
from mediation.calendar import work_calendar
from mediation.models import ConsultationItem, WeeklyConsultation
from mediation.rules import consultation as rules
from mediation.selectors.due import open_clocks
from mediation.selectors.escalation import attendees_in_order, escalated_q

OPEN_STATUSES = frozenset(st.ALL_STATUSES - st.TERMINAL_STATUSES)
GAP_WEEKS = 8
"""How many past weeks the director's overview looks back."""


@dataclass(frozen=True)
class AgendaItem:
    case: Case
    reasons: tuple[str, ...]

    @property
    def labels(self) -> list[str]:
        return [rules.REASON_LABELS[r] for r in self.reasons]


Forum = Unit | Village
"""Who meets: a unit over the cases it leads, or a village (its area's liaison team or area chief)
over the village's cases."""


def forum_q(forum: Forum, prefix: str = "") -> Q:
    """The consultations of the unit or the village."""
    return Q(**{f"{prefix}village": forum}) if isinstance(forum, Village) else Q(**{f"{prefix}unit": forum})


def forum_cases_q(forum: Forum) -> Q:
    """The cases a unit's consultation discusses (those it leads) or a village's (the village's)."""
    return Q(village=forum) if isinstance(forum, Village) else Q(routing__lead_unit=forum)


def last_held(forum: Forum) -> date | None:
    rows = WeeklyConsultation.objects.filter(forum_q(forum)).order_by("-held_on")
    return rows.values_list("held_on", flat=True).first()


def consultation_agenda(user, forum: Forum, *, today: date, viewer: Viewer | None = None) -> list[AgendaItem]:
    """The open cases of the unit (it leads) or of the village, late first, then escalated, new,
    open (one query). Read through the visibility rule: what the person may not see is not on it."""
    since = last_held(forum)
    cases = (
        case_list_for_user(user, viewer=viewer)
        .filter(forum_cases_q(forum), status__in=OPEN_STATUSES)
        .annotate(
            overdue=Exists(open_clocks().filter(case_id=OuterRef("pk"), due_on__lt=today)),
            is_escalated=When_(
                When(escalated_q() | Q(routing__leader_led=True), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .select_related("routing", "village")
        .order_by("routing__assigned_at", "pk")
    )
    items = [
        AgendaItem(
            case,
            rules.agenda_reasons(
                overdue=case.overdue,
                escalated=case.is_escalated,
                assigned_on=case.routing.assigned_at.date() if case.routing.assigned_at else None,
                since=since,
            ),
        )
        for case in cases
    ]
    return sorted(items, key=lambda item: rules.agenda_order(item.reasons))


def consultations_for(forum: Forum, user, *, limit: int = 12) -> QuerySet[WeeklyConsultation]:
    """The past minutes, each with only the cases discussed that ``user`` may see (a village's
    minutes may name a case another reader of the page may not know of)."""
    items = (
        ConsultationItem.objects.filter(case__in=case_list_for_user(user))
        .select_related("case", "action_owner")
        .order_by("pk")
    )
    return (
        WeeklyConsultation.objects.filter(forum_q(forum))
        .select_related("recorded_by")
        .prefetch_related(attendees_in_order(), Prefetch("items", queryset=items))
        .order_by("-week")[:limit]
    )


def working_weeks(*, this_week: date, weeks: int = GAP_WEEKS) -> list[date]:
    """The past ``weeks`` Mondays whose week had a working day on the official calendar."""
    calendar = work_calendar()
    mondays = [this_week - timedelta(weeks=n) for n in range(1, weeks + 1)]
    return [m for m in mondays if any(calendar.is_working_day(m + timedelta(days=d)) for d in range(7))]


@dataclass(frozen=True)
class Gap:
    """A unit or a village, the day it last met, and the past weeks it skipped."""

    forum: Forum
    last_held: date | None
    skipped: list[date]
    last_week_skipped: bool = False

    @property
    def is_village(self) -> bool:
        return isinstance(self.forum, Village)


def _overseen(viewer: Viewer) -> tuple[list[Unit], list[Village]]:
    """The director: every unit and village; a leader: the units they supervise and the villages
    of the area they are chief of."""
    units = Unit.objects.filter(is_active=True).order_by("kind", "name")
    villages = Village.objects.select_related("area").order_by("area__code", "code")
    if not viewer.is_director:
        units = units.filter(pk__in=viewer.supervised)
        villages = villages.filter(area__chief_id=viewer.leader_id) if viewer.leader_id else villages.none()
    return list(units), list(villages)


def _held_weeks(field: str, forums: list, since: date) -> tuple[dict[int, list[date]], dict[int, date]]:
    """For each unit (``field`` "unit") or village: the weeks met since ``since``, and the last day met."""
    held: dict[int, list[date]] = {}
    rows = WeeklyConsultation.objects.filter(**{f"{field}__in": forums, "week__gte": since})
    for pk, week in rows.values_list(f"{field}_id", "week"):
        held.setdefault(pk, []).append(week)
    last = dict(
        WeeklyConsultation.objects.filter(**{f"{field}__in": forums})
        .order_by()
        .values(f"{field}_id")
        .annotate(last=Max("held_on"))
        .values_list(f"{field}_id", "last")
    )
    return held, last


def consultation_gaps(viewer: Viewer, *, today: date) -> list[Gap]:
    """Each unit and village the person oversees (``_overseen``), with the past weeks it held no
    consultation; those that skipped last week first, then by weeks skipped, units before villages.
    Six queries."""
    units, villages = _overseen(viewer)
    this_week = rules.week_start(today)
    weeks = working_weeks(this_week=this_week)
    since = min(weeks, default=this_week)
    last_week = this_week - timedelta(weeks=1)
    gaps = []
    for field, forums in (("unit", units), ("village", villages)):
        if not forums:
            continue
        held, last = _held_weeks(field, forums, since)
        for f in forums:
            skipped = rules.weeks_skipped(held.get(f.pk, []), working_weeks=weeks, this_week=this_week)
            gaps.append(Gap(f, last.get(f.pk), skipped, last_week_skipped=last_week in skipped))
    return sorted(gaps, key=lambda g: (not g.last_week_skipped, -len(g.skipped), g.is_village))


def open_actions_for(user) -> QuerySet[ConsultationItem]:
    """The consultation actions the person owns and has not done, on cases they may see."""
    return (
        ConsultationItem.objects.filter(action_owner=user, action_done_at__isnull=True)
        .exclude(action="")
        .filter(case__in=case_list_for_user(user))
        .select_related("case", "consultation__unit", "consultation__village")
        .order_by("action_due", "pk")
    )


@dataclass(frozen=True)
class OwnForum:
    name: str
    url: str


def own_forums(viewer: Viewer) -> list[OwnForum]:
    """The consultations the person takes part in: their units', and the villages of the areas
    whose liaison team they belong to or whose chief they are. Two queries."""

    units = list(Unit.objects.filter(pk__in=viewer.units(), is_active=True).order_by("kind", "name"))
    areas = Q(area__in=[u.area_id for u in units if u.kind == Unit.Kind.LIAISON_TEAM and u.area_id])
    if viewer.leader_id is not None:
        areas |= Q(area__chief_id=viewer.leader_id)
    villages = Village.objects.filter(areas).order_by("area__code", "code")
    return [OwnForum(u.name, reverse("mediation:unit-consultation", args=[u.code])) for u in units] + [
        OwnForum(v.name, reverse("mediation:village-consultation", args=[v.code])) for v in villages
    ]


def consultation_items_for(case: Case) -> list[ConsultationItem]:
    """The decisions taken on the case at weekly consultations, oldest first (one query)."""
    return list(
        case.consultation_items.select_related("consultation__unit", "consultation__village", "action_owner").order_by(
            "consultation__held_on", "pk"
        )
    )
