"""Forms of the handling section of the case page: they parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from departments.models import Unit
from mediation.models import FollowUp, Reply
from mediation.rules.reopening import DEFAULT_REMEDIES

TEXT_MAX = 2000
SECTION_MAX = 5000


def _text(label, *, required=True, max_length=TEXT_MAX, rows=3):
    return forms.CharField(label=label, required=required, max_length=max_length, widget=forms.Textarea({"rows": rows}))


def _when(label):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
    )


class FirstContactForm(forms.Form):
    made_by = forms.CharField(label=_("Who called"), max_length=60, required=False)
    at = _when(_("When"))
    learned = _text(_("What was learned"))
    request_clear = forms.BooleanField(label=_("The call made the request clear"), required=False, initial=True)


class SiteVisitForm(forms.Form):
    made_by = forms.CharField(label=_("Who went"), max_length=60, required=False)
    at = _when(_("When"))
    place = forms.CharField(label=_("Place"), max_length=200)
    learned = _text(_("What was found"))


class NoteForm(forms.Form):
    text = _text(_("Note"))
    to_unit = forms.ModelChoiceField(label=_("Request to an assisting unit"), queryset=None, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_unit"]
        field.queryset = units if units is not None else Unit.objects.none()
        field.label_from_instance = lambda unit: unit.name
        field.empty_label = _("— a note for the file only —")
        if not field.queryset.exists():
            del self.fields["to_unit"]


class ReplyForm(forms.Form):
    understood_request = _text(_("The request as understood"), required=False, max_length=SECTION_MAX, rows=4)
    facts = _text(_("The facts found"), required=False, max_length=SECTION_MAX, rows=5)
    basis = _text(_("Policy and legal basis"), required=False, max_length=SECTION_MAX, rows=4)
    decision = _text(_("Handling decision"), required=False, max_length=SECTION_MAX, rows=4)
    remedies = _text(_("Remedies"), required=False, max_length=SECTION_MAX, rows=3)

    @classmethod
    def initial_for(cls, case, reply) -> dict:
        if reply is not None and reply.signed_at is None:
            return {name: getattr(reply, name) for name in cls.base_fields}
        return {"understood_request": case.request, "remedies": DEFAULT_REMEDIES}


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label=_("How it was delivered"), choices=Reply.Delivery.choices)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=forms.DateInput({"type": "date"}))


class FollowUpForm(forms.Form):
    made_by = forms.CharField(label=_("Who followed up"), max_length=60, required=False)
    at = _when(_("When"))
    method = forms.ChoiceField(label=_("How"), choices=FollowUp.Method.choices)
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=FollowUp.Satisfaction.choices, widget=forms.RadioSelect
    )
    comments = _text(_("Comments"), required=False)


class ReasonForm(forms.Form):
    reason = _text(_("Reason"))


class PublicReopenForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=300)
    reason = _text(_("Why you are not satisfied"))
