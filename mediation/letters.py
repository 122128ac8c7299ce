"""The written reply as a PDF letter (A4, Chinese typesetting), rendered by WeasyPrint.

The letter is an official document: it is always set in Simplified Chinese, whatever language
the person downloading it reads the site in.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mediation.models import Reply
from mediation.services.reply import SECTIONS, section_labels

NUMERALS = "一二三四五六七八九十"


def reply_letter_context(reply: Reply, *, named: bool = True) -> dict:
    """``named``: the salutation names the petitioner (not on a report, for staff who may not know them)."""
    case = reply.case
    petitioner = (case.petitioners.filter(is_primary=True).first() or case.petitioners.first()) if named else None
    labels = section_labels()
    dated = reply.signed_at or reply.drafted_at
    return {
        "reply": reply,
        "case": case,
        "center_name": str(settings.CENTER_NAME),
        "petitioner": petitioner,
        "sections": [(NUMERALS[i], labels[name], getattr(reply, name)) for i, name in enumerate(SECTIONS)],
        "date": timezone.localdate(dated),
        "draft": reply.signed_at is None,
        "signer": reply.signed_by,
    }


def reply_pdf(reply: Reply, *, named: bool = True) -> bytes:
    # deferred: weasyprint loads pango/cairo (slow, native libraries); only the PDF download needs it.
    from weasyprint import HTML

    with translation.override("zh-hans"):
        html = render_to_string("mediation/reply_letter.html", reply_letter_context(reply, named=named))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def reply_filename(reply: Reply) -> str:
    return f"reply-{reply.case.tracking_code}.pdf"
