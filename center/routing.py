"""Every websocket route of the portal (mounted by ``center.asgi`` behind origin check and session auth)."""

from lobby.routing import websocket_urlpatterns as lobby_websockets

# ``ws/session/`` (the lobby's subclass of live.consumers.SessionConsumer, adding alerts), the
# queues, the director's screen, case presence, the lobby display, windows and the alert board.
websocket_urlpatterns = [*lobby_websockets]
