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
