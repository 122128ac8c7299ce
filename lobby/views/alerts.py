"""Joint-reception alerts: the petition office's board, and acknowledging an alert."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.errors import NotAllowed
from lobby import selectors, services
from lobby.models import JointReceptionAlert

MY_ALERTS = 20


@login_required
@require_GET
def alert_list(request):
    board = selectors.may_see_alert_board(request.user)
    mine = selectors.alerts_for_user(request.user, limit=MY_ALERTS)
    return render(
        request,
        "lobby/alerts.html",
        {
            "board": board,
            "alerts": selectors.alert_board_for_user(request.user) if board else [],
            "mine": mine,
        },
    )


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def acknowledge(request, pk: int):
    alert = get_object_or_404(JointReceptionAlert, pk=pk)
    try:
        services.alert_acknowledge(alert=alert, user=request.user)
    except NotAllowed as error:
        raise Http404("not a recipient") from error
    if _wants_json(request):
        return JsonResponse({"acknowledged": True, "id": alert.pk})
    messages.success(request, _("You have acknowledged the alert. The petition office can see it."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("lobby:alerts")
