"""Public intake pages: the online form (served by a Wagtail page), its result, tracking, and the
published list of matters a proxy agent carries."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cases.errors import RateLimited
from cases.models import Case
from intake import selectors
from intake.forms import PublicCaseForm, TrackForm
from intake.proxy_public import published_list
from intake.services import case_file
from intake.slips import qr_svg_cached, tracking_url
from intake.tokens import form_token_check, form_token_new
from mediation.views.handling import public_reply_context
from web import ratelimit

RESULT_VISIBLE_SECONDS = 2 * 3600


def too_many(request, template="intake/too_many.html") -> HttpResponse:
    return render(request, template, status=429)


def public_form_blank(*, token: str, allow_files: bool) -> PublicCaseForm:
    """The form as a visitor first sees it."""
    return PublicCaseForm(initial={"token": token, "group_size": 1}, allow_files=allow_files)


def handle_public_form(request, *, template: str, context: dict, channel: str, kiosk=None, done_url_name: str):
    """GET shows the form; POST files the case once and redirects to its result page."""
    if request.method == "POST":
        token = form_token_check(request.POST.get("token", ""))
        if token is None:
            data = request.POST.copy()
            data["token"] = form_token_new()
            form = PublicCaseForm(data, allow_files=kiosk is None)
            messages.error(
                request,
                _("The form had expired. Please check your entries, attach any files again and send it again."),
            )
        else:
            form = PublicCaseForm(request.POST, request.FILES, allow_files=kiosk is None)
        if token is not None and form.is_valid():
            limit, who = (
                (ratelimit.FILE_KIOSK, f"kiosk:{kiosk.pk}")
                if kiosk
                else (
                    ratelimit.FILE_ONLINE,
                    ratelimit.client_address(request),
                )
            )
            try:
                case_file(
                    # Only the kiosk offers a queue number; the online form's filer is not in the lobby.
                    data=form.case_input(
                        channel=channel, wants_ticket=kiosk is not None and bool(request.POST.get("wants_ticket"))
                    ),
                    files=form.cleaned_data.get("attachments") or [],
                    kiosk=kiosk,
                    submission_token=token,
                    # A resubmission of a case already filed is never limited (asked after that check).
                    admit=lambda: ratelimit.allow(limit, who),
                )
            except RateLimited:
                return too_many(request)
            return redirect(done_url_name, token=token)
    else:
        form = public_form_blank(token=form_token_new(), allow_files=kiosk is None)
    response = TemplateResponse(request, template, {**context, "form": form})
    response["Cache-Control"] = "no-store"
    return response


def _recent_case_for_token(token: str, *, max_age: int) -> Case:
    case = Case.objects.filter(submission_token=token).select_related("ticket").first()
    if case is None or (timezone.now() - case.received_at).total_seconds() > max_age:
        raise Http404("no such submission")
    return case


@never_cache
def online_done(request, token: str):
    case = _recent_case_for_token(token, max_age=RESULT_VISIBLE_SECONDS)
    url = tracking_url(request, case)
    ack = reverse("intake:online-ack", args=[token])
    context = {"case": case, "qr": qr_svg_cached(url), "track_url": url, "ack_url": ack}
    return render(request, "intake/online_done.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    return track_page(request, template="intake/track.html")


def track_page(request, *, template: str, context: dict | None = None):
    """Status by tracking code and the phone's last four digits (an anonymous report: its passphrase);
    a wrong pair is 'not found'."""
    case = None
    searched = False
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            who = f"kiosk:{request.kiosk.pk}" if getattr(request, "kiosk", None) else ratelimit.client_address(request)
            if not ratelimit.allow(ratelimit.TRACK, who):
                return too_many(request)
            searched = True
            case = selectors.case_get_public(
                code=form.cleaned_data["code"],
                phone_last4=form.cleaned_data["phone_last4"],
                passphrase=form.cleaned_data["passphrase"],
            )
    else:
        form = TrackForm(initial={"code": request.GET.get("code", "")[:30]})
    context = {**(context or {}), "form": form, "case": case, "searched": searched, **public_reply_context(case)}
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def proxy_list(request):
    """代办件工作清单: the matters an agent may carry, where agents are, how to ask for one (issue 17)."""
    context = {"published": published_list(), "proxy_box_label": PublicCaseForm.base_fields["proxy_requested"].label}
    return render(request, "intake/proxy_list.html", context)
