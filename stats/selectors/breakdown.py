"""A period's figures grouped by one dimension: a fixed handful of GROUP BY queries, whatever the rows.

``figures_by(scope, period, dimension, today=...)`` answers a ``Breakdown``: one ``Row`` per value
of the dimension that has anything to count, and the total (the rows add up to it: every case
has one value per dimension). Rates and targets are read off the rows (``Row.rate``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import Count, F, Q

from cases.models import CaseEvent
from mediation.models import CaseClock, Extension
from mediation.services.calendar import working_day_numbers_ensure
from stats.dimensions import Dimension
from stats.rules import targets
from stats.rules.periods import Period
from stats.scope import Scope
from stats.selectors.common import EVENT_FIGURES, LocalMonth, days_within, within
from stats.selectors.durations import Durations, durations_by
from stats.selectors.measures import (
    CLOCK_STATES,
    RECEIVED_FLAGS,
    SATISFACTION,
    clock_state_q,
    completed_q,
    follow_ups_counted,
)

KEY = "key"
MONTH = "m"
MONTHLY_RECEIVED = ("received", "completed", "proxy", "withdrawn")
MONTHLY_CLOCKS = ("on_time", "late")
Monthly = dict[str, dict[str, int]]
"""Month ("YYYY-MM") → the counts the trend reads from received cases and clocks (``trend``'s
``known``): counted with the breakdown when the trend's window is the period itself."""


@dataclass
class Row:
    key: object
    name: str = ""
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    clocks: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    contact: Durations | None = None
    reply: Durations | None = None
    provisional: int = 0
    """How many of the clocks counted fall due on a provisional date (a year whose official schedule
    is not entered yet): their figures may move once it is (``clocks_recompute_provisional``)."""

    def add(self, other: "Row") -> None:
        self.provisional += other.provisional
        for code, n in other.counts.items():
            self.counts[code] += n
        for clock, states in other.clocks.items():
            for state, n in states.items():
                self.clocks[clock][state] += n

    # -- rates ------------------------------------------------------------------------------------

    @property
    def proxy_rate(self) -> Fraction | None:
        return targets.rate(self.counts["proxy"], self.counts["received"])

    @property
    def completion_rate(self) -> Fraction | None:
        return targets.rate(self.counts["completed"], self.counts["received"] - self.counts["withdrawn"])

    @property
    def rated(self) -> int:
        return sum(self.counts[code] for code in SATISFACTION)

    @property
    def satisfaction_rate(self) -> Fraction | None:
        """满意率: satisfied and basically satisfied among the follow-up visits counted."""
        return targets.rate(self.counts["satisfied"] + self.counts["basically"], self.rated)

    def on_time_rate(self, clock: str | None = None) -> Fraction | None:
        """On time among the clocks that fell due and are met or late (``clock`` None: every clock)."""
        states = [self.clocks[clock]] if clock else list(self.clocks.values())
        on_time = sum(s["on_time"] for s in states)
        return targets.rate(on_time, on_time + sum(s["late"] for s in states))


@dataclass
class Breakdown:
    dimension: Dimension
    period: Period
    rows: list[Row]
    total: Row
    clocks: list[str]
    monthly: Monthly | None = None


def _group(path: str, prefix: str = "") -> dict:
    return {KEY: F(prefix + path)}


def _month(monthly: Monthly | None, field: str, *, is_date: bool = False) -> dict:
    """Group by the month too when the trend takes its counts from the breakdown (``Monthly``)."""
    return {} if monthly is None else {MONTH: LocalMonth(F(field), is_date=is_date)}


def _received(scope: Scope, period: Period, dimension: Dimension, rows, monthly: Monthly | None = None) -> None:
    flags = {code: Count("pk", filter=q) for code, q in RECEIVED_FLAGS.items()}
    found = (
        scope.cases.filter(within("received_at", period))
        .values(**_group(dimension.path), **_month(monthly, "received_at"))
        .annotate(received=Count("pk"), completed=Count("pk", filter=completed_q()), **flags)
        .order_by()
    )
    for found_row in found:
        row = rows[found_row.pop(KEY)]
        month = found_row.pop(MONTH, None)
        for code, n in found_row.items():
            row.counts[code] += n
            if monthly is not None and code in MONTHLY_RECEIVED:
                monthly[month][code] += n


def _events(scope: Scope, period: Period, dimension: Dimension, rows) -> None:
    kinds = [kind for group in EVENT_FIGURES.values() for kind in group]
    counted = {code: Count("case_id", distinct=True, filter=Q(kind__in=group)) for code, group in EVENT_FIGURES.items()}
    found = (
        CaseEvent.objects.filter(within("at", period), scope.on("case"), kind__in=kinds)
        .values(**_group(dimension.path, "case__"))
        .annotate(**counted)
        .order_by()
    )
    for found_row in found:
        row = rows[found_row.pop(KEY)]
        for code, n in found_row.items():
            row.counts[code] += n


def _clocks(scope: Scope, period: Period, dimension: Dimension, rows, today: date, monthly=None) -> None:
    states = {state: Count("pk", filter=clock_state_q(state, today)) for state in CLOCK_STATES}
    found = (
        CaseClock.objects.filter(days_within("due_on", period), scope.on("case"))
        .values("clock", **_group(dimension.path, "case__"), **_month(monthly, "due_on", is_date=True))
        .annotate(**states, provisional=Count("pk", filter=Q(provisional=True)))
        .order_by()
    )
    for found_row in found:
        rows[found_row[KEY]].provisional += found_row["provisional"]
        clock = rows[found_row[KEY]].clocks[found_row["clock"]]
        for state in CLOCK_STATES:
            clock[state] += found_row[state]
            if monthly is not None and state in MONTHLY_CLOCKS:
                monthly[found_row[MONTH]][state] += found_row[state]


def _satisfaction(scope: Scope, period: Period, dimension: Dimension, rows) -> None:
    found = (
        follow_ups_counted(period)
        .filter(scope.on("case"))
        .values("satisfaction", **_group(dimension.path, "case__"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for found_row in found:
        rows[found_row[KEY]].counts[found_row["satisfaction"]] += found_row["n"]


def _extensions(scope: Scope, period: Period, dimension: Dimension, rows) -> None:
    approved = Q(decision=Extension.Decision.APPROVED)
    found = (
        Extension.objects.filter(within("requested_at", period), scope.on("case"))
        .values(**_group(dimension.path, "case__"))
        .annotate(
            extension_requested=Count("case_id", distinct=True),
            extension_approved=Count("case_id", distinct=True, filter=approved),
        )
        .order_by()
    )
    for found_row in found:
        row = rows[found_row.pop(KEY)]
        for code, n in found_row.items():
            row.counts[code] += n


def _named(dimension: Dimension, period: Period, rows, total: Row) -> Breakdown:
    for row in rows.values():
        total.add(row)
    names = dimension.names(rows.keys())
    ordered = sorted(rows.values(), key=lambda r: (r.key is None, names.get(r.key, "")))
    for row in ordered:
        row.name = names.get(row.key, "")
    clocks = sorted({clock for row in ordered for clock in row.clocks})
    return Breakdown(dimension=dimension, period=period, rows=ordered, total=total, clocks=clocks)


class _Rows(dict):
    def __missing__(self, key):
        self[key] = Row(key=key)
        return self[key]


def figures_by(scope: Scope, period: Period, dimension: Dimension, *, today: date, by_month: bool = False) -> Breakdown:
    """The period's figures per value of ``dimension``; with ``by_month``, also what the trend of the
    same months reads of received cases and clocks (``Breakdown.monthly``), from the same queries."""
    working_day_numbers_ensure()
    rows = _Rows()
    monthly: Monthly | None = defaultdict(lambda: defaultdict(int)) if by_month else None
    _received(scope, period, dimension, rows, monthly)
    _events(scope, period, dimension, rows)
    _clocks(scope, period, dimension, rows, today, monthly)
    _satisfaction(scope, period, dimension, rows)
    _extensions(scope, period, dimension, rows)
    total = Row(key=None)
    for measure in ("contact", "reply"):
        grouped, whole = durations_by(scope, period, measure, dimension)
        for key, found in grouped.items():
            setattr(rows[key], measure, found)
        setattr(total, measure, whole)
    found = _named(dimension, period, rows, total)
    found.monthly = None if monthly is None else {month: dict(counts) for month, counts in monthly.items()}
    return found


def targets_by(scope: Scope, period: Period, dimension: Dimension, *, today: date) -> Breakdown:
    """Only what the rulebook's targets read (``presentation.verdicts``): the received cases and
    their flags, the clocks and the follow-up visits; no steps, extensions or durations. Each row
    is what ``figures_by`` gives for those figures, and a value with none of them has no row."""
    working_day_numbers_ensure()
    rows = _Rows()
    _received(scope, period, dimension, rows)
    _clocks(scope, period, dimension, rows, today)
    _satisfaction(scope, period, dimension, rows)
    return _named(dimension, period, rows, Row(key=None))


def has_target_figures(row: Row) -> bool:
    """Whether any target can be judged on the row: cases received, clocks due or visits rated.

    Read from the counts, not from which keys exist: reading a rate (``Row.on_time_rate``) adds
    empty entries to the row's defaultdicts, and the page reads the rates before it asks this."""
    clocks_due = any(n for states in row.clocks.values() for n in states.values())
    return bool(row.counts["received"] or clocks_due or row.rated)
