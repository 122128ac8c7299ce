"""What the figures share: a period's instants in Beijing time, the event kinds, days in SQL."""

from datetime import date, datetime, time

from django.db.models import CharField, Func, IntegerField, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from cases.events import CLOSED_KINDS, REPLIED_KINDS
from cases.rules import status as st
from stats.rules.periods import Period

ROUTED_KINDS = ("routing_confirmed", "routing_overridden", "governance_dispatched")
SIGNED_OUT_KINDS = ("assignment_signed",)
REOPENED_KINDS = ("reopened",)

EVENT_FIGURES = {
    "routed": ROUTED_KINDS,
    "signed_out": SIGNED_OUT_KINDS,
    "replied": REPLIED_KINDS,
    "closed": CLOSED_KINDS,
    "reopened": REOPENED_KINDS,
}
WITHDRAWN = st.WITHDRAWN

# 1970-01-05 was a Monday: day numbers count from it, so ``n % 7`` is the weekday (0 Monday).
_EPOCH_MONDAY = "1970-01-05"


def beijing():
    return timezone.get_default_timezone()


def instant(day: date) -> datetime:
    """Midnight at the start of ``day`` in the center's time (Asia/Shanghai)."""
    return datetime.combine(day, time.min, tzinfo=beijing())


def bounds(period: Period) -> tuple[datetime, datetime]:
    return instant(period.start), instant(period.end)


def within(field: str, period: Period) -> Q:
    start, end = bounds(period)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def days_within(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def _fixed_offset_hours() -> int | None:
    """The center's offset from UTC in whole hours, if it keeps one all year (Beijing: +8 since 1991)."""
    tz = beijing()
    year = timezone.now().year
    offsets = {datetime(y, m, 1, tzinfo=tz).utcoffset() for y in (2000, year) for m in (1, 7)}
    if len(offsets) != 1:
        return None
    seconds = int(next(iter(offsets)).total_seconds())
    return seconds // 3600 if seconds % 3600 == 0 else None


class LocalDate(TruncDate):
    """The Beijing day of an instant, in SQL. On SQLite, where Django converts time zones in a
    Python function called per row, a zone with one fixed offset is shifted by SQLite's own
    ``date(…, '+8 hours')`` (UTC text as Django stores it), tens of times faster."""

    def as_sqlite(self, compiler, connection, **extra):
        hours = _fixed_offset_hours()
        if hours is None:
            return super().as_sqlite(compiler, connection, **extra)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, '{hours:+d} hours')", params


class LocalMonth(Func):
    """The Beijing month of an instant (or the month of a date) as text ``YYYY-MM``, in SQL."""

    output_field = CharField()

    def __init__(self, expression, *, is_date: bool = False):
        super().__init__(expression)
        self.is_date = is_date

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        sql, params = compiler.compile(self.source_expressions[0])
        if self.is_date:
            return f"to_char({sql}, 'YYYY-MM')", params
        return f"to_char(({sql}) AT TIME ZONE %s, 'YYYY-MM')", [*params, beijing().key]

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        hours = _fixed_offset_hours()
        if self.is_date:
            return f"strftime('%%Y-%%m', {sql})", params
        if hours is None:  # Django's own conversion, then the text
            sql, params = compiler.compile(TruncDate(self.source_expressions[0], tzinfo=beijing()))
            return f"strftime('%%Y-%%m', {sql})", params
        return f"strftime('%%Y-%%m', {sql}, '{hours:+d} hours')", params


def local_date(field: str) -> TruncDate:
    """The Beijing day of an instant, in SQL."""
    return LocalDate(field, tzinfo=beijing())


class DayNumber(Func):
    """Days from Monday 1970-01-05 to a date, in SQL: ``n % 7`` is the weekday, 0 on Monday."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL: date - date is an integer
        return super().as_sql(compiler, connection, template=f"((%(expressions)s) - DATE '{_EPOCH_MONDAY}')", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        template = f"CAST(julianday(%(expressions)s) - julianday('{_EPOCH_MONDAY}') AS INTEGER)"
        return super().as_sql(compiler, connection, template=template, **extra)
