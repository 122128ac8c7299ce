from django.urls import path

from center.consumers import SessionConsumer

websocket_urlpatterns = [
    path("ws/session/", SessionConsumer.as_asgi(), name="ws-session"),
]
