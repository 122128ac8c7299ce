"""Days from receipt to the first phone call (一问) and to the answer: average and 90th percentile.

A case counts in the period of its first call (its first answer): calendar days between the Beijing
dates, and working days of the official calendar (the day of receipt not counted, the day of the call
counted; a same-day call is 0), the difference of the two dates' ``WorkingDayNumber`` rows. The
90th percentile is the nearest rank: the smallest value that at least 90 % of the cases reach.
The database counts the cases per group and number of days (one query per measure, for the groups
and the whole at once); the averages and percentiles are read off those counts, exactly.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q

from cases.events import REPLIED_KINDS
from cases.models import CaseEvent
from mediation.models import Contact, WorkingDayNumber
from stats.dimensions import Dimension
from stats.rules.periods import Period
from stats.scope import Scope
from stats.selectors.common import DayNumber, local_date, within

MEASURES = ("contact", "reply")


@dataclass(frozen=True)
class Durations:
    cases: int
    calendar_avg: float
    calendar_p90: int
    working_avg: float
    working_p90: int


def _firsts(measure: str):
    """Each case's first call (first answer): the row with no earlier one of its case."""
    if measure == "contact":
        rows = Contact.objects.filter(kind=Contact.Kind.FIRST_CONTACT)
    else:
        rows = CaseEvent.objects.filter(kind__in=REPLIED_KINDS)
    earlier = rows.filter(case=OuterRef("case")).filter(
        Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk"))
    )
    return rows.exclude(Exists(earlier))


def _base(scope: Scope, period: Period, measure: str, dimension: Dimension):
    """(group, calendar days, Beijing dates) of each case whose first call (answer) is in the period.

    Read from the calls' (events') table joined to the case, so that every day expression stands on
    plain columns; the working days are counted around it (``_SQL``).
    """
    return (
        _firsts(measure)
        .filter(within("at", period), scope.on("case"))
        .annotate(d_from=local_date("case__received_at"), d_to=local_date("at"))
        .annotate(grp=F("case__" + dimension.path), cal=DayNumber(F("d_to")) - DayNumber(F("d_from")))
        .values("grp", "cal", "d_from", "d_to")
        .order_by()
    )


# How many cases took each (calendar days, working days) per group: a few hundred rows whatever the
# cases, from which the averages and the percentiles of every group and of the whole are exact.
_SQL = """
SELECT base.grp, base.cal, until.number - since.number, COUNT(*)
FROM ({inner}) AS base
JOIN {numbers} AS since ON since.date = base.d_from
JOIN {numbers} AS until ON until.date = base.d_to
GROUP BY base.grp, base.cal, until.number - since.number
"""


def _p90(counts: dict[int, int], n: int) -> int:
    """The nearest rank: the smallest value that at least 90 % of the ``n`` cases reach."""
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen * 10 >= n * 9:
            return value
    raise ValueError("no cases")


def _summary(cells: list[tuple[int, int, int]]) -> Durations:
    """``Durations`` of (calendar days, working days, cases) cells."""
    n = sum(count for _cal, _work, count in cells)
    calendar: dict[int, int] = defaultdict(int)
    working: dict[int, int] = defaultdict(int)
    for cal, work, count in cells:
        calendar[cal] += count
        working[work] += count
    return Durations(
        cases=n,
        calendar_avg=sum(cal * count for cal, _work, count in cells) / n,
        calendar_p90=_p90(calendar, n),
        working_avg=sum(work * count for _cal, work, count in cells) / n,
        working_p90=_p90(working, n),
    )


def durations_by(
    scope: Scope, period: Period, measure: str, dimension: Dimension
) -> tuple[dict[object, Durations], Durations | None]:
    """key → ``Durations`` per value of ``dimension``, and the whole (None without cases). One query,
    over the stored working-day numbers (the caller ensures them: ``working_day_numbers_ensure``)."""
    inner, params = _base(scope, period, measure, dimension).query.sql_with_params()
    numbers = connection.ops.quote_name(WorkingDayNumber._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_SQL.format(inner=inner, numbers=numbers), params)  # the ORM's own SQL, its params bound
        found = cursor.fetchall()
    cells: dict[object, list[tuple[int, int, int]]] = defaultdict(list)
    for key, cal, work, count in found:
        cells[key].append((cal, work, count))
    grouped = {key: _summary(group_cells) for key, group_cells in cells.items()}
    whole = _summary([cell for group_cells in cells.values() for cell in group_cells]) if cells else None
    return grouped, whole
