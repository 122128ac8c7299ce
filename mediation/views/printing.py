"""Printing from the staff case page: the assignment sheet (交办单) and the warning slip as PDF.

Each answers only those who may see the case (``case_get_for_user``: a case they may not see is a
404, like a missing one), and a document that does not exist yet is a 404 too.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from cases.models import CaseEvent
from cases.permissions import viewer_for
from cases.selectors import case_get_for_user
from mediation.printing import assignment_sheet_pdf, legal_aid_decision_pdf, pdf_response, warning_slip_pdf
from mediation.selectors.escalation import oversight_for


@login_required
@require_GET
def assignment_sheet(request, code: str):
    """The 交办单 of a case signed out (交办签) to its lead unit."""
    case = case_get_for_user(request.user, code=code)
    routing = getattr(case, "routing", None)
    if routing is None or routing.signed_at is None or routing.lead_unit_id is None:
        raise Http404("not signed out yet")
    sheet = assignment_sheet_pdf(case, viewer=viewer_for(request.user))
    return pdf_response(sheet, f"assignment-{case.tracking_code}.pdf")


@login_required
@require_GET
def warning_slip_pdf_view(request, code: str):
    """The warning slip as a PDF: the latest one, or ``?slip=<id>`` of one of the case's slips."""
    case = case_get_for_user(request.user, code=code)
    slips = oversight_for(case).slips
    wanted = request.GET.get("slip", "")
    slip = next((s for s in slips if str(s.pk) == wanted), None) if wanted else (slips[-1] if slips else None)
    if slip is None:
        raise Http404("no such warning slip")
    return pdf_response(warning_slip_pdf(case, slip), f"warning-slip-{slip.year}-{slip.seq}.pdf")


@login_required
@require_GET
def legal_aid_decision_view(request, code: str):
    """The written legal-aid decision (给予/不予法律援助决定书), once legal aid is decided."""
    case = case_get_for_user(request.user, code=code)
    decision = CaseEvent.objects.filter(case=case, kind="legal_aid_decided").select_related("actor").first()
    if decision is None:
        raise Http404("legal aid not decided yet")
    return pdf_response(legal_aid_decision_pdf(case, decision), f"legal-aid-decision-{case.tracking_code}.pdf")
