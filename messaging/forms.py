from django import forms
from django.utils.translation import gettext_lazy as _

from messaging.models import Category


class PreferenceForm(forms.Form):
    messenger_id = forms.CharField(
        label=_("Your account in DingTalk or WeCom"),
        max_length=64,
        required=False,
        help_text=_("The user id the messenger knows you by; ask the administrator if unsure."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Tell me about"), choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    digest = forms.BooleanField(label=_("One daily digest instead of each message"), required=False)
    quiet_start = forms.TimeField(label=_("Quiet from"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    quiet_end = forms.TimeField(label=_("Quiet until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("quiet_start") is None) != (cleaned.get("quiet_end") is None) and not self.errors:
            self.add_error("quiet_end", _("Give both ends of the quiet hours, or neither."))
        return cleaned
