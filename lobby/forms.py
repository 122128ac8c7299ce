"""Forms of the lobby: the transfer of a ticket, and the admin's window and display forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cases.models import Service
from lobby.models import ServiceWindow


class TransferForm(forms.Form):
    to_window = forms.ModelChoiceField(label=_("To window"), queryset=ServiceWindow.objects.none())

    def __init__(self, *args, window: ServiceWindow, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_window"].queryset = ServiceWindow.objects.filter(is_active=True).exclude(pk=window.pk)


class ServiceWindowForm(WagtailAdminModelForm):
    """The window's services as tick boxes (stored as a list of service codes)."""

    services = forms.MultipleChoiceField(
        label=_("services"), choices=Service.choices, widget=forms.CheckboxSelectMultiple
    )


class DisplayForm(WagtailAdminModelForm):
    renew_token = forms.BooleanField(
        label=_("Issue a new address"),
        required=False,
        help_text=_("The old address stops working at once; screens open under it close."),
    )
