"""Opening websockets through the real ASGI application, as a signed-in user or anonymously."""

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from center.asgi import application
from live.consumers import CLOSE_FORBIDDEN
from tests.lobby.factories import session_cookie_for

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


async def open_socket(path: str, user=None, *, origin=ORIGIN) -> WebsocketCommunicator:
    headers = [origin]
    if user is not None:
        headers.append((b"cookie", await sync_to_async(session_cookie_for)(user)))
    ws = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await ws.connect()
    assert connected
    return ws


async def assert_refused(path: str, user=None):
    ws = await open_socket(path, user)
    assert await ws.receive_output() == {"type": "websocket.close", "code": CLOSE_FORBIDDEN}
    await ws.disconnect()
