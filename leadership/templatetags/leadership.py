"""The case page's return-mission section, read here so that ``mediation`` never imports this app.

``{% case_returns case viewer as returns %}`` in ``templates/leadership/includes/case_returns.html``
(included by the staff case page): the case's missions, the same petitioner's earlier missions
(both through the visibility rule), and the form to open one for those who may.
"""

from django import template

from cases.permissions import viewer_for
from leadership import forms, selectors
from leadership.models import ReturnMission
from leadership.rules import returns as rr

register = template.Library()


@register.simple_tag(takes_context=True)
def case_returns(context, case, viewer=None) -> dict:
    request = context["request"]
    viewer = viewer or viewer_for(request.user)
    missions = list(ReturnMission.objects.filter(case=case).select_related("chief__user").order_by("-requested_at"))
    under_way = any(not m.finished for m in missions)
    roles = selectors.open_roles(viewer, case)
    may_open = rr.refusal(rr.OPEN, stage=None, roles=roles, open_mission=under_way) is None
    # The petitioner's earlier missions matter to those who run one (or may open one): read only then.
    earlier = []
    if missions or may_open:
        earlier = [
            m for m in selectors.earlier_missions(case, user=request.user, viewer=viewer) if m.case_id != case.pk
        ]
    bound = context.get("return_open_form")  # refused as typed (leadership.views.returns.mission_open)
    return {
        "missions": missions,
        "earlier": earlier,
        "shown": bool(missions or earlier or may_open),
        "open_form": (bound or forms.OpenForm(initial={"chief": getattr(selectors.area_chief_for(case), "pk", None)}))
        if may_open
        else None,
    }
