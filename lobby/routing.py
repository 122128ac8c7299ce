"""Websocket routes of the lobby and the live staff screens, for ``center/routing.py`` to include.

``ws/session/`` replaces the project's session consumer with its subclass that also brings the
person's joint-reception alerts.
"""

from django.urls import path

from lobby import consumers

websocket_urlpatterns = [
    path("ws/session/", consumers.AlertSessionConsumer.as_asgi(), name="ws-session"),
    path("ws/queues/<slug:unit_code>/", consumers.StaffQueueConsumer.as_asgi(), name="ws-queue"),
    path("ws/center/", consumers.DirectorConsumer.as_asgi(), name="ws-center"),
    path("ws/cases/<str:code>/presence/", consumers.CasePresenceConsumer.as_asgi(), name="ws-case-presence"),
    path("ws/lobby/<str:token>/", consumers.LobbyDisplayConsumer.as_asgi(), name="ws-lobby"),
    path("ws/windows/<slug:code>/", consumers.WindowConsumer.as_asgi(), name="ws-window"),
    path("ws/alerts/", consumers.AlertBoardConsumer.as_asgi(), name="ws-alerts"),
]
