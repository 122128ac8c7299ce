"""The figures month by month over a window of whole months: four GROUP BY queries, whatever the window
(two when the breakdown of the same months counted the received cases and the clocks).

Each month counts as a period of its own (``measures``): a follow-up counts with the case's last
visit in that month, a clock in the month it fell due.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q

from cases.events import CLOSED_KINDS, REPLIED_KINDS
from cases.models import CaseEvent
from mediation.models import CaseClock, FollowUp
from stats.rules import targets
from stats.rules.periods import Period, months_in
from stats.scope import Scope
from stats.selectors.common import LocalMonth, days_within, within
from stats.selectors.measures import RECEIVED_FLAGS, clock_state_q, completed_q


@dataclass
class Month:
    period: Period
    counts: dict[str, int] = field(default_factory=dict)

    def n(self, code: str) -> int:
        return self.counts.get(code, 0)

    @property
    def label(self) -> str:
        return self.period.code

    @property
    def proxy_rate(self):
        return targets.rate(self.n("proxy"), self.n("received"))

    @property
    def completion_rate(self):
        return targets.rate(self.n("completed"), self.n("received") - self.n("withdrawn"))

    @property
    def satisfaction_rate(self):
        rated = self.n("satisfied") + self.n("basically") + self.n("unsatisfied")
        return targets.rate(self.n("satisfied") + self.n("basically"), rated)

    @property
    def on_time_rate(self):
        return targets.rate(self.n("on_time"), self.n("on_time") + self.n("late"))


def _key(value: str) -> tuple[int, int]:
    year, month = value.split("-")
    return int(year), int(month)


def _add(months: dict, rows, *, month_field: str = "m", name_field: str | None = None) -> None:
    for row in rows:
        month = months.get(_key(row.pop(month_field)))
        if month is None:
            continue
        if name_field:
            month.counts[row[name_field]] = month.n(row[name_field]) + row["n"]
            continue
        for code, n in row.items():
            month.counts[code] = month.n(code) + n


def trend(scope: Scope, window: Period, *, today: date, known: dict[str, dict[str, int]] | None = None) -> list[Month]:
    """The figures of each month of ``window``. ``known``: what the received cases and the clocks
    give per month ("YYYY-MM" → counts), already counted over exactly this window by the breakdown
    (``figures_by(..., by_month=True)``); then only the steps and the visits are counted here."""
    months = {(p.start.year, p.start.month): Month(period=p) for p in months_in(window)}
    cases = scope.on("case")
    if known is None:
        _received_and_clocks(scope, window, months, today)
    else:
        _add(months, [{"m": month, **counts} for month, counts in known.items()])
    _steps_and_visits(window, months, cases)
    return list(months.values())


def _received_and_clocks(scope: Scope, window: Period, months: dict, today: date) -> None:
    received = (
        scope.cases.filter(within("received_at", window))
        .annotate(m=LocalMonth(F("received_at")))
        .values("m")
        .annotate(
            received=Count("pk"),
            completed=Count("pk", filter=completed_q()),
            proxy=Count("pk", filter=RECEIVED_FLAGS["proxy"]),
            withdrawn=Count("pk", filter=RECEIVED_FLAGS["withdrawn"]),
        )
        .order_by()
    )
    _add(months, received)
    clocks = (
        CaseClock.objects.filter(days_within("due_on", window), scope.on("case"))
        .annotate(m=LocalMonth(F("due_on"), is_date=True))
        .values("m")
        .annotate(
            on_time=Count("pk", filter=clock_state_q("on_time", today)),
            late=Count("pk", filter=clock_state_q("late", today)),
        )
        .order_by()
    )
    _add(months, clocks)


def _steps_and_visits(window: Period, months: dict, cases: Q) -> None:
    """The steps and the visits of each month; ``cases``: the scope, as a condition on the row's case."""
    events = (
        CaseEvent.objects.filter(within("at", window), cases, kind__in=REPLIED_KINDS + CLOSED_KINDS)
        .annotate(m=LocalMonth(F("at")))
        .values("m")
        .annotate(
            replied=Count("case_id", distinct=True, filter=Q(kind__in=REPLIED_KINDS)),
            closed=Count("case_id", distinct=True, filter=Q(kind__in=CLOSED_KINDS)),
        )
        .order_by()
    )
    _add(months, events)
    later = FollowUp.objects.annotate(m=LocalMonth(F("at"))).filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk")), case=OuterRef("case"), m=OuterRef("m")
    )
    visits = (
        FollowUp.objects.filter(within("at", window), cases)
        .annotate(m=LocalMonth(F("at")))
        .exclude(Exists(later))
        .values("m", "satisfaction")
        .annotate(n=Count("pk"))
        .order_by()
    )
    _add(months, visits, name_field="satisfaction")
