"""Forms of escalated cases (issue 5): the re-investigation report, the five duties, the conference."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mediation.forms.fields import REASON_MAX
from mediation.models import ProactiveAppointment
from mediation.rules.oversight import DUTY_LABELS, SKIP_LEVEL_DESTINATIONS


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


class ProactiveAppointmentForm(forms.Form):
    """二（四） 主动约访: met the petitioner, or offered and declined."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ProactiveAppointment.Outcome.choices,
        error_messages={"required": _("Say whether the petitioner was met or declined the offer.")},
    )
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput({"type": "date"}), error_messages={"required": _("Give the date.")}
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    note = forms.CharField(
        label=_("What the petitioner said"),
        max_length=REASON_MAX,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Write what the petitioner said.")},
    )


class EscalationForm(forms.Form):
    """一（四）: what escalated the case after intake (any one or more)."""

    skip_level_to = forms.ChoiceField(label=_("Went past the subdistrict to"), required=False, choices=[])
    group_size = forms.IntegerField(
        label=_("Number of people who came together"),
        required=False,
        min_value=1,
        max_value=10_000,
        error_messages={
            "invalid": _("Give the number of people as a whole number."),
            "min_value": _("The number of people must be between 1 and 10000."),
            "max_value": _("The number of people must be between 1 and 10000."),
        },
    )
    extreme = forms.BooleanField(label=_("Extreme behaviour (shouting, sit-in, refusing to leave)"), required=False)
    note = forms.CharField(
        label=_("What happened"),
        max_length=REASON_MAX,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Write what happened.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skip_level_to"].choices = [("", "—"), *SKIP_LEVEL_DESTINATIONS.items()]


class SupervisionOrderForm(forms.Form):
    """二（一） 督办: what the lead unit must do, and by when it answers."""

    instructions = forms.CharField(
        label=_("Instructions"),
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Write the instructions.")},
    )
    answer_by = forms.DateField(
        label=_("Answer by"),
        widget=forms.DateInput({"type": "date"}),
        error_messages={"required": _("Give the date to answer by."), "invalid": _("Give a valid date.")},
    )


class SupervisionAnswerForm(forms.Form):
    answer = forms.CharField(
        label=pgettext_lazy("supervision", "Answer"),
        max_length=5000,
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Write the answer.")},
    )
