"""An administrator enters a new year's official schedule; the provisional clocks are recomputed.

The schedule's lines are read by ``mediation.rules.calendar.parse_schedule``; the calendar in use
is ``mediation.calendar`` (told here that it changed).
"""

from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict, NotAllowed
from mediation.calendar import calendar_changed, may_enter_calendar, work_calendar
from mediation.models import CalendarDay, CalendarYear, WorkingDayNumber
from mediation.rules.calendar import WINDOW_LAST, ScheduleDay
from mediation.services.clocks import clocks_recompute_provisional
from mediation.services.common import now_or


@transaction.atomic
def calendar_year_enter(*, actor, year: int, notice: str, days: list[ScheduleDay], now: datetime | None = None) -> int:
    """Store a year's official schedule (replacing one entered by an administrator) and recompute.

    Returns how many clocks changed their due date.
    """
    now = now_or(now)
    if not may_enter_calendar(actor):
        raise NotAllowed(_("Only an administrator may enter the official calendar."), code="role_not_allowed")
    notice = (notice or "").strip()
    if not notice:
        raise ActionRefused(_("Give the name of the official notice."), code="notice_required")
    existing = CalendarYear.objects.filter(year=year).first()
    if existing is not None and existing.source == CalendarYear.Source.PACKAGE:
        raise Conflict(
            _("This year's schedule comes from the official data and cannot be replaced here."), code="official_data"
        )
    CalendarYear.objects.update_or_create(
        year=year, defaults={"source": CalendarYear.Source.ADMIN, "notice": notice[:200]}
    )
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create([CalendarDay(date=d.day, kind=d.kind, name=d.name) for d in days])
    calendar_changed()
    return len(clocks_recompute_provisional(now=now))


def working_day_numbers_ensure() -> None:
    """Make the stored working-day numbers those of the calendar in use: one indexed read when they
    are (the window's last day carries the calendar's digest), a rebuild of about 37,000 rows when
    they are not (a new year entered, a flushed database; migration 0017 fills them). Once checked,
    the shared cache remembers the digest for an hour. Two processes rebuilding at once write the
    same rows, and the second one's are skipped."""
    calendar = work_calendar()
    digest = calendar.fingerprint()
    key = f"one-window:working-day-numbers:{digest}"
    if cache.get(key):
        return
    if WorkingDayNumber.objects.filter(date=WINDOW_LAST, calendar=digest).exists():
        cache.set(key, True, timeout=3600)
        return
    _working_day_numbers_store(calendar, digest)
    transaction.on_commit(lambda: cache.set(key, True, timeout=3600))


@transaction.atomic
def _working_day_numbers_store(calendar, digest: str) -> None:
    WorkingDayNumber.objects.exclude(calendar=digest).delete()
    WorkingDayNumber.objects.bulk_create(
        [WorkingDayNumber(date=day, number=n, calendar=digest) for day, n in calendar.day_numbers()],
        batch_size=5000,
        ignore_conflicts=True,
    )
