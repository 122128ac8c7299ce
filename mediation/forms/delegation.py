"""The form of the director's delegation of signing to a leader."""

from django import forms
from django.utils.translation import gettext_lazy as _

from departments.models import Delegation, Leader


class DelegationForm(forms.Form):
    leader = forms.ModelChoiceField(
        label=_("Leader"), queryset=Leader.objects.filter(is_director=False).select_related("user")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=Delegation.Scope.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput({"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput({"type": "date"}))
