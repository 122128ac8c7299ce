"""Forms of the leaders' duties: the return mission's steps and the reception log."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import Leader, ProxyAgent, Unit, Village
from leadership.models import ProxyReward, ReturnMission, ReturnTeamMember
from leadership.rules import returns as rr
from leadership.services import DeskFiling, TeamMemberInput

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def staff_people():
    """People of the organisation who may be named on a team: members of a unit and leaders."""
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(memberships__isnull=False) | Q(leader__isnull=False)).distinct().order_by("username")


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class OpenForm(forms.Form):
    level = forms.ChoiceField(label=_("Petitioned at"), choices=ReturnMission.Level.choices)
    location = forms.CharField(label=_("Where the petitioner is"), max_length=200)
    requested_by = forms.CharField(label=_("Return requested by"), max_length=200)
    requested_at = forms.DateTimeField(label=_("Return requested at"), widget=DATETIME)
    major_event = forms.BooleanField(label=_("During a major event or response level"), required=False)
    major_event_note = forms.CharField(label=_("Which event or response level"), max_length=200, required=False)
    chief = forms.ModelChoiceField(
        label=_("Area chief leading the return"),
        queryset=Leader.objects.select_related("user"),
        required=False,
        help_text=_("Empty: the chief of the petitioner's area."),
    )


class TeamForm(forms.Form):
    """Per role: people of the organisation, and names of people from outside (one a line)."""

    def __init__(self, *args, mission: ReturnMission | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        people = staff_people()
        current = list(mission.team.all()) if mission is not None else []
        for role, label in ReturnTeamMember.Role.choices:
            self.fields[f"{role}_users"] = PersonChoice(
                label=label, queryset=people, required=False, widget=forms.SelectMultiple(attrs={"size": 4})
            )
            self.fields[f"{role}_names"] = forms.CharField(
                label=_("%(role)s: from outside, one name a line") % {"role": label},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if not self.is_bound:
                self.initial[f"{role}_users"] = [m.user_id for m in current if m.role == role and m.user_id]
                self.initial[f"{role}_names"] = "\n".join(m.name for m in current if m.role == role and not m.user_id)

    def members(self) -> list[TeamMemberInput]:
        found = []
        for role in rr.TEAM_ROLES:
            found += [TeamMemberInput(role, user=user) for user in self.cleaned_data[f"{role}_users"]]
            names = [line.strip() for line in self.cleaned_data[f"{role}_names"].splitlines()]
            found += [TeamMemberInput(role, name=name) for name in names if name]
        return found


class DispatchForm(forms.Form):
    dispatched_at = forms.DateTimeField(label=_("Dispatched at"), widget=DATETIME)
    note = forms.CharField(label=_("Dispatch note"), max_length=2000, required=False, widget=TEXTAREA)


class ReturnForm(forms.Form):
    returned_at = forms.DateTimeField(label=_("Returned at"), widget=DATETIME)
    place = forms.CharField(label=_("Brought back to"), max_length=200)
    note = forms.CharField(label=_("What happened"), max_length=2000, widget=TEXTAREA)


class InterviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Interview"), choices=ReturnMission.Interview.choices)
    held_at = forms.DateTimeField(label=_("Interview held at"), widget=DATETIME)
    police = forms.CharField(label=_("Police present"), max_length=200)
    note = forms.CharField(label=_("Interview record"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class CallOffForm(forms.Form):
    reason = forms.CharField(label=_("Why called off"), max_length=2000, widget=TEXTAREA)


class ReceptionForm(forms.Form):
    visitors = forms.CharField(label=_("Who came"), max_length=200)
    visitor_count = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=10000, initial=1)
    request = forms.CharField(label=_("What was asked"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    case_code = forms.CharField(
        label=_("Tracking code of the case"),
        max_length=20,
        required=False,
        help_text=_("An existing case; leave empty to file the visit as a new case below."),
    )
    file_here = forms.BooleanField(label=_("File a new case for this visit"), required=False)
    name = forms.CharField(label=_("Visitor's name"), max_length=40, required=False)
    phone = forms.CharField(label=_("Visitor's phone"), max_length=20, required=False)
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.all(), required=False)
    is_conduct_complaint = forms.BooleanField(label=_("About an official's conduct"), required=False)
    accused_description = forms.CharField(label=_("About whom"), max_length=200, required=False)
    units = forms.ModelMultipleChoiceField(
        label=_("Split out to"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    split_note = forms.CharField(label=_("How it was split out"), max_length=2000, required=False, widget=TEXTAREA)
    onsite_office = forms.BooleanField(label=_("On-site office held"), required=False)
    onsite_note = forms.CharField(label=_("On-site office record"), max_length=2000, required=False, widget=TEXTAREA)

    def clean(self):
        data = super().clean()
        if data.get("file_here"):
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Write the visitor's name."))
            if not (data.get("phone") or "").strip():
                self.add_error("phone", _("Write the visitor's phone number."))
        return data

    def filing(self) -> DeskFiling | None:
        data = self.cleaned_data
        if not data.get("file_here"):
            return None
        return DeskFiling(
            name=data["name"],
            phone=data["phone"],
            village=data.get("village"),
            is_conduct_complaint=bool(data.get("is_conduct_complaint")),
            accused_description=data.get("accused_description") or "",
        )


class ProxyRewardForm(forms.Form):
    """The director's reward or penalty for an agent and a period (代办考核奖惩)."""

    agent = forms.ModelChoiceField(
        label=_("Proxy agent"),
        queryset=ProxyAgent.objects.select_related("user"),
        error_messages={"required": _("Choose a proxy agent."), "invalid_choice": _("Choose a proxy agent.")},
    )
    period = forms.CharField(label=_("Period"), max_length=10, help_text=_("2026-11, 2026-Q4 or 2026"))
    kind = forms.ChoiceField(label=_("Reward or penalty"), choices=ProxyReward.Kind.choices, widget=forms.RadioSelect)
    points = forms.IntegerField(label=_("Points"), required=False, min_value=1, max_value=1000)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), required=False, min_value=Decimal("0.01"), max_digits=9, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea({"rows": 2}),
        error_messages={"required": _("Give the reason.")},
    )
