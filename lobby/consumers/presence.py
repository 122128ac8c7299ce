"""Who else has a case open (``ws/cases/<code>/presence/``): staff names only, to those who may
see the case."""

from django.http import Http404

from cases.selectors import case_get_for_user
from live.consumers import CLOSE_FORBIDDEN, LiveConsumer, run_db
from live.realtime import asend_now, group_name
from lobby import screens
from lobby.presence import presence_join, presence_leave, presence_list
from lobby.queues import case_visible_to


def _case_for(user, code: str):

    try:
        case = case_get_for_user(user, code=code)
    except Http404:
        return None
    return case.pk, str(user)


class CasePresenceConsumer(LiveConsumer):
    async def authorize(self):
        if not self.authenticated():
            return None
        found = await run_db(_case_for, self.user, self.scope["url_route"]["kwargs"]["code"])
        if found is None:
            return None
        self.case_id, self.name = found
        self.others: list[str] | None = None
        self.group = group_name("case", self.case_id)
        return [self.group]

    async def _others(self) -> list[str]:
        return [p["name"] for p in await presence_list(self.case_id) if p["user"] != self.user.pk]

    async def snapshot(self):
        self.others = await self._others()
        return await run_db(screens.presence_snapshot, self.others, language=self.language)

    async def connected(self):
        await presence_join(self.case_id, channel=self.channel_name, user_id=self.user.pk, name=self.name)
        await asend_now(self.group, "presence.changed", {})

    async def disconnected(self):
        await presence_leave(self.case_id, channel=self.channel_name)
        await asend_now(self.group, "presence.changed", {})

    async def _refresh(self):
        others = await self._others()
        if others != self.others:
            self.others = others
            message = await run_db(screens.presence_snapshot, others, language=self.language)
            await self.send_live({"type": "update", **message})

    async def on_ping(self):
        await presence_join(self.case_id, channel=self.channel_name, user_id=self.user.pk, name=self.name)
        await self._refresh()

    async def presence_changed(self, event):
        self.in_turn(event)  # the list is re-read whole: a missed event changes nothing
        if not await run_db(case_visible_to, self.user, self.case_id):
            await self.close(code=CLOSE_FORBIDDEN)  # the case moved away from this person
            return
        await self._refresh()
