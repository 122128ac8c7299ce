"""The working-day calendar in use: built from the database, and who may change it.

The calendar modules, and who does what:

- ``mediation.rules.calendar``: the pure rules (what a working day is, how periods count, how an
  administrator's lines for a new year are read, when a missing year is announced);
- ``mediation.calendar_source``: the official schedule as the chinesecalendar package has it,
  which migration 0002 copied into the database (tests and benchmarks use it directly);
- this module: the calendar every page, service, sweep and live screen uses, read from
  ``CalendarYear`` / ``CalendarDay``, with the reads about entering a year (who may, who is warned,
  which year is missing) and the cut-off for "due soon";
- ``mediation.services.calendar``: an administrator enters a year (the only write).

The built calendar is kept per process; a version number in the shared cache
tells every process when an administrator changed it.
"""

import threading
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Q

from mediation.models import CalendarDay, CalendarYear
from mediation.rules import calendar as calendar_rules
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


# --- entering a new year: who may, who is warned, which year -------------------------------------


def calendar_admins():
    """Superusers and people who may change the calendar: they enter new years and are warned."""
    perm = Permission.objects.filter(content_type__app_label="mediation", codename="change_calendaryear").first()
    lookup = Q(is_superuser=True)
    if perm is not None:
        lookup |= Q(user_permissions=perm) | Q(groups__permissions=perm)
    return get_user_model().objects.filter(lookup, is_active=True).distinct()


def calendar_missing_year(today: date) -> int | None:
    """The year whose official schedule administrators should enter now (``CALENDAR_WARNING_FROM``), or None."""
    warn_from = tuple(getattr(settings, "CALENDAR_WARNING_FROM", calendar_rules.WARN_FROM_MONTH_DAY))
    known = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return calendar_rules.missing_year_to_warn(today, known, warn_from)


def may_enter_calendar(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("mediation.change_calendaryear")))
