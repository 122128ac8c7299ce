from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_available(name: str) -> str:
    """The URL of a named route, or '' while the feature behind it is not installed yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""
