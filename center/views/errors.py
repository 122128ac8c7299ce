"""Answers for requests the portal could not serve.

A request that fails because the database is out of reach, or because every pooled connection
stayed busy for ``DB_POOL_TIMEOUT`` seconds, is not a bug of the portal: it gets 503 with
``Retry-After`` and a message in the visitor's language, so that clients and the proxy retry and a
resident is told to try again in a moment. Everything else is a 500.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5


def database_unavailable(error: BaseException | None) -> bool:
    """The error says the database could not be reached in time (not a bug of the query)."""
    return isinstance(error, OperationalError | InterfaceError)


def busy_response(request: HttpRequest) -> HttpResponse:
    message = _("The service is busy. Please try again in a few seconds.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"message": message, "errors": {}}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 when the database is unavailable, the plain error page otherwise."""
    if database_unavailable(sys.exc_info()[1]):
        return busy_response(request)
    return HttpResponse(loader.render_to_string("500.html"), status=500)
