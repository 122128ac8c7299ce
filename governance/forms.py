"""Governance forms: the incident report of a grid worker or a village and monthly screening, dispatch and close."""

import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from departments.models import Unit, Village
from governance.models import IncidentCategory, RiskLevel
from governance.services import IncidentInput, ScreeningItemInput
from intake.forms import MultipleFileField

DISPATCH_KINDS = (
    Unit.Kind.LINE_OFFICE,
    Unit.Kind.GOVERNANCE_OFFICE,
    Unit.Kind.LEGAL_SERVICE,
    Unit.Kind.MEDIATION_COMMITTEE,
    Unit.Kind.LIAISON_TEAM,
)


class IncidentForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.order_by("area__code", "code"))
    address = forms.CharField(label=_("Address (street, house number, landmark)"), max_length=200)
    category = forms.ModelChoiceField(label=_("Category"), queryset=IncidentCategory.objects.filter(is_active=True))
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices, widget=forms.RadioSelect)
    description = forms.CharField(label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    photos = MultipleFileField(label=_("Photos (at most 5, 10 MB each)"))
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, worker=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", secrets.token_urlsafe(24))
        if worker is not None:
            kwargs["initial"].setdefault("village", worker.village_id)
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs["accept"] = "image/*"
        if worker is not None and worker.is_village_staff:
            # A village reports for itself: its own village, shown and not to be changed.
            self.fields["village"].queryset = Village.objects.filter(pk=worker.village_id)
            self.fields["village"].disabled = True

    def clean_photos(self):
        photos = self.cleaned_data["photos"]
        if any(not photo.content_type.startswith("image/") for photo in photos):
            raise ValidationError(_("Only photos can be attached to an incident."), code="photos")
        return photos

    def incident(self) -> IncidentInput:
        d = self.cleaned_data
        return IncidentInput(d["village"], d["address"], d["category"], d["risk_level"], d["description"])


class DispatchForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Competent unit"),
        queryset=Unit.objects.filter(is_active=True, kind__in=DISPATCH_KINDS).order_by("kind", "code"),
    )


class CloseForm(forms.Form):
    measure = forms.CharField(label=_("Measure taken"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ScreeningItemForm(forms.Form):
    parties = forms.CharField(label=_("Parties"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ModelChoiceField(label=_("Category"), queryset=IncidentCategory.objects.filter(is_active=True))
    # A blank first choice, so that a row left empty posts nothing and stays out of the list.
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=[("", _("- Select an option -")), *RiskLevel.choices])
    measures = forms.CharField(
        label=_("Measures taken"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def item(self) -> ScreeningItemInput:
        d = self.cleaned_data
        return ScreeningItemInput(d["parties"], d["summary"], d["category"], d["risk_level"], d.get("measures", ""))


ScreeningItemFormSet = forms.formset_factory(ScreeningItemForm, extra=3, max_num=50, validate_max=True)


class ScreeningForm(forms.Form):
    note = forms.CharField(
        label=_("Note (e.g. no dispute this month)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
