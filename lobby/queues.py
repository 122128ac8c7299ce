"""Reads behind the live staff screens: a unit's queue and the director's whole center.

Every read goes through ``cases.selectors``, which holds THE
visibility rule and its deny (a complaint never reaches the person or unit it is about), so a
live row, a count and a page show exactly the same cases.
"""

import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Case
from cases.permissions import viewer_for
from cases.rules import status as st
from cases.selectors import case_list_for_user
from departments.models import Unit
from departments.selectors import unit_list_for_user
from mediation import selectors as ms
from mediation.calendar import due_soon_cutoff
from mediation.rules import clocks as rules
from mediation.rules.clocks import due_soon_last_day
from mediation.selectors import IN_HAND_STATUSES
from mediation.selectors.todo import open_clocks

PAGE = 50
URGENT = 30


def waiting_q() -> Q:
    """Waiting in the lead unit's shared queue (as ``mediation.selectors.queue_for_unit``)."""
    return Q(routing__queued_at__isnull=False, status__in=st.QUEUE_STATUSES)


def held_q() -> Q:
    """Held by a member (as ``mediation.selectors.in_hand_for_unit``)."""
    return Q(routing__picked_by__isnull=False, status__in=IN_HAND_STATUSES)


def next_due():
    """The earliest due date of the case's open clocks (its reply date while it has no clock).

    Its state is the worst of the case's clocks, as the case page and the to-do lists mark them: a
    first call due tomorrow makes the case due soon even when the reply is two weeks away.
    """
    earliest = open_clocks().filter(case=OuterRef("pk")).order_by("due_on").values("due_on")[:1]
    return Coalesce(Subquery(earliest), F("reply_due_on"))


def with_next_due(cases: list[Case]) -> list[Case]:
    """Set ``next_due`` on listed cases: one query for the whole list."""
    if cases:
        found = dict(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("pk", next_due()))
        for case in cases:
            case.next_due = _as_date(found.get(case.pk, case.reply_due_on))
    return cases


def due_soon_until(today: date) -> date:
    """The last reply date that is "due soon" today: the deadline clocks' rule and setting, not a copy."""
    return due_soon_last_day(due_soon_cutoff(today))


def due_state(due_on: date | None, *, today: date, soon_until: date) -> str:
    """The screens' mark: "overdue", "due_soon" or "" (running), by ``mediation.rules.clocks.clock_state``."""
    if due_on is None:
        return ""
    state = rules.clock_state(due_on, today, soon_until + timedelta(days=1))
    return "" if state == rules.RUNNING else state


@dataclass
class Clock:
    today: date
    soon_until: date

    @classmethod
    def now(cls) -> "Clock":
        today = timezone.localdate()
        return cls(today, due_soon_until(today))

    def state(self, case: Case) -> str:
        due = getattr(case, "next_due", None) or case.reply_due_on
        return due_state(due, today=self.today, soon_until=self.soon_until)


def _counts(qs: QuerySet[Case], clock: Clock, *, by_unit: bool = False):
    open_q = waiting_q() | held_q()
    aggregates = {
        "waiting": Count("pk", filter=waiting_q()),
        "held": Count("pk", filter=held_q()),
        "overdue": Count("pk", filter=open_q & Q(next_due__lt=clock.today)),
        "due_soon": Count("pk", filter=open_q & Q(next_due__gte=clock.today, next_due__lte=clock.soon_until)),
    }
    qs = qs.alias(next_due=next_due())
    if by_unit:
        return qs.values("routing__lead_unit").annotate(**aggregates).order_by()
    return qs.aggregate(**aggregates)


def _may_see_queue(viewer, unit: Unit) -> bool:
    return viewer is not None and (viewer.sees_all or unit.pk in viewer.units())


@dataclass
class QueueLists:
    unit: Unit
    clock: Clock
    waiting: list[Case] = field(default_factory=list)
    held: list[Case] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    more_waiting: bool = False
    more_held: bool = False

    @property
    def ids(self) -> set[int]:
        return {c.pk for c in self.waiting} | {c.pk for c in self.held}


def queue_lists_for_user(user, unit: Unit, *, limit: int = PAGE) -> QueueLists:
    """The unit's queue as the person may see it: the first page of waiting and held cases, counts."""
    clock = Clock.now()
    lists = QueueLists(unit=unit, clock=clock)
    viewer = viewer_for(user)
    if not _may_see_queue(viewer, unit):
        lists.counts = {"waiting": 0, "held": 0, "overdue": 0, "due_soon": 0}
        return lists
    waiting = ms.queue_for_unit(user, unit, limit=limit)
    held = ms.in_hand_for_unit(user, unit, limit=limit)
    lists.waiting, lists.more_waiting = waiting.items, waiting.next_cursor is not None
    lists.held, lists.more_held = held.items, held.next_cursor is not None
    with_next_due([*lists.waiting, *lists.held])
    lists.counts = _counts(case_list_for_user(user, viewer=viewer).filter(routing__lead_unit=unit), clock)
    return lists


class QueueReader:
    """One person's view of one unit's queue, with the visibility query compiled once.

    A live socket receives every change of its unit's queue; building the visibility rule's query
    costs milliseconds of Python each time, running it a fraction of one. So a socket compiles it
    when it opens (``viewer_for`` and ``case_visible_q`` as every page) and runs it per change.
    The socket rebuilds it at its page's heartbeat once it is ``FRESH_SECONDS`` old, and before
    a change once it is ``STALE_SECONDS`` old; a change of role or unit closes the socket anyway.
    """

    FRESH_SECONDS = 30.0
    STALE_SECONDS = 120.0

    def __init__(self, user, unit: Unit) -> None:

        self.built = time.monotonic()
        self.unit_id = unit.pk
        viewer = viewer_for(user)
        self.allowed = _may_see_queue(viewer, unit)
        self.sql, self.params = None, ()
        if self.allowed:
            qs = case_list_for_user(user, viewer=viewer).filter(routing__lead_unit=unit).filter(waiting_q() | held_q())
            try:
                self.sql, self.params = (
                    qs.annotate(next_due=next_due())
                    .values_list("pk", "routing__picked_by_id", "next_due")
                    .query.sql_with_params()
                )
            except EmptyResultSet:  # the rule lets the person see nothing at all
                self.sql = None

    def age(self) -> float:
        return time.monotonic() - self.built

    def state(self, case_id: int, *, clock: "Clock | None" = None, cursor=None) -> dict:
        """Where the case stands for this person ("waiting", "held" or None), the queue's counts,
        and the ids of every case in it the person may see. (A batch passes one clock and cursor.)"""

        if cursor is None:
            with connection.cursor() as own:
                return self.state(case_id, clock=clock, cursor=own)
        if self.sql is None:
            return {
                "region": None,
                "counts": {"waiting": 0, "held": 0, "overdue": 0, "due_soon": 0},
                "ids": frozenset(),
            }
        cursor.execute(self.sql, self.params)
        rows = cursor.fetchall()
        clock = clock or Clock.now()
        counts = {"waiting": 0, "held": 0, "overdue": 0, "due_soon": 0}
        region = None
        ids = []
        for pk, picked_by, due in rows:
            ids.append(pk)
            here = "held" if picked_by else "waiting"
            counts[here] += 1
            state = due_state(_as_date(due), today=clock.today, soon_until=clock.soon_until)
            if state:
                counts[state] += 1
            if pk == case_id:
                region = here
        return {"region": region, "counts": counts, "ids": frozenset(ids)}


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def queue_case(case_id: int) -> Case | None:
    """One case with what a queue row shows (visibility is checked by the caller)."""
    return (
        Case.objects.select_related("routing", "routing__lead_unit", "routing__picked_by", "village")
        .annotate(next_due=next_due())
        .filter(pk=case_id)
        .first()
    )


def case_visible_to(user, case_id: int) -> bool:
    return case_list_for_user(user).filter(pk=case_id).exists()


def case_for_feed(user, case_id: int) -> Case | None:
    """A case the director's feed may name (None if the person may not see it)."""
    return case_list_for_user(user).filter(pk=case_id).select_related("routing__lead_unit").first()


@dataclass
class CenterSummary:
    clock: Clock
    units: list[dict] = field(default_factory=list)
    urgent: list[Case] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)


def center_summary_for_user(user) -> CenterSummary:
    """The whole center for the director: each unit's queue and cases in hand, what falls due."""
    clock = Clock.now()
    summary = CenterSummary(clock=clock)
    viewer = viewer_for(user)
    if viewer is None or not viewer.sees_all:
        return summary
    units = list(unit_list_for_user(user))
    qs = case_list_for_user(user, viewer=viewer).filter(routing__lead_unit__isnull=False)
    rows = {row["routing__lead_unit"]: row for row in _counts(qs, clock, by_unit=True)}
    keys = ("waiting", "held", "due_soon", "overdue")
    empty = dict.fromkeys(keys, 0)
    summary.units = [{"unit": unit, **{k: rows.get(unit.pk, empty)[k] for k in keys}} for unit in units]
    summary.totals = {k: sum(u[k] for u in summary.units) for k in keys}
    summary.urgent = list(
        qs.filter(waiting_q() | held_q())
        .annotate(next_due=next_due())
        .filter(next_due__lte=clock.soon_until)
        .select_related("routing", "routing__lead_unit", "routing__picked_by")
        .order_by("next_due", "received_at")[:URGENT]
    )
    return summary
