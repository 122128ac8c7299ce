"""Forms of proxy handling (代办, issue 17)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import ProxyHandling
from mediation.models import ProxyDocument, ProxyHelp


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.user.get_full_name() or obj.user.get_username()
        return f"{name}（{obj.village.name if obj.village_id else _('subdistrict')}）"


class ProxyAssignForm(forms.Form):
    agent = AgentChoiceField(
        label=_("Proxy agent"), queryset=None, error_messages={"required": _("Choose an active proxy agent.")}
    )
    requested_via = forms.ChoiceField(label=_("Asked for"), choices=ProxyHandling.Via.choices)
    consent = forms.CharField(
        label=_("The resident's consent"),
        max_length=300,
        help_text=_("e.g. signed the proxy form; agreed by phone on 2026-11-30"),
        error_messages={"required": _("Record how the resident agreed to the proxy.")},
    )

    def __init__(self, *args, agents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents


class ProxyHelpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Help"), choices=ProxyHelp.Kind.choices)
    on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date.")},
    )
    note = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Write what was done.")},
    )


class ProxyDocumentForm(forms.Form):
    """A document carried (the copy's content is checked by the view, with intake's file checks)."""

    direction = forms.ChoiceField(label=_("Carried"), choices=ProxyDocument.Direction.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Document"), max_length=200, error_messages={"required": _("Name the document.")})
    on = forms.DateField(
        label=_("Handed over on"),
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date.")},
    )
    received_by = forms.CharField(
        label=_("Received by"),
        max_length=100,
        help_text=_("The name of the person who took the document (and their unit)."),
        error_messages={"required": _("Say who received it.")},
    )
    copy = forms.FileField(label=_("Copy (photo or PDF, optional)"), required=False)
