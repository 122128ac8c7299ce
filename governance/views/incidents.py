"""Incident pages: the phone page of a grid worker or a village's staff and their incidents' progress,
the governance case page and its forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.errors import ActionRefused, CaseNotFound
from cases.permissions import viewer_for
from cases.selectors import case_get_for_user
from governance import permissions, selectors
from governance.forms import CloseForm, DispatchForm, IncidentForm
from governance.models import Incident, ScreeningItem
from governance.services import incident_close, incident_dispatch, incident_report
from mediation.history import status_text
from mediation.permissions import case_actions_for
from mediation.selectors.escalation import completion_missing_labels, is_leader_led
from mediation.views.clocks import clocks_context
from mediation.views.common import form_errors


@login_required
@require_GET
def home(request):
    """The governance start page: a grid worker's own incidents (a village's staff: the village's);
    the office's cases to dispatch and follow."""
    viewer = viewer_for(request.user)
    worker = permissions.grid_worker_for(request.user)
    oversees = permissions.may_oversee(request.user, viewer=viewer)
    context = {"worker": worker, "oversees": oversees}
    if worker is not None:
        context["mine"] = selectors.incident_list_for_reporter(request.user)[:50]
    if viewer is not None and (oversees or viewer.units()):
        # The office dispatches; a unit follows the incidents sent to it (both through the visibility rule).
        # A grid worker or a village's staff, member of no unit, has only their own list above.
        context["to_dispatch"] = selectors.cases_to_dispatch(request.user)[:100] if oversees else None
        context["open"] = selectors.cases_open(request.user)[:100]
    return render(request, "governance/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report(request):
    """A grid worker or a village's staff report an incident (a phone-sized page)."""
    worker = permissions.grid_worker_for(request.user)
    if worker is None:
        return render(
            request,
            "refused.html",
            {"message": _("Only a grid worker or a village's staff can report incidents.")},
            status=403,
        )
    form = IncidentForm(request.POST or None, request.FILES or None, worker=worker)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                incident = incident_report(
                    actor=request.user,
                    data=form.incident(),
                    photos=form.cleaned_data["photos"],
                    submission_token=form.cleaned_data["token"],
                )
            except ActionRefused as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(
                    request,
                    _("Incident reported: tracking code %(code)s.") % {"code": incident.case.display_code},
                )
                return redirect("governance:mine", code=incident.case.tracking_code)
        else:
            status = 400
    return render(request, "governance/report.html", {"form": form, "worker": worker}, status=status)


@login_required
@require_GET
def mine(request, code: str):
    """One of the person's incidents (a village's staff: of their village) and how its case stands (404 for others)."""
    incident = selectors.incident_get_for_reporter(request.user, code=code)
    if incident is None:
        raise Http404("no such incident")
    return render(
        request,
        "governance/mine.html",
        {
            "incident": incident,
            "case": incident.case,
            "status_label": status_text(incident.case.status, "governance"),
            "progress": selectors.incident_progress(incident),
            "photos": incident.case.attachments.all(),
        },
    )


def _governance_case(request, code: str):
    case = case_get_for_user(request.user, code=code)
    if case.service != "governance":
        raise Http404("not a governance case")
    return case


@login_required
@require_GET
def case_page(request, code: str):
    """A governance case for the staff who may see it: where, what, how risky, the steps they may take."""
    return _case_render(request, code)


def _case_render(request, code: str, *, bound: dict | None = None, status: int = 200):
    case = _governance_case(request, code)
    viewer = viewer_for(request.user)
    actions = permissions.governance_actions(request.user, case, viewer=viewer)
    queue_actions = case_actions_for(request.user, case, viewer=viewer)
    bound = bound or {}
    context = {
        "case": case,
        "routing": getattr(case, "routing", None),
        "incident": Incident.objects.filter(case=case).select_related("village", "category", "reporter").first(),
        "item": ScreeningItem.objects.filter(case=case).select_related("screening__village", "category").first(),
        "status_label": status_text(case.status, "governance"),
        "photos": case.attachments.all(),
        "actions": actions,
        "queue_actions": queue_actions,
        "measure": case.events.filter(kind="governance_closed").order_by("-at").first(),
        **clocks_context(request, case, actions=frozenset()),
        # A leader-led incident (一（四）) is closed only when its owner has done what 二（二）、二（四） ask.
        "leader_led_missing": completion_missing_labels(case) if is_leader_led(case) else None,
    }
    if "dispatch" in actions or "redispatch" in actions:
        context["dispatch_form"] = bound.get("dispatch") or DispatchForm()
    if "close_with_measure" in actions:
        context["close_form"] = bound.get("close") or CloseForm()
    return render(request, "governance/case.html", context, status=status)


def _act(request, code: str, form_class, name: str, run, success: str):
    case = _governance_case(request, code)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the form: %(errors)s") % {"errors": form_errors(form)})
        return _case_render(request, code, bound={name: form}, status=400)
    try:
        run(case, form.cleaned_data)
    except CaseNotFound as missing:
        raise Http404("no such case") from missing
    except ActionRefused as error:
        form.add_error(None, error.message)
        messages.error(request, error.message)
        return _case_render(request, code, bound={name: form}, status=error.status)
    messages.success(request, success)
    return redirect("governance:case", code=case.tracking_code)


@login_required
@require_POST
def dispatch(request, code: str):
    return _act(
        request,
        code,
        DispatchForm,
        "dispatch",
        lambda case, d: incident_dispatch(case=case, actor=request.user, unit=d["unit"]),
        _("Dispatched to the competent unit; its response clock runs."),
    )


@login_required
@require_POST
def close(request, code: str):
    return _act(
        request,
        code,
        CloseForm,
        "close",
        lambda case, d: incident_close(case=case, actor=request.user, measure=d["measure"]),
        _("The measure is recorded and the case is closed."),
    )
