"""The portal's HTTP API (/api/v1/), documented by OpenAPI at /api/v1/openapi.json.

Every refusal answers with one schema (``web.apischema.ErrorOut``) and a message in the caller's
language: ninja's own refusals (validation, authentication, CSRF, 404) are mapped here.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from center.apidocs import LocalSwagger
from intake.api import router as intake_router
from mediation.api import router as mediation_router
from web.apischema import error_body, field_errors

api = NinjaAPI(
    title="One-Window API",
    version="1",
    description=str(gettext_lazy("Intake and tracking for the kiosk, the hotline and the province's systems.")),
    urls_namespace="api-v1",
    docs_url="/docs",
    docs=LocalSwagger(),
)
api.add_router("/intake", intake_router)
api.add_router("", mediation_router)


def _location_skip(error: dict) -> int:
    # ninja's locations: ("body", "<parameter>", field...), ("query", field), ("path", field).
    return 2 if error.get("loc", ("",))[0] == "body" else 1


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        for name, messages in field_errors([error], skip=_location_skip(error)).items():
            errors.setdefault(name, []).extend(m for m in messages if m not in errors.get(name, []))
    return api.create_response(
        request, error_body(_("Please correct the fields listed."), code="fields", errors=errors), status=400
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    body = error_body(_("Sign in, or send a valid API token (Authorization: Bearer …)."), code="unauthenticated")
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 403:
        body = error_body(_("The CSRF check failed: send the X-CSRFToken header with the session."), code="csrf")
    elif exc.status_code == 400:
        body = error_body(_("The request body is not valid JSON."), code="json")
    else:
        body = error_body(_("The request was refused."), code="refused")
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return api.create_response(request, error_body(_("Not found."), code="not_found"), status=404)
