"""The SMS section of the staff case page (``{% case_sms_section %}``).

The case page (``mediation``, below this app) includes ``messaging/includes/case_sms.html``, which
calls this tag: the case's SMS with their states, and "send again" on a failed one for the
petition office.
"""

from django import template

from messaging import backends
from messaging.selectors import case_sms

register = template.Library()


@register.inclusion_tag("messaging/includes/case_sms_section.html", takes_context=True)
def case_sms_section(context):
    request, case = context["request"], context["case"]
    rows = case_sms(request.user, case, viewer=context.get("viewer"))
    return {
        "shown": bool(rows) or backends.sms_enabled(),
        "rows": rows,
        "case": case,
        "csrf_token": context.get("csrf_token"),
    }
