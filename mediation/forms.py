"""Forms of the staff pages: they parse and validate input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import CaseKind
from departments import permissions as perms
from departments.models import Delegation, Leader, Unit

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


# --- escalated cases (issue 5) -------------------------------------------------------------------


def _long_text(label, required):
    return forms.CharField(
        label=label,
        max_length=5000,
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": required},
    )


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def _staff():
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(Q(memberships__isnull=False) | Q(leader__isnull=False), is_active=True)
        .distinct()
        .order_by("username")
    )


class ReinvestigationReportForm(forms.Form):
    analysis = _long_text(_("Analysis of the causes"), _("Write the analysis of the causes."))
    resolution_plan = _long_text(_("Resolution plan"), _("Write the resolution plan."))
    stabilisation_plan = _long_text(_("Stabilisation plan"), _("Write the stabilisation plan."))


class ReinvestigationReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        max_length=REASON_MAX,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Give a reason.")},
    )


class OwnershipDutyForm(forms.Form):
    duty = forms.ChoiceField(label=_("Duty"), choices=[])
    done_on = forms.DateField(
        label=_("Done on"), widget=forms.DateInput({"type": "date"}), error_messages={"required": _("Give the date.")}
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=REASON_MAX,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Write a note on what was done.")},
    )

    def __init__(self, *args, **kwargs):
        from mediation.rules.oversight import DUTY_LABELS

        super().__init__(*args, **kwargs)
        self.fields["duty"].choices = list(DUTY_LABELS.items())


class CaseConferenceForm(forms.Form):
    held_on = forms.DateField(
        label=_("Held on"), widget=forms.DateInput({"type": "date"}), error_messages={"required": _("Give the date.")}
    )
    place = forms.CharField(label=_("Place"), max_length=100, error_messages={"required": _("Give the place.")})
    attendees = StaffChoiceField(label=_("Attendees (staff)"), queryset=None, required=False)
    other_attendees = forms.CharField(label=_("Other attendees"), max_length=500, required=False)
    analysis = _long_text(_("Analysis"), _("Write the analysis."))
    decisions = _long_text(_("Decisions"), _("Write the decisions."))
    follow_up_actions = forms.CharField(
        label=_("Follow-up actions (one per line)"),
        max_length=6000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = _staff()

    def clean_follow_up_actions(self):
        return [line.strip() for line in self.cleaned_data["follow_up_actions"].splitlines() if line.strip()]
