"""The legal-service section of the staff case page (issue 16): the consultation, and the forms it posts."""

from django.contrib.auth.decorators import login_required
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import CaseEvent
from mediation.forms.legal import (
    ConsultationCloseMissedForm,
    ConsultationForm,
    ConsultationHeldForm,
    ConsultationNoShowForm,
    ConsultationRebookForm,
    LegalAidDocumentsForm,
    LegalAidLawyerForm,
)
from mediation.legaltext import document_label
from mediation.models import LegalAidChecklist, LegalConsultation
from mediation.rules import legal_aid as documents
from mediation.services.legal_aid import case_legal_aid_documents_record, case_legal_aid_lawyer_assign
from mediation.services.legal_consultation import (
    case_legal_consultation_close_missed,
    case_legal_consultation_hold,
    case_legal_consultation_no_show,
    case_legal_consultation_rebook,
    case_legal_consultation_record,
)
from mediation.views.common import act


def _checklist(case, actions: frozenset[str]) -> dict:
    """The application's documents: received, still missing, complete; the form while it may change."""
    checklist = LegalAidChecklist.objects.filter(case=case).first()
    received = checklist.received if checklist else []
    by_agent = checklist.by_agent if checklist else False
    context = {
        "checklist": checklist,
        "documents_missing": [document_label(d.code) for d in documents.missing_documents(received, by_agent=by_agent)],
        "documents_received": [document_label(d.code) for d in documents.DOCUMENTS if d.code in received],
    }
    if "record_legal_aid_documents" in actions:
        context["documents_form"] = LegalAidDocumentsForm(initial={"received": received, "by_agent": by_agent})
    return context


def _booking_forms(case, consultation, actions: frozenset[str]) -> dict:
    """The booked consultation's steps: held, the resident did not come, booked again, closed unattended."""
    forms = {}
    if consultation is not None and consultation.mode == LegalConsultation.Mode.BOOKED:
        missed = CaseEvent.objects.filter(case=case, kind="legal_consultation_no_show").order_by("at", "pk")
        forms["missed"] = [
            {"booked_for": parse_datetime(event.data.get("booked_for") or ""), "lawyer": event.data.get("lawyer", "")}
            for event in missed
        ]
    if "hold_consultation" in actions:
        forms["held_form"] = ConsultationHeldForm()
    if "record_consultation_no_show" in actions:
        forms["no_show_form"] = ConsultationNoShowForm()
    if "rebook_consultation" in actions:
        forms["rebook_form"] = ConsultationRebookForm(initial={"lawyer": consultation.lawyer if consultation else ""})
    if "close_missed_consultation" in actions:
        forms["close_missed_form"] = ConsultationCloseMissedForm()
    return forms


LEGAL_AID_KINDS = ("legal_aid_decided", "legal_aid_lawyer_assigned")


def legal_context(request, case, *, actions: frozenset[str]) -> dict:
    """The consultation on record (for staff who see the case), and the form the person may use now."""
    consultation = None
    if case.service == "legal_consultation":
        consultation = LegalConsultation.objects.filter(case=case).select_related("unit").first()
    section: dict = {"consultation": consultation}
    if actions & {"give_consultation", "book_consultation"}:
        section["consultation_form"] = ConsultationForm(initial={"question": case.request})
    section.update(_booking_forms(case, consultation, actions))
    if case.service == "legal_aid":
        events = {e.kind: e for e in CaseEvent.objects.filter(case=case, kind__in=LEGAL_AID_KINDS).order_by("at")}
        section["legal_aid_decision"] = events.get("legal_aid_decided")
        section["legal_aid_lawyer"] = events.get("legal_aid_lawyer_assigned")
    if "assign_legal_aid_lawyer" in actions:
        section["lawyer_form"] = LegalAidLawyerForm()
    if case.service == "legal_aid":
        section.update(_checklist(case, actions))
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


@login_required
@require_POST
def consultation_no_show(request, code: str):
    return act(
        request,
        code,
        lambda case, d: case_legal_consultation_no_show(case=case, actor=request.user, note=d["note"]),
        form_class=ConsultationNoShowForm,
        form_name="legal_section.no_show_form",
        success=_("Recorded: the resident did not come. Book a new date or close the consultation."),
    )


@login_required
@require_POST
def consultation_rebook(request, code: str):
    return act(
        request,
        code,
        lambda case, d: case_legal_consultation_rebook(
            case=case, actor=request.user, booked_for=d["booked_for"], lawyer=d["lawyer"]
        ),
        form_class=ConsultationRebookForm,
        form_name="legal_section.rebook_form",
        success=_("The consultation is booked again."),
    )


@login_required
@require_POST
def consultation_close_missed(request, code: str):
    return act(
        request,
        code,
        lambda case, d: case_legal_consultation_close_missed(case=case, actor=request.user, reason=d["reason"]),
        form_class=ConsultationCloseMissedForm,
        form_name="legal_section.close_missed_form",
        success=_("The missed consultation is closed."),
    )


@login_required
@require_POST
def legal_aid_lawyer(request, code: str):
    return act(
        request,
        code,
        lambda case, d: case_legal_aid_lawyer_assign(case=case, actor=request.user, lawyer=d["lawyer"], firm=d["firm"]),
        form_class=LegalAidLawyerForm,
        form_name="legal_section.lawyer_form",
        success=_("The legal-aid lawyer is assigned."),
    )


@login_required
@require_POST
def legal_aid_documents(request, code: str):
    return act(
        request,
        code,
        lambda case, d: case_legal_aid_documents_record(
            case=case, actor=request.user, received=list(d["received"]), by_agent=d["by_agent"]
        ),
        form_class=LegalAidDocumentsForm,
        form_name="legal_section.documents_form",
        success=_("The documents of the application are recorded."),
    )
