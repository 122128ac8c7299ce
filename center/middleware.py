"""Request middleware of the whole portal."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.csp import CSP

SESSION_STARTED_KEY = "_one_window_started_at"


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


class FrameAncestorsMiddleware:
    """Keep CSP ``frame-ancestors`` in step with ``X-Frame-Options``.

    Browsers that know CSP ignore ``X-Frame-Options`` when ``frame-ancestors`` is present, so the
    two must say the same. Nothing may frame the site (``DENY``, ``frame-ancestors 'none'``)
    except where a view itself allows framing by the same origin (``SAMEORIGIN``): Wagtail's
    preview panel shows the page being edited in an iframe of the admin, and its preview views
    say so. For those responses alone the policy becomes ``frame-ancestors 'self'``.

    Listed after ContentSecurityPolicyMiddleware, so that it sees the response first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN" and not hasattr(response, "_csp_config"):
            response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
        return response
