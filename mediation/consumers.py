"""The shared queue's live socket: tells a queue screen when to re-fetch.

Read-only: authorised in ``connect()`` by the same selector as the queue page (a unit the person may
not open answers like one that does not exist), joined to the queue's group (``queue.<pk>``) and to
the user's own group (so that logout or a change of role closes it). Events carry a sequence number
and no case data; the screen re-fetches the page, which applies the visibility rule.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from departments.realtime import user_group
from mediation.realtime import queue_group

CLOSE_NOT_FOUND = 4404
CLOSE_SESSION_ENDED = 4403


@database_sync_to_async
def _unit_for(user, code: str) -> int | None:
    from departments.selectors import unit_list_for_user

    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return unit_list_for_user(user).filter(code=code).values_list("pk", flat=True).first()


class QueueConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.groups_joined = []
        unit_id = await _unit_for(self.scope.get("user"), self.scope["url_route"]["kwargs"].get("unit", ""))
        if unit_id is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        for group in (queue_group(unit_id), user_group(self.scope["user"].pk)):
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.accept()
        await self.send_json({"type": "hello", "seq": 0})

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "error", "message": "this socket only listens"})

    async def decode_json(self, text_data):
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None

    async def queue_changed(self, event):
        await self.send_json({"type": "changed", "seq": event.get("seq", 0)})

    async def session_close(self, event):
        await self.close(code=CLOSE_SESSION_ENDED)
