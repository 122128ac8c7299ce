"""Asking for a report: which kind, which month or quarter, and which scope the reader may choose."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports.access import Reader
from reports.models import PeriodReport
from reports.services import PERIOD_KIND
from stats.forms import period_message
from stats.rules.periods import PeriodError, period_parse

CENTER = "center"


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=PeriodReport.Kind.choices,
        error_messages={"invalid_choice": _("Choose a monthly or a quarterly report.")},
    )
    period = forms.CharField(
        label=_("Period"), max_length=10, help_text=_("2026-11 for a month, 2026-Q4 for a quarter.")
    )
    scope = forms.ChoiceField(
        label=pgettext_lazy("report", "Scope"),
        error_messages={"invalid_choice": _("You may not ask for a report of this scope.")},
    )

    def __init__(self, *args, reader: Reader, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.units = {str(unit.pk): unit for unit in reader.units()}
        choices = [(CENTER, _("the whole center"))] if reader.whole_center else []
        self.fields["scope"].choices = choices + [(pk, unit.name) for pk, unit in self.units.items()]

    def clean(self):
        cleaned = super().clean()
        kind, code = cleaned.get("kind"), cleaned.get("period")
        if not kind or not code:
            return cleaned
        try:
            period = period_parse(code)
        except PeriodError as error:
            raise forms.ValidationError(period_message(error.code), code=error.code) from None
        if period.kind != PERIOD_KIND[kind]:
            raise forms.ValidationError(
                _("A monthly report is of a month (2026-11), a quarterly report of a quarter (2026-Q4)."),
                code="wrong_period",
            )
        if period.start > self.today:
            raise forms.ValidationError(_("This period has not begun yet."), code="future_period")
        cleaned["chosen"] = period
        scope = cleaned.get("scope")
        cleaned["unit"] = None if scope in (None, CENTER) else self.units[scope]
        return cleaned
