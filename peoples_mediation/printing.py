"""The documents of a people's mediation as PDF (WeasyPrint, like ``mediation.printing``): the notice of
a session to a party (调解通知书), the agreement for signature (调解协议书, 人民调解法 第二十九条) and the
parties' joint application for judicial confirmation (司法确认申请书, 第三十三条). Always in Simplified
Chinese, whatever language the person printing reads the site in."""

from django.utils import timezone

from mediation.models import CaseClock
from mediation.printing import pdf_render
from peoples_mediation.models import Party, Session
from peoples_mediation.selectors import MediationFile


def session_notice_pdf(file: MediationFile, session: Session, party: Party) -> bytes:
    return pdf_render(
        "peoples_mediation/print/session_notice.html",
        {"file": file, "case": file.case, "session": session, "party": party, "printed_on": timezone.localdate()},
    )


def agreement_pdf(file: MediationFile) -> bytes:
    return pdf_render(
        "peoples_mediation/print/agreement.html",
        {"file": file, "case": file.case, "agreement": file.agreement, "printed_on": timezone.localdate()},
    )


def confirmation_application_pdf(file: MediationFile) -> bytes:
    window = CaseClock.objects.filter(case=file.case, clock="judicial_confirmation").first()
    return pdf_render(
        "peoples_mediation/print/confirmation_application.html",
        {"file": file, "case": file.case, "agreement": file.agreement, "window": window},
    )
