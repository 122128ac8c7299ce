"""Websockets end with their session, and a user's sockets can be closed at once.

A socket is authorized once, when it opens; the session that let it in may end later: idle
expiry (``SESSION_COOKIE_AGE``, renewed by every HTTP request), the absolute limit
(``SESSION_ABSOLUTE_SECONDS`` after sign-in), sign-out, a password change, deactivation. Every
signed-in socket is therefore bound to its session and checked on the server:

* when it opens, and then every ``LIVE_SESSION_CHECK_SECONDS`` by its process's
  :class:`SessionWatch` (one batch of reads for all the process's sockets: the sessions, their
  users, and the marks left by :func:`sockets_close_for_user`);
* before anything is sent to the page: once the known idle or absolute limit has passed the
  session is read again, and an ended session sends nothing more.

Signals (``center.signals``) and the services (``departments.services``) close the sockets at once
through the user's group; the checks are what makes it certain (a channel layer may drop a
message, and time passing sends no signal).

Close codes: :data:`CLOSE_SESSION_ENDED` (sign in again), :data:`CLOSE_ACCESS_CHANGED` (the person's
roles changed: the screen may show what is no longer theirs).
"""

import asyncio
import logging
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import import_module

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import constant_time_compare

logger = logging.getLogger(__name__)

SESSION_STARTED_KEY = "_one_window_started_at"
"""Where a session keeps the time of its sign-in (set by ``center.middleware`` and ``center.signals``)."""

CLOSE_SESSION_ENDED = 4401
"""The session is over (expired, signed out, password changed, account deactivated)."""
CLOSE_ACCESS_CHANGED = 4403
"""The person's roles changed (or the screen is not theirs to see)."""

# Why a user's sockets are closed (the consumers turn it into a close code).
CLOSE_ACCESS = "access"  # a role was changed or revoked: what the screens show may be out of bounds
CLOSE_SESSION = "session"  # signed out, password changed, account deactivated: sign in again
CLOSE_REASONS = frozenset({CLOSE_ACCESS, CLOSE_SESSION})
_CLOSED_PREFIX = "one-window:sockets-closed:"


def user_group(user_id: int) -> str:
    """Every socket of one signed-in user joins this group, so that it can be closed."""
    return f"user.{int(user_id)}"


def sockets_close_for_user(*, user_id: int, reason: str = CLOSE_ACCESS) -> None:
    """Close every websocket the user has open (after logout, a password or role change).

    The close goes out on the channel layer at once; since a layer may drop a message, the time
    and reason are also kept in the cache, where every socket's periodic session check
    (:class:`SessionWatch`) finds them: a socket opened before that time closes then.
    """
    if reason not in CLOSE_REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    cache.set(_CLOSED_PREFIX + str(int(user_id)), (time.time(), reason), timeout=settings.SESSION_ABSOLUTE_SECONDS)
    layer = get_channel_layer()
    if layer is None:
        return
    send = async_to_sync(layer.group_send)
    message = (user_group(user_id), {"type": "session.close", "reason": reason})
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual caller: a view or a worker, on a thread with no event loop
        send(*message)
        return
    # A synchronous caller on a thread that runs an event loop (a script or a test driving a
    # browser through Playwright's sync API): async_to_sync refuses to block that loop, so the
    # message goes out from a thread of its own, and the caller waits for it.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sockets-close") as pool:
        pool.submit(send, *message).result()


def sockets_closed_for_users(user_ids) -> dict[int, tuple[float, str]]:
    """When (and why) each user's sockets were last closed by :func:`sockets_close_for_user`."""
    found = cache.get_many([_CLOSED_PREFIX + str(int(u)) for u in user_ids])
    return {int(key.removeprefix(_CLOSED_PREFIX)): tuple(value) for key, value in found.items()}


@dataclass(frozen=True)
class SessionState:
    """What is known of a session that still signs its user in."""

    idle_until: float | None  # epoch seconds; None when the session backend does not say
    absolute_until: float | None  # None when the session carries no sign-in time
    closed: tuple[float, str] | None  # the last sockets_close_for_user of the user: (when, why)


def _hash_matches(session_hash: str | None, user) -> bool:
    if not session_hash:
        return False
    if constant_time_compare(session_hash, user.get_session_auth_hash()):
        return True
    return any(
        constant_time_compare(session_hash, user._get_session_auth_hash(secret=secret))
        for secret in settings.SECRET_KEY_FALLBACKS
    )


def _sessions_read(keys: set[str]) -> dict[str, tuple[dict, float | None]]:
    """The data and expiry time of each session that exists and has not expired."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    get_model = getattr(store_class, "get_model_class", None)
    if get_model is not None:  # database-backed: one query for them all
        rows = get_model().objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
        decoder = store_class()
        return {
            key: (decoder.decode(data), expires.timestamp())
            for key, data, expires in rows.values_list("session_key", "session_data", "expire_date")
        }
    found = {}
    for key in keys:
        data = store_class(key).load()  # an expired or missing session loads empty
        if data:
            found[key] = (data, None)
    return found


def sessions_examine(bound: dict[str, int]) -> dict[str, SessionState | None]:
    """For each session key (→ the id of the user its socket was opened for): its state, or
    None when it no longer signs that user in (gone, expired, another user, password changed,
    user deactivated, past the absolute limit)."""
    if not bound:
        return {}
    sessions = _sessions_read(set(bound))
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=set(bound.values()))}
    closed = sockets_closed_for_users(set(bound.values()))
    now = time.time()
    result: dict[str, SessionState | None] = {}
    for key, user_id in bound.items():
        data, idle_until = sessions.get(key, ({}, None))
        user = users.get(user_id)
        started = data.get(SESSION_STARTED_KEY)
        absolute_until = float(started) + settings.SESSION_ABSOLUTE_SECONDS if started is not None else None
        if (
            not data
            or user is None
            or not user.is_active
            or str(data.get(SESSION_KEY)) != str(user_id)
            or not _hash_matches(data.get(HASH_SESSION_KEY), user)
            or (absolute_until is not None and absolute_until <= now)
        ):
            result[key] = None
        else:
            result[key] = SessionState(idle_until, absolute_until, closed.get(user_id))
    return result


class SessionWatch:
    """The signed-in sockets of one event loop, checked together every LIVE_SESSION_CHECK_SECONDS."""

    def __init__(self) -> None:
        self.sockets: set = set()
        self.task: asyncio.Task | None = None

    def add(self, consumer) -> None:
        self.sockets.add(consumer)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    def discard(self, consumer) -> None:
        self.sockets.discard(consumer)
        if not self.sockets and self.task is not None:
            self.task.cancel()
            self.task = None

    async def _run(self) -> None:
        while self.sockets:
            await asyncio.sleep(max(0.05, float(settings.LIVE_SESSION_CHECK_SECONDS)))
            try:
                await self.check()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("the live session check failed", exc_info=True)

    async def check(self) -> None:
        sockets = list(self.sockets)
        states = await database_sync_to_async(sessions_examine)({c.session_key: c.session_user_id for c in sockets})
        for consumer in sockets:
            await consumer.session_apply(states.get(consumer.session_key))


_watches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def watch_for_loop() -> SessionWatch:
    loop = asyncio.get_running_loop()
    if loop not in _watches:
        _watches[loop] = SessionWatch()
    return _watches[loop]


class SessionBound:
    """A consumer whose signed-in socket ends with its session (mix in before the Channels class).

    Call :meth:`session_bind` in ``connect()`` once the user is known, and :meth:`session_unbind`
    in ``disconnect()``. Sockets without a signed-in user (the lobby display) are not bound.
    """

    session_key: str | None = None
    session_user_id: int | None = None
    session_state: SessionState | None = None
    session_over = False

    async def session_bind(self) -> bool:
        """Bind a signed-in socket to its session; False if the session does not hold (refuse)."""
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return True
        session = self.scope.get("session")
        key = getattr(session, "session_key", None)
        if not key:
            return False
        self.session_key, self.session_user_id, self.session_since = key, user.pk, time.time()
        state = (await database_sync_to_async(sessions_examine)({key: user.pk})).get(key)
        if state is None:
            return False
        self.session_state = state
        watch_for_loop().add(self)
        return True

    def session_unbind(self) -> None:
        if self.session_key is not None:
            watch_for_loop().discard(self)

    def session_lapsed(self) -> bool:
        """Whether a known limit has passed since the last check (no read: time only)."""
        state = self.session_state
        if state is None:
            return False
        now = time.time()
        return any(limit is not None and limit <= now for limit in (state.idle_until, state.absolute_until))

    async def session_apply(self, state: SessionState | None) -> None:
        """Take a fresh state: close the socket if the session ended or the user's sockets were
        closed since it opened."""
        if self.session_over:
            return
        if state is None:
            await self.session_end(CLOSE_SESSION_ENDED)
            return
        self.session_state = state
        if state.closed is not None and state.closed[0] >= self.session_since:
            await self.session_end(CLOSE_ACCESS_CHANGED if state.closed[1] == CLOSE_ACCESS else CLOSE_SESSION_ENDED)

    async def session_end(self, code: int) -> None:
        if self.session_over:
            return
        self.session_over = True
        self.session_unbind()
        await self.close(code=code)

    async def session_close(self, event):
        """``session.close`` from the user's group (:func:`sockets_close_for_user`)."""
        reason = event.get("reason", CLOSE_ACCESS)
        await self.session_end(CLOSE_ACCESS_CHANGED if reason == CLOSE_ACCESS else CLOSE_SESSION_ENDED)

    async def send(self, text_data=None, bytes_data=None, close=False):
        """Nothing reaches the page once the session is over."""
        if self.session_key is not None:
            if not self.session_over and self.session_lapsed():
                key = self.session_key
                state = (await database_sync_to_async(sessions_examine)({key: self.session_user_id})).get(key)
                await self.session_apply(state)
            if self.session_over:
                return
        await super().send(text_data=text_data, bytes_data=bytes_data, close=close)
