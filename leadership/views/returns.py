"""Return missions: open one from the case page, its own page with its steps, the list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.errors import ActionRefused
from cases.permissions import viewer_for
from cases.selectors import case_get_for_user, case_visible_q
from leadership import forms, selectors, services
from leadership.models import ReturnMission
from leadership.rules import returns as rr
from mediation.views.cases import case_page

LIST_LIMIT = 200


@login_required
@require_GET
def mission_list(request):
    """The return missions the person may see: the director's and the area chiefs' list."""
    viewer = viewer_for(request.user)
    rows = selectors.mission_list_for_user(request.user, viewer=viewer)
    stage = request.GET.get("stage", "")
    if stage in rr.STAGES:
        rows = rows.filter(stage=stage)
    missions = list(rows[:LIST_LIMIT])
    for mission in missions:
        mission.person = selectors.petitioner_shown(viewer, mission.case)
    return render(
        request,
        "leadership/returns.html",
        {"missions": missions, "stage": stage, "stages": ReturnMission.Stage.choices},
    )


@login_required
@require_POST
def mission_open(request, code: str):
    """Open a return mission from the case page; a refused form comes back on the case page as typed."""
    viewer = viewer_for(request.user)
    case = case_get_for_user(request.user, code=code, viewer=viewer)
    form = forms.OpenForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            mission = services.return_mission_open(case=case, actor=request.user, **form.cleaned_data)
        except ActionRefused as error:
            form.add_error(None, error.message)
            status = error.status
        else:
            messages.success(request, _("Return mission opened: the case is now leader-led."))
            return redirect("leadership:return", pk=mission.pk)
    case = case_get_for_user(request.user, code=code, viewer=viewer)
    return case_page(request, case, viewer=viewer, bound={"return_open_form": form}, status=status)


def mission_context(request, mission: ReturnMission, *, viewer=None, bound: dict | None = None) -> dict:
    viewer = viewer or viewer_for(request.user)
    roles = selectors.mission_roles(viewer, mission)
    allowed = {a for a in rr.ACTIONS if a != rr.OPEN and rr.refusal(a, stage=mission.stage, roles=roles) is None}
    bound = bound or {}
    case_visible = type(mission.case).objects.filter(case_visible_q(request.user, viewer=viewer), pk=mission.case_id)
    earlier = selectors.earlier_missions(mission.case, user=request.user, viewer=viewer)
    return {
        "mission": mission,
        "case": mission.case,
        "case_visible": case_visible.exists(),
        "person": selectors.petitioner_shown(viewer, mission.case),
        "earlier": [m for m in earlier if m.pk != mission.pk],
        "allowed": allowed,
        "team_form": bound.get("team") or forms.TeamForm(mission=mission),
        "dispatch_form": bound.get("dispatch") or forms.DispatchForm(),
        "return_form": bound.get("return") or forms.ReturnForm(),
        "interview_form": bound.get("interview") or forms.InterviewForm(),
        "call_off_form": bound.get("call_off") or forms.CallOffForm(),
    }


@login_required
@require_GET
def mission_page(request, pk: int):
    viewer = viewer_for(request.user)
    mission = selectors.mission_get_for_user(request.user, pk=pk, viewer=viewer)
    return render(request, "leadership/return.html", mission_context(request, mission, viewer=viewer))


def _step(request, pk: int, name: str, form_class, run):
    viewer = viewer_for(request.user)
    mission = selectors.mission_get_for_user(request.user, pk=pk, viewer=viewer)
    form = form_class(request.POST, mission=mission) if form_class is forms.TeamForm else form_class(request.POST)
    status = 400
    if form.is_valid():
        try:
            run(mission, form)
        except ActionRefused as error:
            form.add_error(None, error.message)
            status = error.status
        else:
            messages.success(request, _("Recorded."))
            return redirect("leadership:return", pk=pk)
    mission = selectors.mission_get_for_user(request.user, pk=pk, viewer=viewer)
    context = mission_context(request, mission, viewer=viewer, bound={name: form})
    return render(request, "leadership/return.html", context, status=status)


@login_required
@require_POST
def mission_team(request, pk: int):
    return _step(
        request,
        pk,
        "team",
        forms.TeamForm,
        lambda m, f: services.return_team_set(mission=m, actor=request.user, members=f.members()),
    )


@login_required
@require_POST
def mission_dispatch(request, pk: int):
    return _step(
        request,
        pk,
        "dispatch",
        forms.DispatchForm,
        lambda m, f: services.return_mission_dispatch(mission=m, actor=request.user, **f.cleaned_data),
    )


@login_required
@require_POST
def mission_return(request, pk: int):
    return _step(
        request,
        pk,
        "return",
        forms.ReturnForm,
        lambda m, f: services.return_mission_return(mission=m, actor=request.user, **f.cleaned_data),
    )


@login_required
@require_POST
def mission_interview(request, pk: int):
    return _step(
        request,
        pk,
        "interview",
        forms.InterviewForm,
        lambda m, f: services.return_mission_interview(mission=m, actor=request.user, **f.cleaned_data),
    )


@login_required
@require_POST
def mission_call_off(request, pk: int):
    return _step(
        request,
        pk,
        "call_off",
        forms.CallOffForm,
        lambda m, f: services.return_mission_call_off(mission=m, actor=request.user, **f.cleaned_data),
    )
