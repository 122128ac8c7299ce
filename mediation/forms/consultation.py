"""The weekly consultation's minutes (issue 17): the meeting, and a decision per case on the agenda."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mediation.forms.escalation import StaffChoiceField


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ConsultationForm(forms.Form):
    """The meeting's fields, then for each agenda case: decision, action, its owner and date.

    A case whose decision is left empty was not discussed and is not recorded.
    """

    held_on = forms.DateField(
        label=_("Held on"),
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date.")},
    )
    place = forms.CharField(label=_("Place"), max_length=100, error_messages={"required": _("Give the place.")})
    attendees = StaffChoiceField(
        label=_("Attendees (staff)"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    other_attendees = forms.CharField(label=_("Other attendees"), max_length=500, required=False)
    notes = forms.CharField(
        label=_("Other matters"), max_length=5000, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, agenda=(), members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members
        self.agenda = list(agenda)
        for item in self.agenda:
            pk = item.case.pk
            self.fields[f"decision_{pk}"] = forms.CharField(
                label=pgettext_lazy("consultation", "Decision"),
                max_length=2000,
                required=False,
                widget=forms.Textarea({"rows": 2}),
            )
            self.fields[f"action_{pk}"] = forms.CharField(label=_("Action"), max_length=300, required=False)
            self.fields[f"owner_{pk}"] = OwnerField(label=_("Owner"), queryset=members, required=False)
            self.fields[f"due_{pk}"] = forms.DateField(
                label=pgettext_lazy("consultation", "By"),
                required=False,
                widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
            )

    def rows(self):
        """The agenda with each case's bound fields, for the template."""
        return [
            (
                item,
                self[f"decision_{item.case.pk}"],
                self[f"action_{item.case.pk}"],
                self[f"owner_{item.case.pk}"],
                self[f"due_{item.case.pk}"],
            )
            for item in self.agenda
        ]

    def items(self):
        """The cases discussed, as the service takes them."""
        # deferred: the service module imports the selectors, which this forms module need not load.
        from mediation.services.consultation import ItemInput

        data = self.cleaned_data
        return [
            ItemInput(
                case=item.case,
                decision=data[f"decision_{item.case.pk}"],
                action=data[f"action_{item.case.pk}"],
                owner=data[f"owner_{item.case.pk}"],
                due_on=data[f"due_{item.case.pk}"],
            )
            for item in self.agenda
            if data.get(f"decision_{item.case.pk}", "").strip()
        ]
