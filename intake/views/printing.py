"""Printing for the person in front of the clerk, and for the online filer: the acknowledgement of
receipt (受理告知书) and the lobby queue ticket slip, as PDF.

Who gets them:
- the online filer, from the receipt page, with the receipt's own submission token (never by a
  tracking code, which could be guessed or read over a shoulder), while the receipt is shown;
- desk staff who may see the case (``case_get_for_user``), from the desk's case page;
- the clerk who has just registered a conduct complaint they may not open: a signed link bound to
  them and to that case, short-lived, on the "registered in confidence" page: the code, the dates
  and the reply date, without what the complaint says (as on the clerk's screen).
"""

from django.http import Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.models import Case
from cases.permissions import is_report, reporter_identity_visible, viewer_for
from cases.selectors import case_get_for_user
from intake.printing import acknowledgement_filename, acknowledgement_pdf, receipt_case_id, ticket_slip_pdf
from intake.views.desk import desk_required
from intake.views.public import RESULT_VISIBLE_SECONDS, _recent_case_for_token
from mediation.printing import pdf_response


def _receipt_case(request, token: str) -> Case:
    case_id = receipt_case_id(token, user=request.user)
    case = (
        Case.objects.filter(pk=case_id, registered_by_id=request.user.pk).select_related("ticket").first()
        if case_id
        else None
    )
    if case is None:
        raise Http404("no such receipt")
    return case


def _ticket_response(case: Case):
    ticket = getattr(case, "ticket", None)
    if ticket is None:
        raise Http404("no queue ticket")
    return pdf_response(ticket_slip_pdf(ticket), f"ticket-{ticket.day:%Y%m%d}-{ticket.label}.pdf")


@never_cache
@require_GET
def online_acknowledgement(request, token: str):
    """The online filer's acknowledgement, from their receipt page (the same token, the same time)."""
    case = _recent_case_for_token(token, max_age=RESULT_VISIBLE_SECONDS)
    return pdf_response(acknowledgement_pdf(request, case), acknowledgement_filename(case))


@desk_required
@require_GET
def desk_acknowledgement(request, code: str):
    case = case_get_for_user(request.user, code=code)
    named = reporter_identity_visible(viewer_for(request.user), case)
    return pdf_response(acknowledgement_pdf(request, case, named=named), acknowledgement_filename(case))


@desk_required
@require_GET
def desk_ticket(request, code: str):
    """The queue ticket of a desk visit, on 80 mm roll paper."""
    return _ticket_response(case_get_for_user(request.user, code=code))


@desk_required
@require_GET
def receipt_acknowledgement(request, token: str):
    case = _receipt_case(request, token)
    pdf = acknowledgement_pdf(request, case, confidential=True, named=not is_report(case))
    return pdf_response(pdf, acknowledgement_filename(case))


@desk_required
@require_GET
def receipt_ticket(request, token: str):
    return _ticket_response(_receipt_case(request, token))
