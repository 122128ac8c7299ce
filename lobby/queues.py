"""Reads behind the live staff screens: a unit's queue and the director's whole center.

Every read goes through ``cases.selectors``, which holds THE
visibility rule and its deny (a complaint never reaches the person or unit it is about), so a
live row, a count and a page show exactly the same cases.
"""

import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
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

PAGE = 50
URGENT = 30


def waiting_q() -> Q:
    """Waiting in the lead unit's shared queue (as ``mediation.selectors.queue_for_unit``)."""
    return Q(routing__queued_at__isnull=False, status__in=st.QUEUE_STATUSES)


def held_q() -> Q:
    """Held by a member (as ``mediation.selectors.in_hand_for_unit``)."""
    return Q(routing__picked_by__isnull=False, status__in=IN_HAND_STATUSES)


def next_due():
    """The case's next due date: the earliest due date of its open clocks, its reply date while it
    has none (``mediation.selectors.due.case_next_due``), as stored on its routing.

    Its state is the worst of the case's clocks, as the case page and the to-do lists mark them: a
    first call due tomorrow makes the case due soon even when the reply is two weeks away.
    """
    return F("routing__next_due_on")


def with_next_due(cases: list[Case]) -> list[Case]:
    """Set ``next_due`` on listed cases (read with their routing: no query)."""
    for case in cases:
        routing = getattr(case, "routing", None)
        case.next_due = _as_date(getattr(routing, "next_due_on", None) or case.reply_due_on)
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


COUNT_CAP = 1000
"""A count stops here: a screen shows "1000+" rather than count a district's million cases."""

COUNTS = ("waiting", "held", "overdue", "due_soon")


class AtLeast(int):
    """A count that reached ``COUNT_CAP``: there are at least this many ("1000+")."""

    def __str__(self) -> str:
        return f"{int(self)}+"


def _bounded(n: int) -> int:
    return AtLeast(COUNT_CAP) if n > COUNT_CAP else n


def _count_queries(qs: QuerySet[Case], clock: Clock) -> dict[str, QuerySet[Case]]:
    """The four counts of a screen as queries over ``qs`` (cases the person may see, one unit's or all).

    Overdue and due soon read the partial index ``routing_open_due`` (lead unit, next due date);
    waiting and held the queue's own indexes.
    """
    open_cases = qs.filter(Q(routing__queued_at__isnull=False) | Q(routing__picked_by__isnull=False)).filter(
        waiting_q() | held_q()
    )
    # Each in the order of its index, so that the planner walks the index and stops at the cap
    # (unordered, it may merge-join the whole queue by id before finding the first due-soon case).
    due = ("routing__next_due_on", "routing__case_id")
    return {
        "waiting": qs.filter(waiting_q()).order_by("routing__queued_at", "routing__case_id"),
        "held": qs.filter(held_q()).order_by("routing__picked_at", "routing__case_id"),
        "overdue": open_cases.filter(routing__next_due_on__lt=clock.today).order_by(*due),
        "due_soon": open_cases.filter(
            routing__next_due_on__gte=clock.today, routing__next_due_on__lte=clock.soon_until
        ).order_by(*due),
    }


def _bounded_sql(queries: list[QuerySet]) -> tuple[str, list]:
    """One statement counting each query up to ``COUNT_CAP`` + 1 rows (so never a whole queue)."""
    parts, params = [], []
    for qs in queries:
        try:
            sql, found = qs.values("pk")[: COUNT_CAP + 1].query.sql_with_params()
        except EmptyResultSet:  # the rule lets the person see none of these
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) bounded)")  # noqa: S608 (SQL compiled by the ORM, values as parameters)
        params.extend(found)
    return "SELECT " + ", ".join(parts), params


# The visibility rule's ORs and NOT INs make PostgreSQL guess that few rows pass it, so for a
# count that stops at the cap it prefers hashing the whole queue (seconds at a million cases, and
# JIT compiling the plan) to walking the index and stopping (milliseconds). For this one statement
# it walks the index: the settings are local to the transaction and reset right after.
WALK_INDEX = (
    "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; "
    "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off"
)
WALK_INDEX_RESET = "RESET jit; RESET max_parallel_workers_per_gather; RESET enable_hashjoin; RESET enable_mergejoin"


def run_walking_index(cursor, sql: str, params: list) -> tuple:
    """Run a bounded statement (the counts) and return its one row, walking indexes on PostgreSQL."""
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return cursor.fetchone()
    with transaction.atomic():
        cursor.execute(WALK_INDEX)
        try:
            cursor.execute(sql, params)
            return cursor.fetchone()
        finally:
            cursor.execute(WALK_INDEX_RESET)


def _run_counts(sql: str, params: list, cursor=None) -> list[int]:
    if cursor is None:
        with connection.cursor() as own:
            return _run_counts(sql, params, own)
    return [_bounded(n) for n in run_walking_index(cursor, sql, params)]


def _counts(qs: QuerySet[Case], clock: Clock) -> dict[str, int]:
    """The screen's counts over ``qs``, each bounded by ``COUNT_CAP``: one query."""
    queries = _count_queries(qs, clock)
    return dict(zip(COUNTS, _run_counts(*_bounded_sql([queries[k] for k in COUNTS])), strict=True))


def _counts_by_unit(qs: QuerySet[Case], clock: Clock, units: list[Unit]) -> dict[int, dict[str, int]]:
    """The counts of each unit's cases in ``qs``, each bounded: one query for the whole center."""
    if not units:
        return {}
    queries = []
    for unit in units:
        found = _count_queries(qs.filter(routing__lead_unit=unit), clock)
        queries.extend(found[k] for k in COUNTS)
    values = _run_counts(*_bounded_sql(queries))
    width = len(COUNTS)
    return {
        unit.pk: dict(zip(COUNTS, values[i * width : (i + 1) * width], strict=True)) for i, unit in enumerate(units)
    }


def _total(values) -> int:
    values = list(values)
    total = sum(int(v) for v in values)
    return AtLeast(total) if any(isinstance(v, AtLeast) for v in values) else total


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

    A change is read by the case's key, never by re-reading the queue: one statement says where
    that one case stands for the person, whether they may see it at all, and the queue's counts
    (each bounded by ``COUNT_CAP``), whatever the size of the queue.
    """

    FRESH_SECONDS = 30.0
    STALE_SECONDS = 120.0

    def __init__(self, user, unit: Unit) -> None:
        self.built = time.monotonic()
        self.unit_id = unit.pk
        viewer = viewer_for(user)
        self.allowed = _may_see_queue(viewer, unit)
        self.sql, self.params = None, []
        if self.allowed:
            visible = case_list_for_user(user, viewer=viewer)
            here = visible.filter(routing__lead_unit=unit)
            counts = _count_queries(here, Clock.now())
            try:
                case_sql, case_params = (
                    here.filter(waiting_q() | held_q())
                    .order_by()
                    .values(q_case=F("pk"), q_holder=F("routing__picked_by_id"))
                    .query.sql_with_params()
                )
                seen_sql, seen_params = visible.order_by().values(q_case=F("pk")).query.sql_with_params()
            except EmptyResultSet:  # the rule lets the person see nothing at all
                return
            counts_sql, counts_params = _bounded_sql([counts[k] for k in COUNTS])
            # The case's own row is found through the primary key (the planner pushes the outer
            # condition into the visibility query); the counts stop at the cap.
            self.sql = (
                f"{counts_sql}, (SELECT CASE WHEN one_case_here.q_holder IS NULL THEN 'waiting' ELSE 'held' END"  # noqa: S608 (SQL compiled by the ORM, values as parameters)
                f" FROM ({case_sql}) one_case_here WHERE one_case_here.q_case = %s LIMIT 1),"
                f" (SELECT COUNT(*) FROM ({seen_sql}) one_case WHERE one_case.q_case = %s)"
            )
            self.params = [*counts_params, *case_params, None, *seen_params, None]
            self.case_slots = [len(counts_params) + len(case_params), len(self.params) - 1]

    def age(self) -> float:
        return time.monotonic() - self.built

    def state(self, case_id: int, *, clock: "Clock | None" = None, cursor=None) -> dict:
        """Where the case stands for this person (region "waiting", "held" or None; ``visible``:
        whether they may see it at all) and the queue's counts. (A batch passes one cursor.)

        The counts are today's when the reader was built: the socket rebuilds it within
        ``FRESH_SECONDS`` of its page's heartbeat, so they follow the date within a minute."""
        if cursor is None:
            with connection.cursor() as own:
                return self.state(case_id, clock=clock, cursor=own)
        if self.sql is None:
            return {"region": None, "visible": False, "counts": dict.fromkeys(COUNTS, 0)}
        params = list(self.params)
        for slot in self.case_slots:
            params[slot] = case_id
        row = run_walking_index(cursor, self.sql, params)
        counts = dict(zip(COUNTS, (_bounded(n) for n in row[: len(COUNTS)]), strict=True))
        region, seen = row[len(COUNTS) :]
        return {"region": region, "visible": bool(seen), "counts": counts}


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
    rows = _counts_by_unit(qs, clock, units)
    empty = dict.fromkeys(COUNTS, 0)
    summary.units = [{"unit": unit, **{k: rows.get(unit.pk, empty)[k] for k in COUNTS}} for unit in units]
    summary.totals = {k: _total(u[k] for u in summary.units) for k in COUNTS}
    # What falls due first across the center, read in the order of the index ``routing_due``.
    summary.urgent = list(
        qs.filter(Q(routing__queued_at__isnull=False) | Q(routing__picked_by__isnull=False))
        .filter(waiting_q() | held_q())
        .annotate(next_due=next_due())
        .filter(routing__next_due_on__lte=clock.soon_until)
        .select_related("routing", "routing__lead_unit", "routing__picked_by")
        .order_by("routing__next_due_on", "routing__case_id")[:URGENT]
    )
    return summary
