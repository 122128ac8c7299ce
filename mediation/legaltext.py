"""What people read for the legal-aid documents (``mediation.rules.legal_aid``), through gettext."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DOCUMENT_LABELS: dict[str, Promise] = {
    "application_form": _("The legal-aid application form"),
    "identity": _("The applicant's identity card or other valid proof of identity"),
    "hardship": _("The statement of financial hardship (or papers proving it)"),
    "matter_papers": _("Papers of the matter legal aid is asked for"),
    "agent_authority": _("The agent's identity and proof of their authority"),
}


def document_label(code: str) -> str:
    label = DOCUMENT_LABELS.get(code)
    return str(label) if label is not None else code
