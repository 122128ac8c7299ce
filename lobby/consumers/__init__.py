"""Websocket consumers of the lobby and the live staff screens (routes in ``lobby.routing``)."""

from lobby.consumers.lobby import LobbyDisplayConsumer, WindowConsumer
from lobby.consumers.presence import CasePresenceConsumer
from lobby.consumers.queues import DirectorConsumer, StaffQueueConsumer
from lobby.consumers.session import AlertBoardConsumer, AlertSessionConsumer

__all__ = [
    "AlertBoardConsumer",
    "AlertSessionConsumer",
    "CasePresenceConsumer",
    "DirectorConsumer",
    "LobbyDisplayConsumer",
    "StaffQueueConsumer",
    "WindowConsumer",
]
