"""Forms of the staff pages: they parse and validate input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from departments import permissions as perms
from departments.models import Leader, Unit
from mediation.models import CaseKind, Delegation

REASON_MAX = 2000


def _reason(label, *, required=True):
    return forms.CharField(label=label, required=required, max_length=REASON_MAX, widget=forms.Textarea({"rows": 3}))


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


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
    reason = _reason(_("Reason for changing the proposal"), required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Member"), queryset=None)

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

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
    reason = _reason(_("Reason"))


class ReassignForm(forms.Form):
    unit = UnitChoiceField(label=_("New lead unit"), queryset=Unit.objects.filter(is_active=True))
    reason = _reason(_("Reason"))


class ObjectionDecisionForm(forms.Form):
    UPHOLD, REASSIGN = "uphold", "reassign"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(UPHOLD, _("Keep the case with its lead unit")), (REASSIGN, _("Reassign the case"))],
        widget=forms.RadioSelect,
    )
    unit = UnitChoiceField(label=_("New lead unit"), queryset=Unit.objects.filter(is_active=True), required=False)
    note = _reason(_("Note"), required=False)


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), max_length=5000, widget=forms.Textarea({"rows": 4}))


class DelegationForm(forms.Form):
    leader = forms.ModelChoiceField(
        label=_("Leader"), queryset=Leader.objects.filter(is_director=False).select_related("user")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=Delegation.Scope.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput({"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput({"type": "date"}))
