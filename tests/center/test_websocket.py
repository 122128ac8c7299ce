"""The session socket through the real ASGI application: origin check, session auth, closing."""

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from center.asgi import application
from live.consumers import CLOSE_UNAUTHENTICATED
from live.session import CLOSE_ACCESS_CHANGED, sockets_close_for_user
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


def session_cookie_for(user) -> bytes:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}".encode()


def communicator(headers):
    return WebsocketCommunicator(application, "/ws/session/", headers=headers)


async def test_foreign_origin_is_refused():
    ws = communicator([(b"origin", b"http://evil.example.com")])
    connected, _ = await ws.connect()
    assert not connected


async def test_anonymous_is_closed():
    ws = communicator([ORIGIN])
    connected, code = await ws.connect()
    assert not connected
    assert code == CLOSE_UNAUTHENTICATED


async def test_signed_in_user_gets_hello_and_can_be_closed():
    from asgiref.sync import sync_to_async

    user = await sync_to_async(UserFactory)(username="clerk")
    cookie = await sync_to_async(session_cookie_for)(user)
    ws = communicator([ORIGIN, (b"cookie", cookie)])
    connected, _ = await ws.connect()
    assert connected
    hello = await ws.receive_json_from()
    assert (hello["type"], hello["user"]) == ("hello", "clerk")
    assert await ws.receive_json_from() == {"type": "alerts", "items": [], "seq": 2}  # none pending
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from() == {"type": "pong", "seq": 3}
    await ws.send_to(text_data="not json")
    assert (await ws.receive_json_from())["type"] == "error"

    await sync_to_async(sockets_close_for_user)(user_id=user.pk)
    output = await ws.receive_output()
    assert output == {"type": "websocket.close", "code": CLOSE_ACCESS_CHANGED}


async def test_a_notification_reaches_the_addressees_open_pages():
    from asgiref.sync import sync_to_async

    from mediation.services.notifications import push

    user = await sync_to_async(UserFactory)(username="handler")
    cookie = await sync_to_async(session_cookie_for)(user)
    ws = communicator([ORIGIN, (b"cookie", cookie)])
    await ws.connect()
    await ws.receive_json_from()  # hello
    await ws.receive_json_from()  # pending alerts
    await sync_to_async(push)(user_ids=[user.pk], message="答复即将到期", code="LH12345678AB")
    note = await ws.receive_json_from()
    assert (note["type"], note["message"], note["case"]) == ("notification", "答复即将到期", "LH12345678AB")
    await ws.disconnect()
