from django.urls import path

from center.consumers import SessionConsumer
from mediation.routing import websocket_urlpatterns as mediation_websockets

websocket_urlpatterns = [
    path("ws/session/", SessionConsumer.as_asgi(), name="ws-session"),
    *mediation_websockets,
]
