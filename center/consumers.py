"""Websocket consumers of the portal itself."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from center.livesession import CLOSE_ACCESS_CHANGED, CLOSE_SESSION_ENDED, SessionBound
from departments.realtime import user_group

# Close codes (4000-4999 are the application's own).
CLOSE_UNAUTHENTICATED = 4401
__all__ = ["CLOSE_ACCESS_CHANGED", "CLOSE_SESSION_ENDED", "CLOSE_UNAUTHENTICATED", "SessionConsumer"]


class SessionConsumer(SessionBound, AsyncJsonWebsocketConsumer):
    """A signed-in staff member's session socket.

    It proves the stack end to end (origin validation, session auth) and is the
    socket through which logout or a change of role closes a user's screens. It
    ends with its session (``center.livesession``).
    """

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active or not await self.session_bind():
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.get_username()})

    async def disconnect(self, code):
        self.session_unbind()
        group = getattr(self, "group", None)
        if group:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_json({"type": "error", "message": "unknown message"})

    async def decode_json(self, text_data):
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None

    async def notification_new(self, event):
        """A notification stored for this user (mediation.notifications): show it on any open page."""
        await self.send_json({"type": "notification", "message": event["message"], "case": event["case"]})
