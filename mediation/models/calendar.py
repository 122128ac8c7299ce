"""The working-day calendar as data: the years whose official schedule is entered, and the days
that differ from the plain week (seeded from chinesecalendar, extended by administrators)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose official holiday schedule (国务院办公厅放假安排) is entered."""

    class Source(models.TextChoices):
        PACKAGE = "chinesecalendar", _("chinesecalendar package")
        ADMIN = "admin", _("entered by an administrator")

    year = models.PositiveIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.ADMIN)
    notice = models.CharField(_("official notice"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the plain week: a public holiday, or an adjusted working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        ADJUSTED_WORKDAY = "adjusted_workday", _("adjusted working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class WorkingDayNumber(models.Model):
    """Each day from 2000 to 2100 with the number of working days from 1 January 2000 through it, under
    the calendar whose digest ``calendar`` holds (``WorkCalendar.fingerprint``).

    The statistics count the working days between two dates in SQL as the difference of their
    numbers (two joins), instead of counting the calendar's days case by case. The rows are derived
    data, rebuilt whenever the calendar in use differs (``working_day_numbers_ensure``).
    """

    date = models.DateField(_("date"), primary_key=True)
    number = models.PositiveIntegerField(_("working days since 2000"))
    calendar = models.CharField(_("calendar digest"), max_length=16)

    class Meta:
        verbose_name = _("working-day number")
        verbose_name_plural = _("working-day numbers")

    def __str__(self) -> str:
        return f"{self.date} {self.number}"
