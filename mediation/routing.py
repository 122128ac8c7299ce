"""Websocket routes of case handling (to be listed in ``center.routing.websocket_urlpatterns``)."""

from django.urls import path

from mediation.consumers import QueueConsumer

websocket_urlpatterns = [
    path("ws/queues/<slug:unit>/", QueueConsumer.as_asgi(), name="ws-queue"),
]
