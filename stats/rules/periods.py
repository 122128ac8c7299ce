"""Reporting periods: a month, a quarter, a year or any range of days, as half-open date ranges.

A period is ``[start, end)`` in days of the center's calendar (Beijing time): the caller turns
the two dates into instants at Beijing midnight. Written as a short code in URLs:

- ``2026-11`` a month, ``2026-Q4`` a quarter, ``2026`` a year;
- ``2026-11-03~2026-11-20`` a range of days, both days included.

Plain Python over plain data: no Django, no clock.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

MONTH: Final = "month"
QUARTER: Final = "quarter"
YEAR: Final = "year"
RANGE: Final = "range"

FIRST_YEAR: Final = 2000
LAST_YEAR: Final = 2100
RANGE_MAX_DAYS: Final = 366 * 5
"""A custom range spans at most five years: longer ones are read year by year."""

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})~(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """A period code that names no period; ``code`` says why (for the page's message)."""

    UNKNOWN: Final = "unknown"
    OUT_OF_RANGE: Final = "out_of_range"
    BACKWARDS: Final = "backwards"
    TOO_LONG: Final = "too_long"

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Period:
    kind: str
    start: date
    end: date
    """The first day after the period (half-open)."""

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def code(self) -> str:
        if self.kind == YEAR:
            return f"{self.start.year}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}~{self.last.isoformat()}"

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def month_of(day: date) -> Period:
    return Period(MONTH, date(day.year, day.month, 1), _month_start(day.year, day.month + 1))


def quarter_of(day: date) -> Period:
    first = (day.month - 1) // 3 * 3 + 1
    return Period(QUARTER, date(day.year, first, 1), _month_start(day.year, first + 3))


def year_of(day: date) -> Period:
    return Period(YEAR, date(day.year, 1, 1), date(day.year + 1, 1, 1))


def _year(text: str) -> int:
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(PeriodError.OUT_OF_RANGE)
    return year


def period_parse(code: str) -> Period:
    """The period a code names, or ``PeriodError``."""
    text = (code or "").strip()
    if m := _YEAR.match(text):
        return year_of(date(_year(m[1]), 1, 1))
    if m := _QUARTER.match(text):
        return quarter_of(date(_year(m[1]), int(m[2]) * 3, 1))
    if m := _MONTH.match(text):
        month = int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(PeriodError.UNKNOWN)
        return month_of(date(_year(m[1]), month, 1))
    if m := _RANGE.match(text):
        try:
            first, last = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        except ValueError:
            raise PeriodError(PeriodError.UNKNOWN) from None
        return range_of(first, last)
    raise PeriodError(PeriodError.UNKNOWN)


def range_of(first: date, last: date) -> Period:
    """The days ``first`` to ``last``, both included."""
    _year(str(first.year))
    _year(str(last.year))
    if last < first:
        raise PeriodError(PeriodError.BACKWARDS)
    if (last - first).days >= RANGE_MAX_DAYS:
        raise PeriodError(PeriodError.TOO_LONG)
    return Period(RANGE, first, last + timedelta(days=1))


def months_in(period: Period) -> list[Period]:
    """The calendar months the period touches, in order (each whole)."""
    months = []
    month = month_of(period.start)
    while month.start < period.end:
        months.append(month)
        month = month_of(month.end)
    return months


def trend_window(period: Period) -> Period:
    """The months a trend chart shows: the period's own months, or the twelve ending with a single month."""
    months = months_in(period)
    if len(months) > 1:
        return Period(RANGE, months[0].start, months[-1].end)
    first = _month_start(period.start.year, period.start.month - 11)
    return Period(RANGE, first, months[0].end)


def neighbours(period: Period) -> tuple[Period | None, Period | None]:
    """The period before and after one of the same kind (None for a custom range)."""
    of = {MONTH: month_of, QUARTER: quarter_of, YEAR: year_of}.get(period.kind)
    if of is None:
        return None, None
    before = of(period.start - timedelta(days=1))
    after = of(period.end)
    return (
        before if before.start.year >= FIRST_YEAR else None,
        after if after.start.year <= LAST_YEAR else None,
    )
