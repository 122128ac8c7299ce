"""The lobby kiosk: large steps, no login, a printed slip, and a reset when left alone."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Channel
from departments.models import Village
from intake.forms import PublicCaseForm
from intake.kiosk import COOKIE, kiosk_enroll, kiosk_required
from intake.slips import qr_svg_cached, tracking_url
from intake.views.public import _recent_case_for_token, handle_public_form, track_page

SLIP_VISIBLE_SECONDS = 180


def _context(request):
    return {
        "idle_seconds": settings.KIOSK_IDLE_SECONDS,
        "idle_warning_seconds": settings.KIOSK_IDLE_WARNING_SECONDS,
        "kiosk": request.kiosk,
    }


@require_GET
def enroll(request, key: str):
    result = kiosk_enroll(key)
    if result is None:
        raise Http404("unknown enrollment key")
    kiosk, cookie = result
    response = render(request, "intake/kiosk/enrolled.html", {"kiosk": kiosk})
    response.set_cookie(
        COOKIE, cookie, max_age=10 * 365 * 24 * 3600, httponly=True, samesite="Strict", secure=request.is_secure()
    )
    return response


@kiosk_required
@require_GET
def start(request):
    return render(request, "intake/kiosk/start.html", _context(request))


@kiosk_required
@require_http_methods(["GET", "POST"])
def file_case(request):
    if request.method == "POST" and "check" in request.POST:
        return step_check(request)
    return handle_public_form(
        request,
        template="intake/kiosk/file.html",
        context={**_context(request), "villages": Village.objects.select_related("area")},
        channel=Channel.KIOSK,
        kiosk=request.kiosk,
        done_url_name="intake:kiosk-slip",
    )


def step_check(request):
    """The errors of one step's fields (named by ``check``), before the villager moves on.

    Nothing is filed: the JavaScript only shows the form's own errors a step earlier; the final
    submission is validated again in full."""
    form = PublicCaseForm(request.POST, allow_files=False)
    return JsonResponse({"errors": form.errors_for(request.POST.getlist("check"))})


@kiosk_required
@require_GET
def slip(request, token: str):
    case = _recent_case_for_token(token, max_age=SLIP_VISIBLE_SECONDS)
    if case.kiosk_id != request.kiosk.pk:
        raise Http404("not this kiosk's case")
    url = tracking_url(request, case)
    return render(request, "intake/kiosk/slip.html", {**_context(request), "case": case, "qr": qr_svg_cached(url)})


@kiosk_required
@require_http_methods(["GET", "POST"])
def track(request):
    return track_page(request, template="intake/kiosk/track.html", context=_context(request))
