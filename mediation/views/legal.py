"""The legal-service section of the staff case page (issue 16): the consultation, and the forms it posts."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mediation.forms.legal import ConsultationForm, ConsultationHeldForm
from mediation.models import LegalConsultation
from mediation.services.legal_consultation import case_legal_consultation_hold, case_legal_consultation_record
from mediation.views.common import act


def legal_context(request, case, *, actions: frozenset[str]) -> dict:
    """The consultation on record (for staff who see the case), and the form the person may use now."""
    section: dict = {"consultation": LegalConsultation.objects.filter(case=case).select_related("unit").first()}
    if actions & {"give_consultation", "book_consultation"}:
        section["consultation_form"] = ConsultationForm(initial={"question": case.request})
    if "hold_consultation" in actions:
        section["held_form"] = ConsultationHeldForm()
    return {"legal_section": section}


@login_required
@require_POST
def consultation_record(request, code: str):
    def run(case, d):
        case_legal_consultation_record(
            case=case,
            actor=request.user,
            question=d["question"],
            advice=d["advice"],
            law_cited=d["law_cited"],
            booked=d["mode"] == LegalConsultation.Mode.BOOKED,
            booked_for=d["booked_for"],
            lawyer=d["lawyer"],
            note=d["note"],
        )

    return act(
        request,
        code,
        run,
        form_class=ConsultationForm,
        form_name="legal_section.consultation_form",
        success=_("The consultation is recorded."),
    )


@login_required
@require_POST
def consultation_held(request, code: str):
    return act(
        request,
        code,
        lambda case, d: case_legal_consultation_hold(
            case=case, actor=request.user, advice=d["advice"], law_cited=d["law_cited"], note=d["note"]
        ),
        form_class=ConsultationHeldForm,
        form_name="legal_section.held_form",
        success=_("The booked consultation is recorded as held; the case is closed."),
    )
