"""Websocket consumers of the lobby and the live staff screens (routes in ``lobby.routing``)."""

from lobby.consumers.base import CLOSE_FORBIDDEN, LiveConsumer
from lobby.consumers.lobby import LobbyDisplayConsumer, WindowConsumer
from lobby.consumers.presence import CasePresenceConsumer
from lobby.consumers.queues import DirectorConsumer, StaffQueueConsumer
from lobby.consumers.session import AlertBoardConsumer, AlertSessionConsumer

__all__ = [
    "CLOSE_FORBIDDEN",
    "AlertBoardConsumer",
    "AlertSessionConsumer",
    "CasePresenceConsumer",
    "DirectorConsumer",
    "LiveConsumer",
    "LobbyDisplayConsumer",
    "StaffQueueConsumer",
    "WindowConsumer",
]
