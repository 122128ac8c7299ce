"""每周一会商 pages (issue 17): a unit's or a village's agenda and minutes; the director's view of weeks skipped."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.errors import ActionRefused, CaseNotFound
from cases.permissions import viewer_for
from departments.models import Unit, Village
from departments.selectors import unit_get_for_user
from mediation import services
from mediation.forms.consultation import ConsultationForm
from mediation.models import ConsultationItem
from mediation.rules import consultation as rules
from mediation.selectors.consultation import (
    consultation_agenda,
    consultation_gaps,
    consultations_for,
    last_held,
    open_actions_for,
    own_forums,
)
from mediation.services.consultation import may_read_village, may_record, owner_ids


def _members(forum):
    return get_user_model().objects.filter(pk__in=owner_ids(forum), is_active=True).order_by("username")


@login_required
@require_http_methods(["GET", "POST"])
def unit_consultation(request, unit: str):
    """The unit's agenda for this week, the form to record the minutes, and its past consultations."""
    return _consultation_page(request, unit_get_for_user(request.user, code=unit))


@login_required
@require_http_methods(["GET", "POST"])
def village_consultation(request, village: str):
    """A village's weekly consultation, held by its area's liaison team (or the area chief): its
    agenda, the minutes form and the past consultations. Missing and not yours answer alike."""
    found = Village.objects.select_related("area").filter(code=village).first()
    if found is None or not may_read_village(request.user, found):
        raise Http404("no such village")
    return _consultation_page(request, found)


def _consultation_page(request, forum):
    today = timezone.localdate()
    agenda = consultation_agenda(request.user, forum, today=today)
    form = None
    status = 200
    held = last_held(forum)
    done = held is not None and rules.week_start(held) == rules.week_start(today)  # once a week
    if may_record(request.user, forum) and not done:
        data = request.POST if request.method == "POST" else None
        form = ConsultationForm(data, agenda=agenda, members=_members(forum), initial={"held_on": today})
        if request.method == "POST":
            status = _record(request, forum, form)
            if status == 302:
                messages.success(request, _("The weekly consultation is recorded."))
                return redirect(request.path)
    elif request.method == "POST":
        if done:
            messages.error(request, _("The consultation of this week is already recorded."))
            return redirect(request.path)
        raise PermissionDenied
    context = {
        "unit": forum if isinstance(forum, Unit) else None,
        "village": forum if isinstance(forum, Village) else None,
        "forum": forum,
        "agenda": agenda,
        "form": form,
        "last_held": held,
        "done": done,
        "past": consultations_for(forum, request.user),
    }
    return render(request, "mediation/consultation.html", context, status=status)


def _record(request, forum, form) -> int:
    """Record the minutes from a bound form: 302 when stored, else the status to render the form with."""
    if not form.is_valid():
        return 400
    where = {"village": forum} if isinstance(forum, Village) else {"unit": forum}
    try:
        services.weekly_consultation_record(
            **where,
            actor=request.user,
            held_on=form.cleaned_data["held_on"],
            place=form.cleaned_data["place"],
            attendees=list(form.cleaned_data["attendees"]),
            other_attendees=form.cleaned_data["other_attendees"],
            notes=form.cleaned_data["notes"],
            items=form.items(),
        )
    except CaseNotFound as missing:
        raise Http404("no such case") from missing
    except ActionRefused as error:
        form.add_error(None, error.message)
        return error.status
    return 302


@login_required
@require_GET
def consultation_overview(request):
    """For the director (and a leader, over the units they supervise): who skipped a week."""
    viewer = viewer_for(request.user)
    leader = viewer is not None and (viewer.is_director or bool(viewer.supervised))
    gaps = consultation_gaps(viewer, today=timezone.localdate()) if leader else []
    own = own_forums(viewer) if viewer is not None else []
    context = {"leader": leader, "gaps": gaps, "own": own, "actions": open_actions_for(request.user)}
    return render(request, "mediation/consultation_overview.html", context)


@login_required
@require_POST
def consultation_action_done(request, pk: int):
    item = get_object_or_404(ConsultationItem.objects.select_related("case"), pk=pk)
    try:
        services.consultation_action_done(item=item, actor=request.user)
    except CaseNotFound as missing:
        raise Http404("no such action") from missing
    except ActionRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The action is marked done."))
    return redirect(reverse("mediation:case", args=[item.case.tracking_code]))
