"""ASGI: refuse an HTTP request body over the site's largest limit before Django spools it.

Django's ASGI handler reads the whole body into a temporary file before any middleware runs, and
daphne sets no limit of its own: without this a client could fill the disk with one request. The
limit here is the largest any request may be (``UPLOAD_REQUEST_MAX_BYTES``); the finer limits (the
API's JSON, a form's fields) are the request guard's (``center.middleware.RequestGuardMiddleware``).
"""

import json

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _


class BodyTooLarge(Exception):
    pass


class RequestBodyLimit:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = settings.UPLOAD_REQUEST_MAX_BYTES
        headers = dict(scope.get("headers", []))
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            await self._refuse(scope, send, limit)
            return
        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def watched_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send, limit)

    async def _refuse(self, scope, send, limit: int) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            message = _("The request is too large (at most %(size)d KB).") % {"size": limit // 1024}
        if scope.get("path", "").startswith("/api/"):
            body = json.dumps({"message": message, "code": "too_large", "errors": {}}, ensure_ascii=False).encode()
            content_type = b"application/json"
        else:
            body, content_type = message.encode(), b"text/plain; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
