"""The readable label of a case event (for the case page's history)."""

from django import template

from cases.events import event_label as label_of

register = template.Library()


@register.filter
def event_label(event) -> str:
    return label_of(getattr(event, "kind", ""))
