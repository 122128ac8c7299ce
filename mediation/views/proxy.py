"""代办 pages (issue 17): the case page's section, and the agent's workbench across units."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.permissions import case_roles, viewer_for
from cases.rules import status as st
from mediation import services
from mediation.forms.proxy import ProxyAssignForm, ProxyDocumentForm, ProxyHelpForm
from mediation.selectors.notifications import notifications_for
from mediation.selectors.proxy import (
    agents_for_case,
    consent_of,
    documents_for,
    helps_for,
    proxy_cases_for,
    proxy_documents_for,
    proxy_handling_of,
)
from mediation.views.common import act


def proxy_context(request, case, *, viewer=None) -> dict:
    """What ``includes/proxy.html`` shows: the agent who carries the case, the help given, the forms."""
    viewer = viewer or viewer_for(request.user)
    handling = proxy_handling_of(case)
    open_case = case.status not in st.TERMINAL_STATUSES
    assigner = viewer is not None and open_case and (viewer.is_director or st.CLERK in case_roles(viewer, case))
    is_agent = handling is not None and handling.agent.user_id == request.user.pk
    if handling is None and not assigner and not case.proxy_requested:
        return {"shown": False}
    context = {
        "shown": True,
        "handling": handling,
        "requested": case.proxy_requested,
        "helps": list(helps_for(case)) if handling is not None else [],
        "documents": list(documents_for(case)) if handling is not None else [],
        "consent": consent_of(case) if handling is not None and handling.requested_via == "agent" else None,
        "is_agent": is_agent,
    }
    if assigner:
        context["assign_form"] = ProxyAssignForm(agents=agents_for_case(case))
    if is_agent and open_case:
        context["help_form"] = ProxyHelpForm(initial={"on": timezone.localdate()})
        context["document_form"] = ProxyDocumentForm(initial={"on": timezone.localdate(), "direction": "to_unit"})
    return context


@login_required
@require_POST
def proxy_assign(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_proxy_assign(case=case, actor=request.user, **d),
        form_class=ProxyAssignForm,
        form_kwargs=lambda case: {"agents": agents_for_case(case)},
        form_name="proxy.assign_form",
        success=_("The proxy agent now carries the case and is told."),
    )


@login_required
@require_POST
def proxy_help(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.proxy_help_record(case=case, actor=request.user, **d),
        form_class=ProxyHelpForm,
        form_name="proxy.help_form",
        success=_("The help is recorded."),
    )


@login_required
@require_GET
def workbench(request):
    """The agent's cases across units, with where each stands, and the documents they carried."""
    viewer = viewer_for(request.user)
    cases = list(proxy_cases_for(request.user)[:200])
    return render(
        request,
        "mediation/proxy_workbench.html",
        {
            "cases": cases,
            "terminal": st.TERMINAL_STATUSES,
            "documents": list(proxy_documents_for(request.user)),
            # What the agent is told of their cases (every public step), as on the live notices.
            "steps": list(notifications_for(request.user).filter(kind="proxy_step").order_by("-created_at")[:20]),
            "is_agent": viewer is not None and viewer.proxy_agent_id is not None,
        },
    )
