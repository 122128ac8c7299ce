"""Live staff screens: a unit's queue (``ws/queues/<unit_code>/``) and the director's whole center
(``ws/center/``). Events name a case by id only; each socket re-reads it for its own user."""

import json
from urllib.parse import parse_qs

from django.db import connection
from django.http import Http404

from departments.selectors import may_see_center, unit_get_for_user
from live.consumers import LiveConsumer, run_db, shared
from live.realtime import group_name
from lobby import queues, screens


def _unit_for(user, code: str):
    try:
        return unit_get_for_user(user, code=code)
    except Http404:
        return None


class Watchers:
    """The queue sockets of this process: per unit, each person's freshest reader.

    A change is read for everyone at once, in one trip to the database thread, instead of one
    trip per person (a thousand sockets of a busy unit would queue behind each other).
    """

    def __init__(self) -> None:
        self.units: dict[int, dict[int, list]] = {}

    def add(self, unit_id: int, user_id: int, reader) -> None:
        entry = self.units.setdefault(unit_id, {}).setdefault(user_id, [reader, 0])
        entry[0], entry[1] = reader, entry[1] + 1

    def renew(self, unit_id: int, user_id: int, reader) -> None:
        entry = self.units.get(unit_id, {}).get(user_id)
        if entry is not None:
            entry[0] = reader

    def remove(self, unit_id: int, user_id: int) -> None:
        people = self.units.get(unit_id, {})
        entry = people.get(user_id)
        if entry is not None:
            entry[1] -= 1
            if entry[1] <= 0:
                del people[user_id]

    def readers(self, unit_id: int) -> list:
        # list() copies atomically: the database thread reads while the event loop may add sockets.
        return [(user_id, entry[0]) for user_id, entry in list(self.units.get(unit_id, {}).items())]


watchers = Watchers()


def _states(unit_id: int, case_id: int) -> dict:

    clock = queues.Clock.now()
    with connection.cursor() as cursor:
        return {
            user_id: reader.state(case_id, clock=clock, cursor=cursor) for user_id, reader in watchers.readers(unit_id)
        }


class StaffQueueConsumer(LiveConsumer):
    """A unit's shared queue: waiting and held cases, with due-soon and overdue marks, and counts.

    Two ways to listen on ``ws/queues/<unit_code>/``:

    * ``?protocol=live`` (``live.js``): a snapshot of the regions, then rows and counts as they
      change (see ``lobby.screens``);
    * without it (case handling's queue page, ``mediation-queue.js``): ``{"type": "hello"}``, then
      ``{"type": "changed"}`` whenever something this person may see changed, and the page reloads.

    Either way, only a change that the person may see reaches them.
    """

    async def authorize(self):
        if not self.authenticated():
            return None
        self.unit = await run_db(_unit_for, self.user, self.scope["url_route"]["kwargs"]["unit_code"])
        if self.unit is None:
            return None
        self.live = parse_qs(self.scope.get("query_string", b"").decode()).get("protocol") == ["live"]
        self.reader = await run_db(queues.QueueReader, self.user, self.unit)
        state = await run_db(self.reader.state, 0)
        # The cases this socket's screen shows (the snapshot's rows, then rows as they come): a
        # change is read by the case's key, never by reading the whole queue again.
        self.visible: set[int] = set()
        self.texts = _texts(state["counts"])
        self.unit_id, self.user_id = self.unit.pk, self.user.pk
        watchers.add(self.unit_id, self.user_id, self.reader)
        return [group_name("queue", self.unit_id)]

    async def disconnected(self):
        watchers.remove(self.unit_id, self.user_id)

    async def snapshot(self):
        if not self.live:  # the page re-reads itself
            return {"type": "hello" if self.out_seq == 0 else "changed"}
        data = await run_db(screens.queue_snapshot, self.user, self.unit, language=self.language)
        self.visible = set(data.pop("ids"))
        self.texts = data["texts"]
        return data

    async def _fresh_reader(self, max_age: float) -> None:
        if self.reader.age() > max_age:
            self.reader = await run_db(queues.QueueReader, self.user, self.unit)
            watchers.renew(self.unit_id, self.user_id, self.reader)

    async def on_ping(self):
        await self._fresh_reader(queues.QueueReader.FRESH_SECONDS)

    async def case_changed(self, event):
        async def update():
            case_id = int(event["case"])
            await self._fresh_reader(queues.QueueReader.STALE_SECONDS)
            # One read per person and change in this process, however many tabs they have open,
            # all of them in one trip to the database thread.
            key = ("queue", self.unit_id, case_id, event["group"], event["seq"])
            states = await shared.get(key, _states, self.unit_id, case_id)
            state = states.get(self.user_id)
            if state is None:  # connected after the others were read
                state = await run_db(self.reader.state, case_id)
            region = state["region"]
            shown = case_id in self.visible
            if region is None:
                self.visible.discard(case_id)
            else:
                self.visible.add(case_id)
            texts = _texts(state["counts"])
            counts_changed, self.texts = texts != self.texts, texts
            if not self.live:
                # The queue page shows any page of the queue: it reloads for a change of a case
                # the person may see (the event came to this unit's group), or of the counts.
                return {"signal": True} if (region or shown or counts_changed or state["visible"]) else None
            if not shown and region is None and not counts_changed:
                return None  # nothing this person may see: not even that something happened
            message = {"texts": texts} if counts_changed else {}
            row = None
            if region is not None:
                # The row itself is the same for everyone who may see it: rendered once.
                key = ("queue-row", case_id, region, self.language, event["group"], event["seq"])
                row = await shared.get(key, screens.queue_row, case_id, region, language=self.language)
            if row is not None:
                message |= {"rows": [row], "change": event.get("change")}
            elif shown:
                message["rows"] = [{"id": case_id, "region": None}]
            return message

        await self.relay(event, update)

    async def send_update(self, event, message):
        if not self.live:
            await self.send_live({"type": "changed"})
            return
        # Every socket of one person gets the same message: encoded once per change and variant.
        variant = (self.user_id, *sorted(message))
        bodies = _encoded.setdefault(event["group"], {})
        if bodies.get("seq") != event["seq"]:
            bodies.clear()
            bodies["seq"] = event["seq"]
        body = bodies.get(variant)
        if body is None:
            body = bodies[variant] = json.dumps({"type": "update", "at": event.get("at"), **message})
        await self.send_encoded(body)


_encoded: dict[str, dict] = {}  # group -> {"seq": n, (user, message keys): JSON} of the latest change


def _texts(counts: dict) -> dict[str, str]:
    return {name: str(value) for name, value in counts.items()}


class DirectorConsumer(LiveConsumer):
    """The whole center for the director: per-unit counts, what falls due, a feed of changes."""

    async def authorize(self):
        if not self.authenticated() or not await run_db(may_see_center, self.user):
            return None
        return [group_name("center")]

    async def snapshot(self):
        return await run_db(screens.center_snapshot, self.user, language=self.language)

    async def case_changed(self, event):
        async def update():
            key = ("center", self.user.pk, self.language, event["group"], event["seq"])
            return await shared.get(
                key,
                screens.center_update,
                self.user,
                int(event["case"]),
                str(event.get("change", "")),
                float(event.get("at") or 0),
                f"feed-{event['seq']}",
                language=self.language,
            )

        await self.relay(event, update)
