"""Live events of the portal: group names, per-group sequence numbers, and the broadcast after commit.

Changes go HTTP → service → ``transaction.on_commit`` → :func:`broadcast` → channel layer → the
consumers, which re-read what their own user may see and update the screen.

A channel layer may drop messages (the Redis layer is at-most-once and drops past capacity), so
every event carries its group's sequence number, taken from a counter in the shared cache
(``cache.incr`` is atomic in Redis). A consumer that sees a number out of turn sends its screen a
fresh snapshot instead of the change.

Events carry no personal data and no case content. For a case they carry only its id, the kind
of change and the sequence number: a complaint about an official must never reach the person or
unit it is about, so what a screen shows is decided by the receiving consumer, through the
selectors, for its own user.
"""

import logging
import re
import time
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

# The kinds of group (the part before the dot). ``user`` is live.session.user_group's.
GROUP_KINDS = frozenset({"alerts", "case", "center", "display", "lobby", "queue", "user"})
_KEY = re.compile(r"[A-Za-z0-9_-]{1,60}")
_EVENT = re.compile(r"[a-z]+(?:\.[a-z_]+)+")
_GROUP = re.compile(r"[a-z]+(?:\.[A-Za-z0-9_-]{1,60})?")
RESERVED = frozenset({"type", "group", "seq", "at"})
SEQUENCE_PREFIX = "one-window:live-seq:"

CASE_CHANGES = frozenset(
    {
        "new",  # a case arrived in the queue (signed out, reopened and signed out again)
        "routed",
        "assigned",  # given to a member by the unit head
        "picked",
        "released",
        "taken_back",
        "reassigned",
        "objected",
        "updated",
        "due_soon",
        "overdue",
        "closed",
    }
)


def group_name(kind: str, key: object | None = None) -> str:
    """The one way to name a channel-layer group: ``queue.12``, ``case.7``, ``center``.

    Only ASCII letters, digits, ``_`` and ``-`` are allowed in the key (channel layers refuse
    anything else, and a name built from user input must not smuggle a dot).
    """
    if kind not in GROUP_KINDS:
        raise ValueError(f"unknown group kind {kind!r}")
    if key is None:
        return kind
    text = str(key)
    if not _KEY.fullmatch(text):
        raise ValueError(f"a group key must be ASCII letters, digits, _ or -: {text!r}")
    return f"{kind}.{text}"


def _sequence_key(group: str) -> str:
    return SEQUENCE_PREFIX + group


def sequence_next(group: str) -> int:
    """The group's next sequence number (atomic across processes with the Redis cache)."""
    key = _sequence_key(group)
    for _attempt in range(3):
        cache.add(key, 0, timeout=None)
        try:
            return cache.incr(key)
        except ValueError:  # evicted between add and incr
            continue
    raise RuntimeError(f"could not take a sequence number for {group}")


def sequence_current(group: str) -> int:
    """The last sequence number given out in the group (0 if none)."""
    return int(cache.get(_sequence_key(group)) or 0)


async def asequence_current(group: str) -> int:
    return int(await cache.aget(_sequence_key(group)) or 0)


async def asequence_next(group: str) -> int:
    key = _sequence_key(group)
    await cache.aadd(key, 0, timeout=None)
    try:
        return await cache.aincr(key)
    except ValueError:
        await cache.aadd(key, 0, timeout=None)
        return await cache.aincr(key)


def _check(group: str, kind: str, payload: dict) -> None:
    if not _GROUP.fullmatch(group) or group.split(".", 1)[0] not in GROUP_KINDS:
        raise ValueError(f"not a group name of group_name(): {group!r}")
    if not _EVENT.fullmatch(kind):
        raise ValueError(f"an event kind looks like 'case.changed', not {kind!r}")
    clash = RESERVED & set(payload)
    if clash:
        raise ValueError(f"payload keys {sorted(clash)} are reserved")


def _message(group: str, kind: str, seq: int, payload: dict) -> dict:
    return {"type": kind, "group": group, "seq": seq, "at": time.time(), **payload}


def send_now(group: str, kind: str, payload: dict | None = None) -> int | None:
    """Number and send one event at once; the sequence number, or None if it could not be sent.

    A failure is logged, never raised: the change is committed, and a screen that misses an
    event catches up at its next gap or reconnection.
    """
    payload = dict(payload or {})
    _check(group, kind, payload)
    layer = get_channel_layer()
    if layer is None:
        return None
    try:
        seq = sequence_next(group)
        async_to_sync(layer.group_send)(group, _message(group, kind, seq, payload))
    except Exception:
        logger.warning("live event %s to %s was not sent", kind, group, exc_info=True)
        return None
    return seq


async def asend_now(group: str, kind: str, payload: dict | None = None) -> int | None:
    """:func:`send_now` for consumers (presence), which change nothing in the database."""
    payload = dict(payload or {})
    _check(group, kind, payload)
    layer = get_channel_layer()
    if layer is None:
        return None
    try:
        seq = await asequence_next(group)
        await layer.group_send(group, _message(group, kind, seq, payload))
    except Exception:
        logger.warning("live event %s to %s was not sent", kind, group, exc_info=True)
        return None
    return seq


def broadcast(group: str, kind: str, payload: dict | None = None) -> None:
    """Send an event to a group once the current transaction commits (at once outside one).

    A rolled-back change is never announced. The payload must be free of personal data and of
    case content: ids, labels of public things, kinds of change.
    """
    payload = dict(payload or {})
    _check(group, kind, payload)
    transaction.on_commit(lambda: send_now(group, kind, payload), robust=True)


def case_changed(case_id: int, *, unit_ids: Iterable[int | None], kind: str) -> None:
    """Tell the queues of these units and the director's screen that a case changed.

    ``unit_ids``: every unit whose queue may show or have shown the case (for a reassignment,
    the old and the new lead unit). Only the id, the kind and the sequence number travel; each
    consumer decides what its own user may see.
    """
    if kind not in CASE_CHANGES:
        raise ValueError(f"unknown case change {kind!r}; one of {sorted(CASE_CHANGES)}")
    payload = {"case": int(case_id), "change": kind}
    for unit_id in sorted({int(u) for u in unit_ids if u}):
        broadcast(group_name("queue", unit_id), "case.changed", payload)
    broadcast(group_name("center"), "case.changed", payload)
