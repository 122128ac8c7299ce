"""The working-day calendar as the rules see it, loaded from the database.

The built calendar is kept per process; a version number in the shared cache
tells every process when an administrator changed it.
"""

import threading
from datetime import date

from django.conf import settings
from django.core.cache import cache

from mediation.models import CalendarDay, CalendarYear
from mediation.rules import clocks as clock_rules
from mediation.rules.calendar import WorkCalendar

VERSION_KEY = "one-window:calendar-version"
_lock = threading.Lock()
_cached: tuple[object, WorkCalendar] | None = None


def _load() -> WorkCalendar:
    holidays, workdays = set(), set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).add(day)
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return WorkCalendar(holidays=frozenset(holidays), adjusted_workdays=frozenset(workdays), known_years=years)


def work_calendar() -> WorkCalendar:
    """The current calendar (rebuilt only after calendar_changed())."""
    global _cached
    version = cache.get(VERSION_KEY, 0)
    current = _cached
    if current is not None and current[0] == version:
        return current[1]
    with _lock:
        calendar = _load()
        _cached = (version, calendar)
    return calendar


def calendar_changed() -> None:
    """Tell every process to rebuild its calendar (call after saving calendar data)."""
    global _cached
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)
    _cached = None


def due_soon_cutoff(today: date, calendar: WorkCalendar | None = None) -> date:
    """The first due date that is not "due soon" today, from ``DEADLINES_DUE_SOON_WORKING_DAYS``.

    The one place that reads the setting: the sweep, the case page, the queue pages and the live
    screens all ask it, and pass the answer to ``mediation.rules.clocks.clock_state``.
    """
    days = getattr(settings, "DEADLINES_DUE_SOON_WORKING_DAYS", clock_rules.DUE_SOON_WORKING_DAYS)
    return clock_rules.state_cutoffs(today, calendar or work_calendar(), days)
