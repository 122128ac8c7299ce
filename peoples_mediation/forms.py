"""Forms of the people's mediation section of the case page: they parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mediation.models import FollowUp
from peoples_mediation.models import Mediation, Mediator, Obligation, Party, Session

TEXT_MAX = 5000
OBLIGATION_ROWS = 3


def _text(label, *, required=True, max_length=TEXT_MAX, rows=3):
    return forms.CharField(label=label, required=required, max_length=max_length, widget=forms.Textarea({"rows": rows}))


def _date(label, *, required=True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput({"type": "date"}))


def _when(label):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
    )


def _parties(case, **filters):
    return Party.objects.filter(case=case, **filters) if case is not None else Party.objects.none()


class PartyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Person or organisation"), choices=Party.Kind.choices, initial="person")
    name = forms.CharField(label=_("Name"), max_length=80)
    phone = forms.CharField(label=_("Contact phone"), max_length=20)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    side = forms.ChoiceField(label=_("Role"), choices=Party.Side.choices, widget=forms.RadioSelect)


class MediatorChoiceForm(forms.Form):
    mediator = forms.ModelChoiceField(label=_("Mediator"), queryset=Mediator.objects.none())
    related_party = forms.ModelChoiceField(
        label=_("Related to a party (kin or an interest), if any"), queryset=Party.objects.none(), required=False
    )
    relation = forms.CharField(label=_("How related"), max_length=100, required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = Mediator.objects.filter(is_active=True).select_related(
            "committee_unit", "village"
        )
        self.fields["related_party"].queryset = _parties(case)
        self.fields["related_party"].empty_label = _("— not related to any party —")


class ConsentForm(forms.Form):
    AGREE, REFUSE = "agree", "refuse"
    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.none())
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[(AGREE, _("Agrees to mediation")), (REFUSE, _("Refuses mediation"))],
        widget=forms.RadioSelect,
    )
    referral = forms.ChoiceField(
        label=_("If refused: where the parties were told to go"),
        choices=[("", "—"), *Mediation.Referral.choices],
        required=False,
    )
    note = _text(_("If refused: what the parties were told"), required=False, max_length=2000)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = _parties(case, consent__isnull=True)


class SessionScheduleForm(forms.Form):
    at = _when(_("Date and time"))
    place = forms.CharField(label=_("Place"), max_length=200, initial="中心人民调解室")


class SessionRecordForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none(), empty_label=None)
    held_on = _date(_("Held on"))
    said = _text(_("What the parties said"), rows=4)
    agreed = _text(_("What was agreed"), required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = Session.objects.filter(case=case, held_on__isnull=True) if case else Session.objects.none()
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: (
            f"第{s.number}次 {s.scheduled_at:%Y-%m-%d %H:%M} {s.place}"
        )


class AgreementForm(forms.Form):
    facts = _text(_("Main facts of the dispute"), rows=4)
    dispute = _text(_("Matters in dispute and each party's responsibility"), rows=3)
    signed_on = _date(_("Signed and sealed on (in force from)"))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, OBLIGATION_ROWS + 1):
            party = forms.ModelChoiceField(
                label=_("Obligation %(n)d: party") % {"n": row}, queryset=_parties(case), required=row == 1
            )
            self.fields[f"party_{row}"] = party
            self.fields[f"text_{row}"] = _text(
                _("Obligation %(n)d: what, and how") % {"n": row}, required=row == 1, max_length=1000, rows=2
            )
            self.fields[f"due_{row}"] = _date(_("Obligation %(n)d: to be performed by") % {"n": row}, required=row == 1)

    def obligations(self) -> list[tuple]:
        """(party, text, due date) of every row filled in."""
        rows = []
        for row in range(1, OBLIGATION_ROWS + 1):
            party, text, due = (self.cleaned_data.get(f"{name}_{row}") for name in ("party", "text", "due"))
            if party or text or due:
                if not (party and text and due):
                    raise forms.ValidationError(_("Obligation %(n)d needs a party, a text and a date.") % {"n": row})
                rows.append((party, text, due))
        return rows

    def clean(self):
        data = super().clean()
        if not self.errors:
            data["obligation_rows"] = self.obligations()
        return data


class FailureForm(forms.Form):
    referral = forms.ChoiceField(label=_("Where the parties were told to go"), choices=Mediation.Referral.choices)
    note = _text(_("Why mediation ended, and what the parties were told"), max_length=2000)


class PerformanceForm(forms.Form):
    at = _when(_("When"))
    method = forms.ChoiceField(label=_("How"), choices=FollowUp.Method.choices)
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=FollowUp.Satisfaction.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        obligations = Obligation.objects.filter(agreement__case=case) if case else Obligation.objects.none()
        for obligation in obligations.select_related("party"):
            label = f"{obligation.party.name}：{obligation.text[:40]}（{obligation.due_on:%Y-%m-%d}）"
            self.fields[f"performance_{obligation.pk}"] = forms.ChoiceField(
                label=label, choices=Obligation.Performance.choices, initial=obligation.performance or None
            )
            self.fields[f"note_{obligation.pk}"] = forms.CharField(
                label=_("Note"), max_length=2000, required=False, initial=obligation.performance_note
            )

    def performance(self) -> dict[int, tuple[str, str]]:
        return {
            int(name.removeprefix("performance_")): (value, self.cleaned_data.get(f"note_{name[12:]}", ""))
            for name, value in self.cleaned_data.items()
            if name.startswith("performance_")
        }


class ConfirmationForm(forms.Form):
    APPLIED, WAIVED = "applied", "waived"
    decision = forms.ChoiceField(
        label=_("The parties"),
        choices=[(APPLIED, _("applied jointly to the court")), (WAIVED, _("will not apply"))],
        widget=forms.RadioSelect,
    )
    court = forms.CharField(label=_("Court"), max_length=100, required=False)
    applied_on = _date(_("Applied on"), required=False)
