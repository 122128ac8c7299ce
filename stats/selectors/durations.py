"""Days from receipt to the first phone call (一问) and to the answer: average and 90th percentile.

A case counts in the period of its first call (its first answer): calendar days between the Beijing
dates, and working days of the official calendar (the day of receipt not counted, the day of the call
counted; a same-day call is 0), the difference of the two dates' ``WorkingDayNumber`` rows. The
90th percentile is the nearest rank: the smallest value that at least 90 % of the cases reach.
Computed in the database with window functions (one query per measure, grouped or not), never case
by case in Python.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.fields import IntegerField

from cases.models import CaseEvent
from mediation.models import Contact, WorkingDayNumber
from stats.dimensions import Dimension
from stats.rules.periods import Period
from stats.scope import Scope
from stats.selectors.common import REPLIED_KINDS, DayNumber, local_date, within

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


def _base(scope: Scope, period: Period, measure: str, dimension: Dimension | None):
    """(group, calendar days, Beijing dates) of each case whose first call (answer) is in the period.

    Read from the calls' (events') table joined to the case, so that every day expression stands on
    plain columns; the working days are counted around it (``_SQL``).
    """
    group = F("case__" + dimension.path) if dimension else Value(0, output_field=IntegerField())
    return (
        _firsts(measure)
        .filter(within("at", period), case__in=scope.cases.values("pk"))
        .annotate(d_from=local_date("case__received_at"), d_to=local_date("at"))
        .annotate(grp=group, cal=DayNumber(F("d_to")) - DayNumber(F("d_from")))
        .values("grp", "cal", "d_from", "d_to")
        .order_by()
    )


_SQL = """
SELECT grp, COUNT(*), AVG(cal), AVG(work),
       MIN(CASE WHEN rc * 10 >= cnt * 9 THEN cal END),
       MIN(CASE WHEN rw * 10 >= cnt * 9 THEN work END)
FROM (
    SELECT grp, cal, work,
           ROW_NUMBER() OVER (PARTITION BY grp ORDER BY cal) AS rc,
           ROW_NUMBER() OVER (PARTITION BY grp ORDER BY work) AS rw,
           COUNT(*) OVER (PARTITION BY grp) AS cnt
    FROM (
        SELECT base.grp, base.cal, until.number - since.number AS work
        FROM ({inner}) AS base
        JOIN {numbers} AS since ON since.date = base.d_from
        JOIN {numbers} AS until ON until.date = base.d_to
    ) AS counted
) AS ranked
GROUP BY grp
"""


def durations_by(scope: Scope, period: Period, measure: str, dimension: Dimension | None) -> dict:
    """key → ``Durations`` (key None for the whole, when ``dimension`` is None). One query, over the
    stored working-day numbers (the caller ensures them: ``working_day_numbers_ensure``)."""
    inner, params = _base(scope, period, measure, dimension).query.sql_with_params()
    numbers = connection.ops.quote_name(WorkingDayNumber._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_SQL.format(inner=inner, numbers=numbers), params)  # the ORM's own SQL, its params bound
        found = cursor.fetchall()
    return {
        (key if dimension else None): Durations(
            cases=n,
            calendar_avg=float(cal_avg),
            calendar_p90=int(cal_p90),
            working_avg=float(work_avg),
            working_p90=int(work_p90),
        )
        for key, n, cal_avg, work_avg, cal_p90, work_p90 in found
    }
