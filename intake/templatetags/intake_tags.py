from django import template

from cases.events import public_event_label as public_label_of
from intake.validators import mask_id_number, mask_phone

register = template.Library()


@register.filter
def mask_id(value: str) -> str:
    return mask_id_number(value) if value else ""


@register.filter(name="mask_phone")
def mask_phone_filter(value: str) -> str:
    return mask_phone(value) if value else ""


@register.filter
def public_event_label(event) -> str:
    """How the petitioner reads a public event on the tracking page (``cases.events``)."""
    return public_label_of(getattr(event, "kind", ""))
