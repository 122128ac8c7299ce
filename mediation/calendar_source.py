"""The official PRC holiday schedule, read from the ``chinese_calendar`` package (PyPI ``chinesecalendar``).

This module is the one place that knows where the schedule comes from; the rules in
``mediation.rules`` receive it as a plain ``WorkCalendar``. The package covers the years it has
data for (2004 to 2026 in version 1.11) and raises ``NotImplementedError`` for any other year, so
only its data dictionaries are read here, never its date functions. Years it does not cover follow
the provisional rule of ``WorkCalendar``; upgrading the package adds each newly published year.
"""

from datetime import date
from functools import cache

import chinese_calendar

from mediation.rules.calendar import WorkCalendar


def official_calendar_data() -> tuple[frozenset[date], frozenset[date], frozenset[int]]:
    """The public holidays, the adjusted working days (weekend days that work) and the years covered."""
    holidays = frozenset(chinese_calendar.holidays)
    adjusted_workdays = frozenset(d for d in chinese_calendar.workdays if d.weekday() >= 5)
    covered = holidays | frozenset(chinese_calendar.workdays)
    known_years = frozenset(range(min(covered).year, max(covered).year + 1))
    return holidays, adjusted_workdays, known_years


@cache
def official_calendar() -> WorkCalendar:
    """The working-day calendar of the official schedule, built once per process."""
    holidays, adjusted_workdays, known_years = official_calendar_data()
    return WorkCalendar(holidays=holidays, adjusted_workdays=adjusted_workdays, known_years=known_years)


def holiday_names() -> dict[date, str]:
    """The Chinese name of the holiday each public holiday belongs to (e.g. 春节, 国庆节)."""
    chinese = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}
    return {day: chinese.get(name, name) for day, name in chinese_calendar.holidays.items()}
