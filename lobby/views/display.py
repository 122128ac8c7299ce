"""The lobby display: a full-screen page for the TV in the hall, bound to a display's token."""

import time

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lobby import screens, selectors, services


def _display(token: str):
    display = selectors.display_for_token(token)
    if display is None:
        raise Http404("no such display")
    return display


def _private(response):
    # The token is in the address: keep it out of caches and of other sites' referrer logs.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def display(request, token: str):
    shown = _display(token)
    services.display_seen(display=shown)
    snapshot = screens.board_snapshot(language=request.LANGUAGE_CODE)
    context = {
        "display": shown,
        "regions": snapshot["regions"],
        "token": token,
        # The clock shows the center's time, whatever the TV's own clock and zone say.
        "time_zone": settings.TIME_ZONE,
        "server_ms": int(time.time() * 1000),
    }
    return _private(render(request, "lobby/display.html", context))


@require_GET
def display_snapshot(request, token: str):
    _display(token)
    return _private(JsonResponse(screens.board_snapshot(language=request.LANGUAGE_CODE)))
