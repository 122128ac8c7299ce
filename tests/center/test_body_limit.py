"""The ASGI body limit: a huge request is refused before Django spools it to disk."""

import asyncio
import json

import pytest
from django.core.asgi import get_asgi_application

from center.bodylimit import RequestBodyLimit

pytestmark = pytest.mark.django_db(transaction=True)


async def _call(app, path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]]):
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), *headers],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
    }
    messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]
    pulled = []

    async def receive():
        if len(pulled) == len(messages):
            await asyncio.Event().wait()  # the client waits for the answer (Django listens for a disconnect)
        pulled.append(1)
        return messages[len(pulled) - 1]

    sent = []

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], body, len(pulled)


async def test_a_declared_length_over_the_limit_is_refused_unread(settings):
    settings.UPLOAD_REQUEST_MAX_BYTES = 1000
    app = RequestBodyLimit(get_asgi_application())
    status, body, pulled = await _call(app, "/api/v1/intake/cases", [b"{}"], [(b"content-length", b"5000")])
    assert status == 413
    assert pulled == 0
    assert json.loads(body)["code"] == "too_large"


async def test_a_chunked_body_is_cut_off_at_the_limit(settings):
    settings.UPLOAD_REQUEST_MAX_BYTES = 1000
    app = RequestBodyLimit(get_asgi_application())
    status, body, pulled = await _call(app, "/track/", [b"x" * 600] * 10, [])
    assert status == 413
    assert pulled == 2  # stopped at the chunk that crossed the limit
    assert "请求内容过大" in body.decode()


async def test_a_body_within_the_limit_reaches_the_site(settings):
    settings.UPLOAD_REQUEST_MAX_BYTES = 1000
    app = RequestBodyLimit(get_asgi_application())
    status, body, _pulled = await _call(app, "/api/v1/intake/cases", [b"{", b"}"], [])
    assert status == 400  # Django answered: the guard's error schema, not the limit
    assert json.loads(body)["code"] == "fields"
