"""Template filters of the case-handling pages."""

from django import template

from cases.models import CaseKind

register = template.Library()


@register.filter
def case_kind_label(code: str) -> str:
    """The translated name of a stored case kind (``policy`` → 政策性问题)."""
    try:
        return str(CaseKind(code).label)
    except ValueError:
        return code or "—"


@register.filter
def unit_name(code: str, event) -> str:
    """The name of a unit an event stores by code (``agriculture`` → 农业农村办); ``event.names`` from
    ``mediation.history.with_unit_names``."""
    names = getattr(event, "names", None)
    if names is None:
        return code or "—"
    return names.unit(code)
