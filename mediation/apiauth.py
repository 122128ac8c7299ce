"""Who an API call acts for (/api/v1/).

Two proofs let a call act for a person:

* a personal API token, ``Authorization: Bearer <token>`` (``manage.py api_token_issue``), for the
  kiosk, the hotline and the province's systems;
* the signed-in browser session *together with* the CSRF token (``X-CSRFToken`` header), as for
  any form of the site. A session cookie alone proves nothing: a foreign page can make a
  browser send it (``Content-Type: text/plain`` needs no preflight).

Case handling (``mediation.api``) refuses a call without either; intake (``intake.api``) treats
it as an anonymous filer.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from mediation.services.tokens import api_token_user


class TokenAuth(HttpBearer):
    """A personal API token (only its SHA-256 is stored)."""

    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser session; writes need the CSRF token like any form."""

    def _get_key(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # no session: nothing to check, the caller is simply not signed in
        return super()._get_key(request)


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if not header:
        return None
    return token.strip() if scheme.lower() == "bearer" else ""


def api_caller(request: HttpRequest):
    """The person an API call acts for, or ``AnonymousUser`` when it proves nobody.

    A bearer token that proves nobody (unknown, revoked, malformed) is refused with 401 rather
    than taken for an anonymous call: its sender meant to act for someone. A session whose call
    fails the CSRF check acts for nobody.
    """
    token = _bearer(request)
    if token is not None:
        user = api_token_user(token)
        if user is None:
            raise AuthenticationError()
        request.user = user
        return user
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return AnonymousUser()
    if check_csrf(request) is not None:
        return AnonymousUser()
    return user
