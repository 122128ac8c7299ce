"""Request middleware of the whole portal."""

import json
import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.csp import CSP
from django.utils.translation import gettext as _

from cases.permissions import viewers_remembered
from center.text import find_bad_text, text_problem, visible
from live.session import SESSION_STARTED_KEY
from web.apischema import error_response


class ChineseFirstLocaleMiddleware:
    """Activate Simplified Chinese unless the visitor chose another language.

    Django's LocaleMiddleware follows the browser's Accept-Language; a lobby
    kiosk or a clerk's browser set up in English would then show English. Here
    only an explicit choice (the language cookie set by ``set_language``)
    switches away from Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie",))
        return response


class ViewersRememberedMiddleware:
    """Read a signed-in person's standing towards cases once per request (``cases.permissions``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with viewers_remembered():
            return self.get_response(request)


class SessionLifetimeMiddleware:
    """End a signed-in session a fixed time after login, however active it is.

    The idle limit is Django's own (SESSION_COOKIE_AGE renewed on every
    request); this adds the absolute limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


# Wagtail's admin widgets start themselves with inline scripts they render without the request, so
# without its nonce (choosers: ``new SnippetChooser(...)``, the date pickers of its own listings'
# filters; wagtail/wagtail#1288). Under the site's policy they are blocked and, for example, the
# area chooser of a unit's form does nothing. In the admin alone, inline scripts are allowed
# (a nonce in the policy would make browsers ignore 'unsafe-inline', so there is none there).
ADMIN_PREFIX = "/admin/"
ADMIN_SCRIPT_SRC = [CSP.SELF, CSP.UNSAFE_INLINE]


class FrameAncestorsMiddleware:
    """Adjust the site's CSP where a response needs it, and nowhere else.

    - ``frame-ancestors`` in step with ``X-Frame-Options``. Browsers that know CSP ignore
      ``X-Frame-Options`` when ``frame-ancestors`` is present, so the two must say the same.
      Nothing may frame the site (``DENY``, ``frame-ancestors 'none'``) except where a view itself
      allows framing by the same origin (``SAMEORIGIN``): Wagtail's preview panel shows the page
      being edited in an iframe of the admin, and its preview views say so. For those responses
      alone the policy becomes ``frame-ancestors 'self'``.
    - ``script-src`` in the Wagtail admin (``ADMIN_SCRIPT_SRC``, see above).

    Listed after ContentSecurityPolicyMiddleware, so that it sees the response first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if hasattr(response, "_csp_config"):
            return response
        config = settings.SECURE_CSP
        if request.path.startswith(ADMIN_PREFIX):
            config = {**config, "script-src": ADMIN_SCRIPT_SRC}
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            config = {**config, "frame-ancestors": [CSP.SELF]}
        if config is not settings.SECURE_CSP:
            response._csp_config = config
        return response


API_PREFIX = "/api/"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Refused(Exception):
    def __init__(self, status: int, message: str, *, code: str, field: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.field = status, message, code, field


def _json_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _check_json(raw: bytes) -> None:
    """Strict JSON: UTF-8, no NaN or Infinity, not too deep, no bad text in keys or values."""
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_json_constant)
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, _("The request body is not valid JSON."), code="json") from None
    except RecursionError:
        raise Refused(400, _("The request is nested too deeply."), code="json") from None
    found = find_bad_text(data)
    if found:
        field, problem = found
        raise Refused(400, problem, code="bad_text", field=field)


def _too_large(limit: int) -> Refused:
    return Refused(
        413, _("The request is too large (at most %(size)d KB).") % {"size": limit // 1024}, code="too_large"
    )


def _body_limit(request) -> int:
    if request.path.startswith(API_PREFIX):
        return settings.API_BODY_MAX_BYTES
    if request.content_type == "multipart/form-data":
        return settings.UPLOAD_REQUEST_MAX_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def request_check(request) -> None:
    """Raise Refused when the request is too large or holds bad text (see center.text)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refused(400, _("The Content-Length header is not a number."), code="content_length") from None
    limit = _body_limit(request)
    if length > limit:
        raise _too_large(limit)
    problem = text_problem(request.path)
    if problem:
        raise Refused(400, problem, code="bad_text", field="path")
    for key, values in request.GET.lists():
        for text in (key, *values):
            problem = text_problem(text)
            if problem:
                raise Refused(400, problem, code="bad_text", field=visible(key) if text is not key else "query")
    is_json = request.content_type == "application/json" or request.content_type.endswith("+json")
    api_write = request.path.startswith(API_PREFIX) and request.method in WRITES
    if is_json or api_write:
        try:
            raw = request.body  # Django checks the real size too (a chunked body has no Content-Length)
        except RequestDataTooBig:
            raise _too_large(limit) from None
        if len(raw) > limit:
            raise _too_large(limit)
        if raw:
            _check_json(raw)


class RequestGuardMiddleware:
    """Refuse a request too large, or holding bad text, before any view reads it.

    One definition of bad text (``center.text``) for the path, the query string and every JSON
    body (the API's writes are JSON whatever their Content-Type says). Form bodies are left to the
    forms, whose text fields carry ``center.text.validate_text`` and answer with a field error.
    The API gets its error schema (``web.apischema``), everything else a short page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request_check(request)
        except Refused as refused:
            if request.path.startswith(API_PREFIX):
                errors = {refused.field: [refused.message]} if refused.field else None
                return error_response(refused.status, refused.message, code=refused.code, errors=errors)
            return render(request, "refused.html", {"message": refused.message}, status=refused.status)
        return self.get_response(request)
