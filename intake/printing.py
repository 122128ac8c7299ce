"""What a resident takes home, printed: the acknowledgement of receipt (受理告知书, A4) and the
lobby queue ticket slip (80 mm roll paper). Set in Simplified Chinese, as every official document.
"""

from django.core import signing
from django.utils import timezone

from cases.models import Case
from intake.slips import qr_svg_cached, tracking_url
from lobby.models import QueueTicket
from mediation.printing import pdf_render, primary_petitioner

RECEIPT_SALT = "one-window.intake.desk-receipt"
RECEIPT_MAX_AGE = 2 * 3600


def receipt_token(case: Case, user) -> str:
    """A link for the clerk who registered ``case`` (and may not open it) to print the petitioner's papers."""
    return signing.TimestampSigner(salt=RECEIPT_SALT).sign(f"{case.pk}.{user.pk}")


def receipt_case_id(token: str, *, user) -> str | None:
    """The case of a ``receipt_token`` made for ``user``, still fresh; None otherwise."""
    try:
        value = signing.TimestampSigner(salt=RECEIPT_SALT).unsign(token, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return None
    case_id, _sep, user_id = value.partition(".")
    return case_id if user_id == str(user.pk) and case_id.isdigit() else None


def acknowledgement_context(request, case: Case, *, confidential: bool = False, named: bool = True) -> dict:
    """The case as received: who, what, when, its code and the reply date of the case's reply clock.

    ``confidential``: printed by someone who may not open the case (the clerk of a conduct
    complaint): what it says is left out, as on the clerk's screen. ``named``: the petitioner is
    named (not a report's reporter, for staff who may not know them).
    """
    url = tracking_url(request, case)
    return {
        "case": case,
        "confidential": confidential,
        "petitioner": primary_petitioner(case) if named else None,
        "attachments": case.attachments.count(),
        "received_on": timezone.localdate(case.received_at),
        "track_url": url,
        "qr": qr_svg_cached(url),
        "printed_on": timezone.localdate(),
    }


def acknowledgement_pdf(request, case: Case, *, confidential: bool = False, named: bool = True) -> bytes:
    context = acknowledgement_context(request, case, confidential=confidential, named=named)
    return pdf_render("intake/print/acknowledgement.html", context)


def acknowledgement_filename(case: Case) -> str:
    return f"acknowledgement-{case.tracking_code}.pdf"


def ticket_slip_pdf(ticket: QueueTicket) -> bytes:
    return pdf_render(
        "intake/print/ticket_slip.html",
        {"ticket": ticket, "case": ticket.case, "issued_at": timezone.localtime(ticket.issued_at)},
    )
