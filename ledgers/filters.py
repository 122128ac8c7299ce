"""The ledgers' filters: the all-cases list's (``mediation.workbench.filters``), plus the month, the
village and the case kind a clerk narrows a register by at the end of a month.

A month is the center's month: from midnight of its first day to midnight of the next month's, in
Beijing time, whatever the server's clock.
"""

import datetime
import re

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import BaseFilterAdapter, register_filter_adapter_class

from cases.models import CaseKind
from departments.models import Village
from mediation.workbench.filters import CaseFilterSet

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthField(forms.CharField):
    """``YYYY-MM`` (the browser's month picker); bad input gets a Chinese message, not a 500."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-11", "pattern": r"\d{4}-\d{2}"})

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        found = MONTH.match(value)
        if found is None or not 1 <= int(found[2]) <= 12 or int(found[1]) < 2000:
            raise forms.ValidationError(_("Enter a month as year-month, e.g. 2026-11."), code="invalid")
        return datetime.date(int(found[1]), int(found[2]), 1)


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class MonthFilterAdapter(BaseFilterAdapter):
    """The active filter reads "受理月份: 2026-11", not the first day of the month."""

    def get_active_filters(self):
        for active in super().get_active_filters():
            yield active._replace(value=self.value.strftime("%Y-%m"))


register_filter_adapter_class(MonthFilter, MonthFilterAdapter)


def month_bounds(first: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The month starting on ``first``, as aware datetimes in the center's time zone."""
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    return start, datetime.datetime.combine(following, datetime.time.min, tzinfo=zone)


class LedgerFilterSet(CaseFilterSet):
    month = MonthFilter(label=_("month received"), method="filter_month")
    village = django_filters.ModelChoiceFilter(
        label=_("village"), field_name="village", queryset=Village.objects.order_by("name")
    )
    kind = django_filters.ChoiceFilter(label=_("case kind"), field_name="routing__kind", choices=CaseKind.choices)

    class Meta(CaseFilterSet.Meta):
        fields = []

    def filter_month(self, queryset, name, value):
        if value is None:
            return queryset
        start, end = month_bounds(value)
        return queryset.filter(received_at__gte=start, received_at__lt=end)
