"""Working days of the official PRC calendar, and how deadlines count them.

Which days are working days:

- In a year whose official schedule is known (``known_years``), a working day is a Monday to
  Friday that is not a public holiday, or a weekend day made a working day (调休, an adjusted
  working day).
- In any other year the schedule is not published yet, so the calendar is provisional: Monday to
  Friday except 1 January (元旦 is the only holiday whose date is fixed in advance). Deadlines
  computed across such a year must be shown as provisional and recomputed once it is published.

How deadlines count (the period rules of the Civil Procedure Law, followed by administrative practice):

- The day of receipt is not counted; a period starts on the following day.
- A period of working days ends on the n-th working day after the start.
- A period of calendar days ends n days after the start; if that last day is a rest day, the period
  ends on the first working day after it.

Counting is O(1) inside a window of precomputed days (2000 to 2100) and falls back to a
day-by-day loop outside it.

A new year's official schedule is entered by an administrator as lines ``2027-01-01 holiday 元旦``
(``parse_schedule``); from 1 November a missing schedule for the next year is announced
(``missing_year_to_warn``).

Plain Python over plain data: no Django, no clock. Where the days come from is not known here:
``mediation.calendar_source`` reads the official schedule from the chinesecalendar package, and
``mediation.calendar`` builds the calendar in use from the database.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Final

WINDOW_FIRST = date(2000, 1, 1)
WINDOW_LAST = date(2100, 12, 31)

_BASE = WINDOW_FIRST.toordinal()
_SPAN = WINDOW_LAST.toordinal() - _BASE + 1
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True, repr=False)
class WorkCalendar:
    """The working days of the official calendar: public holidays, adjusted working days, known years.

    The lookup tables are built on first use, once per instance, and are not part of equality.
    """

    holidays: frozenset[date]
    adjusted_workdays: frozenset[date]
    known_years: frozenset[int]
    # Lookup tables over the window, indexed by ``ordinal - _BASE`` and built lazily by ``_build``:
    # whether the day works; the index in ``_work_dates`` of the last working day on or before it;
    # all working days in order; the first working day on or after it (the list stops at the
    # window's last working day, so that an IndexError means "past the window").
    _is_work: list[bool] | None = field(init=False, default=None, compare=False)
    _last: list[int] | None = field(init=False, default=None, compare=False)
    _work_dates: list[date] | None = field(init=False, default=None, compare=False)
    _on_or_after: list[date] | None = field(init=False, default=None, compare=False)
    _fingerprint: str | None = field(init=False, default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "adjusted_workdays", frozenset(self.adjusted_workdays))
        object.__setattr__(self, "known_years", frozenset(self.known_years))

    def __repr__(self) -> str:
        years = f"{min(self.known_years)}..{max(self.known_years)}" if self.known_years else "none"
        return (
            f"WorkCalendar(known_years={years}, holidays={len(self.holidays)}, "
            f"adjusted_workdays={len(self.adjusted_workdays)})"
        )

    # -- which days work --------------------------------------------------------------------------

    def is_provisional(self, d: date) -> bool:
        """Whether ``d`` falls in a year whose official schedule is not known."""
        return d.year not in self.known_years

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day (see the module docstring for the rule)."""
        o = d.toordinal() - _BASE
        if 0 <= o < _SPAN:
            return self._tables()[0][o]
        return self._rule(d)

    def _rule(self, d: date) -> bool:
        """The working-day rule itself, without tables."""
        if d.year in self.known_years:
            return (d.weekday() < 5 and d not in self.holidays) or d in self.adjusted_workdays
        return d.weekday() < 5 and not (d.month == 1 and d.day == 1)

    # -- counting ---------------------------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after ``start`` (the day of receipt is not counted).

        ``n == 0`` gives ``start`` itself if it is a working day, else the next working day.
        """
        # The hot path: two list lookups. An IndexError means the answer lies past the window;
        # a TypeError means the tables are not built yet.
        if n > 0:
            o = start.toordinal() - _BASE
            if o >= 0:
                try:
                    return self._work_dates[self._last[o] + n]
                except IndexError:
                    pass
                except TypeError:
                    if self._last is not None:
                        raise
                    self._build()
                    return self.add_working_days(start, n)
            return self._add_working_days_slow(start, n)
        if n == 0:
            return self._on_or_after_day(start)
        raise ValueError(f"n must be >= 0, got {n}")

    def add_calendar_days(self, start: date, n: int) -> date:
        """``start + n`` days (the day of receipt not counted); a rest day at the end moves to the next working day."""
        if n >= 0:
            o = start.toordinal() + n - _BASE
            if o >= 0:
                try:
                    return self._on_or_after[o]
                except IndexError:
                    pass
                except TypeError:
                    if self._on_or_after is not None:
                        raise
                    self._build()
                    return self.add_calendar_days(start, n)
            return self._on_or_after_day(start + timedelta(days=n))
        raise ValueError(f"n must be >= 0, got {n}")

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days ``d`` satisfy ``start < d <= end`` (0 if ``end <= start``)."""
        if end <= start:
            return 0
        s = start.toordinal() - _BASE
        e = end.toordinal() - _BASE
        if s >= 0 and e < _SPAN:
            last = self._tables()[1]
            return last[e] - last[s]
        count = 0
        d = start + _ONE_DAY
        while d <= end:
            count += self.is_working_day(d)
            d += _ONE_DAY
        return count

    def day_numbers(self) -> Iterator[tuple[date, int]]:
        """Each day of the window with the number of working days from the window's first day through
        it: the working days ``d`` with ``start < d <= end`` are ``number(end) - number(start)``."""
        return ((date.fromordinal(_BASE + o), index + 1) for o, index in enumerate(self._tables()[1]))

    def fingerprint(self) -> str:
        """A short digest of the days and years that make this calendar (equal calendars, equal digests)."""
        if self._fingerprint is None:
            text = "|".join(
                [",".join(sorted(map(str, days))) for days in (self.holidays, self.adjusted_workdays, self.known_years)]
            )
            object.__setattr__(self, "_fingerprint", hashlib.sha256(text.encode()).hexdigest()[:16])
        return self._fingerprint  # type: ignore[return-value]

    def provisional_in(self, start: date, end: date) -> bool:
        """Whether any day in ``(start, end]`` falls in a year whose schedule is not known."""
        if end <= start:
            return False
        first = start + _ONE_DAY
        return any(year not in self.known_years for year in range(first.year, end.year + 1))

    # -- internals --------------------------------------------------------------------------------

    def _on_or_after_day(self, d: date) -> date:
        """``d`` if it is a working day, else the first working day after it."""
        o = d.toordinal() - _BASE
        on_or_after = self._tables()[3]
        if 0 <= o < len(on_or_after):
            return on_or_after[o]
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def _add_working_days_slow(self, start: date, n: int) -> date:
        """Day by day: the n-th working day strictly after ``start`` (n >= 1)."""
        d = start
        while n:
            d += _ONE_DAY
            n -= self.is_working_day(d)
        return d

    def _tables(self) -> tuple[list[bool], list[int], list[date], list[date]]:
        """The lookup tables, built on first use."""
        if self._on_or_after is None:
            self._build()
        return self._is_work, self._last, self._work_dates, self._on_or_after  # type: ignore[return-value]

    def _build(self) -> None:
        """Precompute the lookup tables over the window (about 37,000 days)."""
        is_work = [self._rule(date.fromordinal(_BASE + o)) for o in range(_SPAN)]
        work_dates = [date.fromordinal(_BASE + o) for o, works in enumerate(is_work) if works]
        last: list[int] = []
        index = -1
        for works in is_work:
            index += works
            last.append(index)
        # The first working day on or after each day, up to the window's last working day.
        stop = len(is_work) - is_work[::-1].index(True)
        on_or_after = [work_dates[index + 1 - works] for index, works in zip(last[:stop], is_work[:stop], strict=True)]
        # Set ``_on_or_after`` last: ``_tables`` takes it as the sign that all tables are there.
        object.__setattr__(self, "_is_work", is_work)
        object.__setattr__(self, "_last", last)
        object.__setattr__(self, "_work_dates", work_dates)
        object.__setattr__(self, "_on_or_after", on_or_after)


@cache
def empty_calendar() -> WorkCalendar:
    """A calendar with no known year: every day follows the provisional rule."""
    return WorkCalendar(holidays=frozenset(), adjusted_workdays=frozenset(), known_years=frozenset())


# --- a new calendar year -------------------------------------------------------------------------

DAY_KINDS: Final = {
    "holiday": "holiday",
    "假": "holiday",
    "休": "holiday",
    "放假": "holiday",
    "workday": "adjusted_workday",
    "adjusted_workday": "adjusted_workday",
    "班": "adjusted_workday",
    "上班": "adjusted_workday",
}


@dataclass(frozen=True, slots=True)
class ScheduleDay:
    day: date
    kind: str
    name: str


class ScheduleError(ValueError):
    """Lines that cannot be read; ``problems`` are Chinese messages naming the line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def parse_schedule(year: int, text: str) -> list[ScheduleDay]:
    """Read ``YYYY-MM-DD kind name`` lines (kind: holiday/休 or workday/班); every problem is reported."""
    days: list[ScheduleDay] = []
    problems: list[str] = []
    seen: dict[date, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 2:
            problems.append(f"第{number}行：应写为“日期 类型 名称”，如“{year}-01-01 holiday 元旦”")
            continue
        try:
            day = date.fromisoformat(parts[0])
        except ValueError:
            problems.append(f"第{number}行：日期“{parts[0]}”无法识别，应写为 {year}-01-01 的格式")
            continue
        kind = DAY_KINDS.get(parts[1].lower())
        if kind is None:
            problems.append(f"第{number}行：类型“{parts[1]}”无法识别，应为 holiday（放假）或 workday（调休上班）")
            continue
        if day.year != year:
            problems.append(f"第{number}行：日期 {day.isoformat()} 不在 {year} 年内")
            continue
        if day in seen:
            problems.append(f"第{number}行：日期 {day.isoformat()} 与第{seen[day]}行重复")
            continue
        if kind == "adjusted_workday" and day.weekday() < 5:
            problems.append(f"第{number}行：{day.isoformat()} 本是工作日，不能作为调休上班日")
            continue
        seen[day] = number
        days.append(ScheduleDay(day, kind, parts[2].strip()[:40] if len(parts) > 2 else ""))
    if not problems and not any(d.kind == "holiday" for d in days):
        problems.append("至少应有一个放假日（如元旦）")
    if problems:
        raise ScheduleError(problems)
    return days


# --- the advance warning -------------------------------------------------------------------------

WARN_FROM_MONTH_DAY: Final = (11, 1)
"""From this day of a year on, a missing schedule for the next year is announced to administrators."""


def missing_year_to_warn(today: date, known_years: frozenset[int], warn_from: tuple[int, int] = WARN_FROM_MONTH_DAY):
    """The year to announce: this year if its schedule is missing, else the next year if the warning
    period has begun and its schedule is missing; else None."""
    if today.year not in known_years:
        return today.year
    if (today.month, today.day) < warn_from:
        return None
    nxt = today.year + 1
    return None if nxt in known_years else nxt
