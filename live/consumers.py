"""The base consumers: every live screen's (:class:`LiveConsumer`) and the signed-in session socket
(:class:`SessionConsumer`).

What every live screen's consumer does: authorize in connect(), join ASCII groups, send a
snapshot, then relay events re-read for its own user; close when the session ends.

Sequence numbers, twice:

* events from a group carry the group's number (``live.realtime``); a consumer that sees one out
  of turn (a message the layer dropped, a cache that was emptied) sends a fresh snapshot instead;
* every message to the browser carries the socket's own number, counted from 1 at each
  connection; a page that sees a gap asks for a snapshot, and a reconnected page gets one.

An event for something the user may not see is dropped without a trace: the page learns neither
the id nor that anything happened.
"""

import asyncio
import logging
import weakref

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.db import DatabaseError, connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from live.hub import hub_for
from live.realtime import asequence_current
from live.session import CLOSE_SESSION_ENDED, SessionBound, user_group

logger = logging.getLogger(__name__)

# Close codes (4000-4999 are the application's own).
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
# "Try again later": the channel layer is unavailable. RFC 6455's own 1013 cannot be sent through
# daphne (autobahn lets an application close only with 1000 or 3000-4999), so our 4xxx range.
CLOSE_TRY_AGAIN = 4013
LAYER_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
"""Not allowed (or no such thing: answered alike), or the role was lost. A socket whose session
ends closes with ``live.session.CLOSE_SESSION_ENDED`` (4401)."""


def language_of(scope) -> str:
    """The page's language: Chinese unless the person chose another (as ChineseFirstLocaleMiddleware)."""
    chosen = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def _keep_connection(compute, *args, **kwargs):
    """Run a read in the database thread on its open connection.

    ``database_sync_to_async`` closes the connection around every call unless CONN_MAX_AGE keeps
    it (the embedded SQLite profile has 0): reopening it for every event and person was most of
    the cost of a change. These reads run outside any transaction; a connection that fails is
    closed, and the next read opens a new one.
    """

    try:
        return compute(*args, **kwargs)
    except DatabaseError:
        connection.close()
        raise


async def run_db(compute, *args, **kwargs):
    """``database_sync_to_async`` for the consumers' reads, on the database thread's open connection."""
    return await sync_to_async(_keep_connection)(compute, *args, **kwargs)


class Shared:
    """Work shared, inside one process, by the sockets that receive the same event.

    The key names the event (group and sequence number) and everything the result depends on
    (the user, the language, the screen): a person with the queue open in five tabs costs one
    read per change, not five. Results live a few seconds; the layer delivers within that.
    """

    def __init__(self, ttl: float = 10.0, limit: int = 4000) -> None:
        self.ttl = ttl
        self.limit = limit
        self._by_loop: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    async def get(self, key, compute, *args, **kwargs):
        loop = asyncio.get_running_loop()
        items = self._by_loop.setdefault(loop, {})
        now = loop.time()
        item = items.get(key)
        if item is None or item[0] < now:
            if len(items) >= self.limit:
                for old in [k for k, (until, _t) in items.items() if until < now]:
                    del items[old]
            item = (now + self.ttl, loop.create_task(run_db(compute, *args, **kwargs)))
            items[key] = item
        try:
            return await asyncio.shield(item[1])
        except asyncio.CancelledError:
            raise
        except Exception:
            if items.get(key) is item:
                del items[key]
            raise


shared = Shared()


class Sequenced:
    """Numbers outgoing messages per socket and checks incoming group events for gaps."""

    def sequence_reset(self) -> None:
        self.out_seq = 0
        self.seen: dict[str, int] = {}

    async def sequence_track(self, group: str) -> None:
        self.seen[group] = await asequence_current(group)

    def in_turn(self, event: dict) -> bool:
        """Whether the event is the next one of its group (anything else calls for a snapshot)."""
        group, seq = event.get("group"), event.get("seq")
        if group not in self.seen or not isinstance(seq, int):
            return True
        last, self.seen[group] = self.seen[group], seq
        return seq == last + 1

    def numbered(self, content: dict) -> dict:
        self.out_seq += 1
        return {**content, "seq": self.out_seq}

    async def dispatch(self, message):
        """Ignore events this screen has no use for (a user's group carries several kinds).

        Group events skip Channels' per-message ``close_old_connections`` hop to the database
        thread: these consumers touch the database only through ``database_sync_to_async``, which
        does it anyway, and with a thousand sockets the hop per event and socket is the cost.
        """
        if getattr(self, "session_over", False) and not message["type"].startswith("websocket."):
            return  # the session ended: nothing more is read for this page
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            logger.debug("%s ignores %s", type(self).__name__, message.get("type"))
            return
        if message["type"].startswith("websocket."):
            await super().dispatch(message)
        elif getattr(self, "busy", 0) and message["type"] != "session.close":
            self.pending.append(message)  # after the snapshot in flight (see LiveConsumer.send_snapshot)
        else:
            await handler(message)


class LiveConsumer(SessionBound, Sequenced, AsyncJsonWebsocketConsumer):
    """A read-only live screen. Subclasses say who may connect (``authorize``) and what the
    screen shows (``snapshot``), and handle their events with ``relay``. A signed-in screen ends
    with its session (``live.session``)."""

    async def connect(self):
        self.sequence_reset()
        self.joined: list[str] = []
        self.tasks: set[asyncio.Task] = set()
        self.pending: list[dict] = []
        self.busy = 1  # events wait for the first snapshot
        self.language = language_of(self.scope)
        self.user = self.scope.get("user")
        groups = await self.authorize()
        if groups is None:
            # Accepted, then closed with a reason: a browser would only see 1006 for a refused
            # handshake, and keep retrying.
            await self.accept()
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if not await self.session_bind():
            await self.accept()
            await self.close(code=CLOSE_SESSION_ENDED)
            return
        try:
            await self.join(groups)
        except LAYER_UNAVAILABLE:
            # The channel layer (Redis) is away or reconnecting: the screen shows "offline" and
            # tries again with its backoff, rather than seeing a failed handshake.
            logger.warning("live screen refused while the channel layer is unavailable", exc_info=True)
            await self.accept()
            await self.close(code=CLOSE_TRY_AGAIN)
            return
        await self.accept()
        await self.send_snapshot()
        self.busy -= 1
        await self.replay()
        await self.connected()

    async def join(self, groups: list[str]) -> None:
        self.hub = hub_for(self.channel_layer)
        for group in groups:  # through the process's hub: one layer membership per process
            await self.hub.join(group, self)
        self.groups_live = list(groups)
        if self.user is not None and self.user.is_authenticated:
            self.joined.append(user_group(self.user.pk))  # logout and role changes close the socket
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        for group in groups:
            await self.sequence_track(group)

    async def disconnect(self, code):
        self.session_unbind()
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        for group in getattr(self, "groups_live", []):
            await self.hub.leave(group, self)
        for task in getattr(self, "tasks", set()):
            task.cancel()
        if getattr(self, "groups_live", None) is not None:
            await self.disconnected()

    # -- for subclasses ------------------------------------------------------------------------

    async def authorize(self) -> list[str] | None:
        """The groups to join, or None to refuse (missing and forbidden alike)."""
        raise NotImplementedError

    async def snapshot(self) -> dict:
        raise NotImplementedError

    async def connected(self) -> None:
        """After the snapshot went out."""

    async def disconnected(self) -> None:
        """After leaving the groups (only for sockets that were allowed in)."""

    async def on_ping(self) -> None:
        """The page's heartbeat (every 25 seconds)."""

    def authenticated(self) -> bool:
        return self.user is not None and self.user.is_authenticated and self.user.is_active

    # -- sending -----------------------------------------------------------------------------

    async def rejoin(self) -> None:
        """Renew the user-group membership at each heartbeat: a layer forgets memberships after a
        while (Redis after ``group_expiry``, a day by default; the in-memory layer when a message
        to the socket expired), and a screen stays open for days. The hub renews its own."""
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)

    def later(self, work) -> None:
        """Run long work (a snapshot) as a task of its own: the hub serves the other screens meanwhile."""
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def send_live(self, content: dict) -> None:
        await self.send_json(self.numbered(content))

    async def send_encoded(self, body: str) -> None:
        """Send a message already encoded as a JSON object (shared by many sockets), numbered."""
        self.out_seq += 1
        await self.send(text_data=f'{body[:-1]},"seq":{self.out_seq}}}')

    async def send_snapshot(self) -> None:
        """Read and send the whole screen. Events that come meanwhile wait and are applied after
        it: an update read after the snapshot's read must not reach the page before it."""
        self.busy += 1
        try:
            await self.send_live({"type": "snapshot", **(await self.snapshot())})
        finally:
            self.busy -= 1
        await self.replay()

    async def replay(self) -> None:
        while self.pending and not self.busy:
            await self.dispatch(self.pending.pop(0))

    async def relay(self, event: dict, update) -> None:
        """The common shape of an event handler: a gap means a snapshot; otherwise ``update()``
        gives the message to send (or None: nothing this user may see has changed)."""
        if not self.in_turn(event):
            self.later(self.send_snapshot())
            return
        message = await update()
        if message:
            await self.send_update(event, message)

    async def send_update(self, event: dict, message: dict) -> None:
        await self.send_live({"type": "update", "at": event.get("at"), **message})

    # -- from the page -------------------------------------------------------------------------

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            await self.rejoin()
            await self.on_ping()
            await self.send_live({"type": "pong"})
        elif kind == "snapshot":
            await self.send_snapshot()
        else:
            await self.send_live({"type": "error", "message": "unknown message"})

    @classmethod
    async def decode_json(cls, text_data):
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None


class SessionConsumer(SessionBound, AsyncJsonWebsocketConsumer):
    """A signed-in staff member's session socket.

    It proves the stack end to end (origin validation, session auth) and is the
    socket through which logout or a change of role closes a user's screens. It
    ends with its session (:mod:`live.session`).
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
        """A notification stored for this user (mediation.services.notifications): show it on any open page."""
        await self.send_json({"type": "notification", "message": event["message"], "case": event["case"]})
