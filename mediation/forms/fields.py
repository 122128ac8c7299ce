"""Fields the mediation forms share: a reason text, and units chosen by name."""

from django import forms

REASON_MAX = 2000


def reason_field(label, *, required=True):
    return forms.CharField(label=label, required=required, max_length=REASON_MAX, widget=forms.Textarea({"rows": 3}))


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name
