from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

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


@register.filter
def local_moment(value) -> str:
    """A moment stored as ISO text in an event's data, as the reader's local date and time."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "Y-m-d H:i")
