"""Forms of the legal-service section of the case page (issue 16): they parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mediation.forms.handling import _text, _when
from mediation.legaltext import DOCUMENT_LABELS
from mediation.models import LegalConsultation
from mediation.rules.legal_aid import DOCUMENTS


class ConsultationForm(forms.Form):
    """The consultation at the window: answered on the spot, or booked with the duty lawyer."""

    question = _text(_("The question"), rows=3)
    mode = forms.ChoiceField(
        label=_("How it is handled"),
        choices=LegalConsultation.Mode.choices,
        initial=LegalConsultation.Mode.ON_THE_SPOT,
        widget=forms.RadioSelect,
    )
    advice = _text(_("The advice given"), required=False, max_length=4000, rows=4)
    law_cited = forms.CharField(label=_("Law cited"), max_length=300, required=False)
    booked_for = _when(_("Booked for (date and time)"))
    lawyer = forms.CharField(label=_("Duty lawyer"), max_length=60, required=False)
    note = _text(_("Internal note (staff only)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["booked_for"].required = False

    @property
    def booked(self) -> bool:
        return self.cleaned_data.get("mode") == LegalConsultation.Mode.BOOKED


class ConsultationHeldForm(forms.Form):
    """The booked consultation, held: the advice given and the law cited."""

    advice = _text(_("The advice given"), max_length=4000, rows=4)
    law_cited = forms.CharField(label=_("Law cited"), max_length=300, required=False)
    note = _text(_("Internal note (staff only)"), required=False)


class ConsultationNoShowForm(forms.Form):
    """The resident did not come at the booked time."""

    note = _text(_("Internal note (staff only)"), required=False, rows=2)


class ConsultationRebookForm(forms.Form):
    """A missed consultation booked again with the duty lawyer."""

    booked_for = _when(_("New date and time"))
    lawyer = forms.CharField(label=_("Duty lawyer"), max_length=60)


class ConsultationCloseMissedForm(forms.Form):
    """A missed consultation closed: the resident wants no other date, or cannot be reached."""

    reason = _text(_("Why it is closed (e.g. the resident no longer needs advice)"), max_length=500, rows=2)


class LegalAidLawyerForm(forms.Form):
    """The legal-aid lawyer assigned after a grant (法律援助法 第四十三条: within 3 days)."""

    lawyer = forms.CharField(label=_("Legal-aid lawyer"), max_length=60)
    firm = forms.CharField(label=_("Law firm"), max_length=100, required=False)


class LegalAidDocumentsForm(forms.Form):
    """Which documents of the legal-aid application are in (the list is data: ``rules.legal_aid``)."""

    received = forms.MultipleChoiceField(
        label=_("Documents received"),
        choices=[(d.code, DOCUMENT_LABELS[d.code]) for d in DOCUMENTS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    by_agent = forms.BooleanField(label=_("Applied through an agent"), required=False)
