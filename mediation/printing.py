"""Printed documents of a case as PDF (WeasyPrint, Noto CJK fonts embedded): the assignment sheet
(交办单) sent with a signed-out case to its lead unit, the warning slip (信访事项预警提醒单), and the
written legal-aid decision (给予/不予法律援助决定书).

Like the reply letter (``mediation.letters``), an official document is always set in Simplified
Chinese, whatever language the person printing it reads the site in. ``pdf_render`` and
``pdf_response`` are shared with the intake documents (acknowledgement, queue ticket).
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cases.models import Case, CaseEvent
from cases.permissions import is_report, reporter_identity_visible
from mediation.clocktext import clock_basis, clock_label
from mediation.models import CaseClock, WarningSlip
from mediation.selectors.petitioners import petitioners_of


def pdf_render(template: str, context: dict) -> bytes:
    """``template`` rendered in Simplified Chinese and typeset as PDF (fonts embedded as subsets)."""
    # deferred: weasyprint loads pango/cairo (slow, native libraries); only the PDF downloads need it.
    from weasyprint import HTML

    with translation.override("zh-hans"):
        html = render_to_string(template, {"center_name": str(settings.CENTER_NAME), **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser (to print), never cached on the way."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def primary_petitioner(case: Case):
    return case.petitioners.filter(is_primary=True).first() or case.petitioners.order_by("pk").first()


def assignment_sheet_context(case: Case, *, viewer) -> dict:
    """What the 交办单 shows: the case, whom it goes to, who assists, the running time limits, who signed.

    The petitioners as ``viewer`` may know them: a report's reporter only for those who handle it."""
    routing = case.routing
    clocks = [
        {"label": clock_label(c.clock), "basis": clock_basis(c.policy_code, c.basis), "clock": c}
        for c in CaseClock.objects.filter(case=case, met_at__isnull=True).order_by("due_on", "pk")
    ]
    return {
        "case": case,
        "routing": routing,
        "assisting": list(routing.assisting_units.order_by("name")),
        "petitioners": petitioners_of(case, viewer=viewer),
        "reporter_protected": is_report(case) and not reporter_identity_visible(viewer, case),
        "clocks": clocks,
        "signed_on": timezone.localdate(routing.signed_at),
        "printed_on": timezone.localdate(),
    }


def assignment_sheet_pdf(case: Case, *, viewer) -> bytes:
    return pdf_render("mediation/print/assignment_sheet.html", assignment_sheet_context(case, viewer=viewer))


def warning_slip_pdf(case: Case, slip: WarningSlip) -> bytes:
    return pdf_render(
        "mediation/print/warning_slip.html",
        {"case": case, "slip": slip, "issued_on": timezone.localdate(slip.issued_at)},
    )


def legal_aid_decision_context(case: Case, decision: CaseEvent) -> dict:
    """What the written decision shows: the applicant, the matter, grant or refusal (with the reason),
    the lawyer assigned or the day by which one will be, the issuing unit and the decision's date."""
    lawyer = CaseEvent.objects.filter(case=case, kind="legal_aid_lawyer_assigned").select_related("actor").first()
    clock = CaseClock.objects.filter(case=case, clock="legal_aid_lawyer").first()
    actor = decision.actor
    return {
        "case": case,
        "decision": decision,
        "granted": (decision.data or {}).get("decision") == "granted",
        "unit_name": ((decision.data or {}).get("unit") or {}).get("name", ""),
        "applicant": primary_petitioner(case),
        "lawyer": lawyer,
        "lawyer_due_on": clock.due_on if clock else None,
        "decided_on": timezone.localdate(decision.at),
        "decided_by": (actor.get_full_name() or actor.get_username()) if actor else "",
    }


def legal_aid_decision_pdf(case: Case, decision: CaseEvent) -> bytes:
    return pdf_render("mediation/print/legal_aid_decision.html", legal_aid_decision_context(case, decision))
