"""The statistics page's choices: which period (a code, or two days) and by what to break it down."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from stats.dimensions import BY_CODE, DEFAULT, DIMENSIONS
from stats.rules.periods import LAST_YEAR, Period, PeriodError, month_of, period_parse, range_of

PERIOD_MESSAGES = {
    PeriodError.UNKNOWN: _("Write the period as 2026-11 (a month), 2026-Q4 (a quarter) or 2026 (a year)."),
    PeriodError.OUT_OF_RANGE: _("Statistics cover the years 2000 to %(last)d."),
    PeriodError.BACKWARDS: _("The last day comes before the first day."),
    PeriodError.TOO_LONG: _("A range of days covers at most five years; read longer spans year by year."),
}


def period_message(code: str) -> str:
    """What people read about a period code that names no period."""
    return (
        str(PERIOD_MESSAGES[code]) % {"last": LAST_YEAR}
        if code == PeriodError.OUT_OF_RANGE
        else str(PERIOD_MESSAGES[code])
    )


class PeriodForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=30, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    by = forms.ChoiceField(label=_("Broken down by"), choices=[(d.code, d.label) for d in DIMENSIONS], required=False)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        try:
            if start or end:
                if not (start and end):
                    raise forms.ValidationError(_("Give both the first and the last day of the range."))
                cleaned["chosen"] = range_of(start, end)
            elif cleaned.get("period"):
                cleaned["chosen"] = period_parse(cleaned["period"])
            else:
                cleaned["chosen"] = month_of(self.today)
        except PeriodError as error:
            raise forms.ValidationError(period_message(error.code), code=error.code) from None
        cleaned["dimension"] = BY_CODE[cleaned.get("by") or DEFAULT]
        return cleaned

    @property
    def chosen(self) -> Period:
        return self.cleaned_data["chosen"]
