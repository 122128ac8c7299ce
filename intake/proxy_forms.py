"""Forms of the proxy agent's filing (代办, issue 17)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intake.attachments import MAX_FILES, attachments_check
from intake.forms import REQUEST_MAX, CleanTextMixin, MultipleFileField, PetitionerFields, _text_field
from intake.proxy import AgentFiling
from mediation.models import ProxyConsent, ProxyMatter


class MatterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_service_display()}）"


class AgentFilingForm(CleanTextMixin, PetitionerFields):
    """The agent files for a resident: the matter from the proxy list, the resident, their consent."""

    text_limits = {"request": (REQUEST_MAX, True)}

    matter = MatterChoiceField(
        label=_("Matter on the proxy list"),
        queryset=ProxyMatter.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a matter on the proxy list."),
            "invalid_choice": _("Choose a matter on the proxy list."),
        },
    )
    request = _text_field(
        _("What the resident asks for"),
        REQUEST_MAX,
        multiline=True,
        required_message=_("Write what the resident asks for."),
    )
    consent_method = forms.ChoiceField(
        label=_("How the resident agreed"),
        choices=ProxyConsent.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how the resident agreed to the proxy.")},
    )
    consent_on = forms.DateField(
        label=_("Agreed on"),
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the day the resident agreed."),
            "invalid": _("Give the day the resident agreed."),
        },
    )
    consent_file = forms.FileField(
        label=_("Signed proxy form (photo or PDF)"),
        required=False,
        help_text=_("Required when the resident signed the form."),
    )
    attachments = MultipleFileField(
        label=_("The resident's documents (optional)"),
        widget=MultipleFileField.widget(attrs={"accept": "image/*,application/pdf"}),
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("The resident's name")
        self.fields["name"].error_messages["required"] = _("Give the resident's name.")
        self.fields["phone"].label = _("The resident's phone")
        self.fields["phone"].error_messages["required"] = _("Give the resident's phone.")
        self.fields["request"].widget.attrs["rows"] = 4
        self.fields["consent_file"].widget.attrs["accept"] = "image/*,application/pdf"

    def clean_consent_file(self):
        upload = self.cleaned_data.get("consent_file")
        return attachments_check([upload])[0] if upload else None

    def clean(self):
        cleaned = self._clean_texts(super().clean())
        signed = cleaned.get("consent_method") == ProxyConsent.Method.SIGNED_FORM
        if signed and not cleaned.get("consent_file") and "consent_file" not in self.errors:
            self.add_error("consent_file", _("Attach the signed proxy form (a photo or a PDF)."))
        if len(cleaned.get("attachments") or []) + (1 if cleaned.get("consent_file") else 0) > MAX_FILES:
            self.add_error(
                "attachments",
                ValidationError(_("At most %(max)d files can be attached to one case.") % {"max": MAX_FILES}),
            )
        return cleaned

    def filing(self) -> AgentFiling:
        d = self.cleaned_data
        return AgentFiling(
            matter=d["matter"],
            request=d["request"],
            resident=self.petitioner(),
            consent_method=d["consent_method"],
            consent_on=d["consent_on"],
            consent_file=d.get("consent_file"),
        )
