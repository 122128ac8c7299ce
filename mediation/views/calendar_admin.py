"""The Wagtail admin screen where an administrator enters a new year's official holiday schedule."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.errors import ActionRefused
from mediation.calendar import calendar_missing_year, may_enter_calendar
from mediation.models import CalendarDay, CalendarYear
from mediation.rules import calendar as rules
from mediation.services.calendar import calendar_year_enter

EXAMPLE = "2027-01-01 holiday 元旦\n2027-02-06 holiday 春节\n2027-02-20 workday 春节调休上班"


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    notice = forms.CharField(
        label=gettext_lazy("Official notice"),
        max_length=200,
        help_text=gettext_lazy("The name of the State Council General Office's notice on the year's holidays."),
    )
    days = forms.CharField(
        label=gettext_lazy("Holidays and adjusted working days"),
        widget=forms.Textarea(attrs={"rows": 16, "placeholder": EXAMPLE}),
        help_text=gettext_lazy(
            "One day per line: the date, then holiday (or 休) or workday (or 班, a weekend day worked), then the "
            "holiday's name. Only days that differ from the plain week."
        ),
    )

    def clean(self):
        data = super().clean()
        if "year" in data and "days" in data:
            try:
                data["schedule"] = rules.parse_schedule(data["year"], data["days"])
            except rules.ScheduleError as error:
                for problem in error.problems:
                    self.add_error("days", problem)
        return data


def calendar_enter(request):
    """Show the entered years and take a new year's schedule; on save every provisional deadline is recomputed."""
    if not may_enter_calendar(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"year": today.year + 1}
    form = CalendarYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = calendar_year_enter(
                actor=request.user, year=data["year"], notice=data["notice"], days=data["schedule"]
            )
        except ActionRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The schedule for %(year)s is saved; %(count)s deadlines were recomputed.")
                % {"year": data["year"], "count": changed},
            )
            return redirect("mediation_calendar_enter")
    years = list(CalendarYear.objects.order_by("-year")[:6])
    counts = {}
    for year in years:
        counts[year.year] = CalendarDay.objects.filter(date__year=year.year).count()
    return render(
        request,
        "mediation/admin/calendar_enter.html",
        {
            "form": form,
            "years": [(y, counts[y.year]) for y in years],
            "missing": calendar_missing_year(today),
            "page_title": _("Official working-day calendar"),
            "header_title": _("Official working-day calendar"),  # the browser tab's title
            "header_icon": "date",
        },
    )
