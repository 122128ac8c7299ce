"""The hall's screens: the lobby display (``ws/lobby/<token>/``, no login, public data only) and a
window's console for its clerk (``ws/windows/<code>/``)."""

from django.http import Http404
from django.utils import timezone

from live.consumers import LiveConsumer, run_db, shared
from live.realtime import group_name
from lobby import screens, selectors


def _window_for(user, code: str):
    try:
        return selectors.window_get_for_user(user, code=code, day=timezone.localdate())
    except Http404:
        return None


def _board_update(event: dict, language: str) -> dict:
    message = screens.board_snapshot(language=language)
    if event["type"] == "ticket.called":
        message["announce"] = screens.announcement(
            str(event.get("ticket", "")), int(event.get("window") or 0), str(event.get("call", "")), language=language
        )
    return message


class LobbyDisplayConsumer(LiveConsumer):
    """The TV in the lobby: tickets called to windows, waiting counts, duty leader, notices."""

    async def authorize(self):
        token = self.scope["url_route"]["kwargs"]["token"]
        self.display = await run_db(selectors.display_for_token, token)
        if self.display is None:
            return None
        return [group_name("lobby"), group_name("display", self.display.pk)]

    async def snapshot(self):
        return await run_db(screens.board_snapshot, language=self.language)

    async def _board(self, event):
        async def update():
            # Every display shows the same: one rendering per event and language per process.
            key = ("board", self.language, event["group"], event["seq"])
            return await shared.get(key, _board_update, event, self.language)

        await self.relay(event, update)

    ticket_called = _board
    ticket_changed = _board
    lobby_refresh = _board

    async def display_close(self, event):
        """The display was switched off, or its token renewed."""
        await self.close(code=4403)


class WindowConsumer(LiveConsumer):
    """The clerk's console of one window: tickets called there (also those transferred in), counts."""

    async def authorize(self):
        if not self.authenticated():
            return None
        self.window = await run_db(_window_for, self.user, self.scope["url_route"]["kwargs"]["code"])
        if self.window is None:
            return None
        return [group_name("lobby")]

    async def snapshot(self):
        return await run_db(screens.window_snapshot, self.window, language=self.language)

    async def _console(self, event):
        async def update():
            key = ("window", self.window.pk, self.language, event["group"], event["seq"])
            message = dict(await shared.get(key, screens.window_snapshot, self.window, language=self.language))
            if event["type"] == "ticket.called" and event.get("window") == self.window.pk:
                message["announce"] = {"ticket": event.get("ticket"), "call": event.get("call")}
            return message

        await self.relay(event, update)

    ticket_called = _console
    ticket_changed = _console
    lobby_refresh = _console
