"""A case's status as staff read it: one dictionary lookup per row instead of a chain of comparisons.

The texts are those the status badge has always shown (the same catalog entries); an incident of
the governance office (综治) reads its own, as ``cases.rules.status.GOVERNANCE_STATUS_LABELS`` names
its steps.
"""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

_GOVERNANCE = {
    "registered": _("Awaiting dispatch"),
    "routed": _("Awaiting dispatch"),
    "reopened": _("Awaiting dispatch"),
    "assigned": _("Dispatched, waiting for the unit to pick it"),
    "in_progress": _("Being dealt with by the competent unit"),
    "closed": _("Closed, measure taken"),
}
_PETITION = {
    "registered": _("Registered, routing to confirm"),
    "routed": _("Routed, awaiting the assignment sign-off"),
    "assigned": _("Assigned, waiting to be picked"),
    "in_progress": _("Being handled"),
    "objected": _("Objection pending, the director decides"),
    "reply_drafted": _("Reply drafted"),
    "awaiting_signoff": _("Awaiting the completion sign-off"),
    "signed_off": _("Signed off, reply to deliver"),
    "replied": _("Replied"),
    "follow_up_done": _("Follow-up visit done"),
    "reopened": _("Reopened, to be assigned again"),
    "closed": _("Settled and closed"),
    "withdrawn": _("Withdrawn"),
    "consultation_booked": _("Booked with the duty lawyer"),
    "consultation_missed": _("Did not come at the booked time, to book again"),
}


@register.filter
def status_text(status: str, service: str = "") -> str:
    """What the status badge says (the code itself for a status it does not know)."""
    if service == "governance" and status in _GOVERNANCE:
        return _GOVERNANCE[status]
    return _PETITION.get(status, status)


@register.simple_tag
def status_label(status: str, service: str = "") -> str:
    """``status_text`` as a tag, for ``mediation/includes/status.html``: an include may leave out the
    service (a missing tag argument reads as empty, where a missing filter argument is an error)."""
    return status_text(status, service or "")
