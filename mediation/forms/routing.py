"""Forms of routing a case: its facts, the confirmed routing, assignment, objections, findings."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cases.models import CaseKind
from departments import permissions as perms
from departments.models import Leader, Unit
from mediation.forms.fields import UnitChoiceField, UnitMultipleChoiceField, reason_field


class RoutingFactsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Case kind"), choices=CaseKind.choices)
    line_office = UnitChoiceField(
        label=_("Responsible line office"),
        queryset=Unit.objects.filter(kind=Unit.Kind.LINE_OFFICE, is_active=True),
        required=False,
    )


class RoutingConfirmForm(forms.Form):
    lead_unit = UnitChoiceField(label=_("Lead unit"), queryset=Unit.objects.filter(is_active=True))
    assisting_units = UnitMultipleChoiceField(
        label=_("Assisting units"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = forms.ModelChoiceField(
        label=_("Owning leader"), queryset=Leader.objects.select_related("user"), required=False
    )
    leader_led = forms.BooleanField(label=_("Leader-led"), required=False)
    reason = reason_field(_("Reason for changing the proposal or the confirmed routing"), required=False)
    change = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Member"), queryset=None)

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__unit=unit,
                memberships__role__in=[
                    role for role, codes in perms.ROLE_PERMISSIONS.items() if perms.WORK_UNIT_CASES in codes
                ],
            )
            .order_by("username")
        )


class ReasonForm(forms.Form):
    reason = reason_field(_("Reason"))


class ReassignForm(forms.Form):
    unit = UnitChoiceField(label=_("New lead unit"), queryset=Unit.objects.filter(is_active=True))
    reason = reason_field(_("Reason"))


class ObjectionDecisionForm(forms.Form):
    UPHOLD, REASSIGN = "uphold", "reassign"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(UPHOLD, _("Keep the case with its lead unit")), (REASSIGN, _("Reassign the case"))],
        widget=forms.RadioSelect,
    )
    unit = UnitChoiceField(label=_("New lead unit"), queryset=Unit.objects.filter(is_active=True), required=False)
    note = reason_field(_("Note"), required=False)


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), max_length=5000, widget=forms.Textarea({"rows": 4}))
