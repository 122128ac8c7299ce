"""Live staff screens: a unit's queue, the director's whole center, and the lobby's index page.

Each page renders its current state on the server (it works without JavaScript); ``live.js``
then keeps it current over a websocket, and re-fetches the JSON snapshot when it must.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from departments.selectors import may_see_center, membership_list_for_user, unit_get_for_user, unit_list_for_user
from lobby import screens, selectors


@login_required
@require_GET
def index(request):
    user = request.user
    director = may_see_center(user)
    units = unit_list_for_user(user) if director else [m.unit for m in membership_list_for_user(user)]
    return render(
        request,
        "lobby/index.html",
        {
            "units": units,
            "windows": selectors.window_list_for_user(user, day=timezone.localdate()),
            "director": director,
            "alert_board": selectors.may_see_alert_board(user),
        },
    )


@login_required
@require_GET
def queue(request, unit: str):
    unit_obj = unit_get_for_user(request.user, code=unit)
    data = screens.queue_snapshot(request.user, unit_obj, language=request.LANGUAGE_CODE, csrf_token=get_token(request))
    return render(request, "lobby/queue.html", {"unit": unit_obj, "regions": data["regions"], "texts": data["texts"]})


@login_required
@require_GET
def queue_snapshot(request, unit: str):
    unit_obj = unit_get_for_user(request.user, code=unit)
    data = screens.queue_snapshot(request.user, unit_obj, language=request.LANGUAGE_CODE)
    data.pop("ids")
    return JsonResponse(data)


def _director(request):
    if not may_see_center(request.user):
        raise Http404("not the director")


@login_required
@require_GET
def center(request):
    _director(request)
    data = screens.center_snapshot(request.user, language=request.LANGUAGE_CODE)
    return render(request, "lobby/center.html", {"regions": data["regions"], "texts": data["texts"]})


@login_required
@require_GET
def center_snapshot(request):
    _director(request)
    return JsonResponse(screens.center_snapshot(request.user, language=request.LANGUAGE_CODE))
