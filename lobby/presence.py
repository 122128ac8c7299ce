"""Who has a case open right now: one entry per open socket, kept in the shared cache with expiry.

Each socket refreshes its entry at every heartbeat of its page; an entry that is not refreshed
(a process that died) expires. The list is read-modify-written, so two sockets opening at the
same instant in two processes may lose one entry: the next heartbeat puts it back.
"""

import time

from django.core.cache import cache

TTL = 70  # seconds: a page sends a heartbeat every 25 seconds
PREFIX = "one-window:presence:"


def _key(case_id: int) -> str:
    return f"{PREFIX}{int(case_id)}"


def _alive(entries: dict, now: float) -> dict:
    return {channel: entry for channel, entry in entries.items() if entry.get("until", 0) > now}


async def presence_join(case_id: int, *, channel: str, user_id: int, name: str) -> None:
    """Add (or refresh) this socket's entry."""
    now = time.time()
    entries = _alive(await cache.aget(_key(case_id)) or {}, now)
    entries[channel] = {"user": user_id, "name": name, "until": now + TTL}
    await cache.aset(_key(case_id), entries, timeout=TTL * 2)


async def presence_leave(case_id: int, *, channel: str) -> None:
    now = time.time()
    entries = _alive(await cache.aget(_key(case_id)) or {}, now)
    entries.pop(channel, None)
    await cache.aset(_key(case_id), entries, timeout=TTL * 2)


async def presence_list(case_id: int) -> list[dict]:
    """The people with the case open: ``[{"user": id, "name": str}]``, one per person, by name."""
    people: dict[int, str] = {}
    for entry in _alive(await cache.aget(_key(case_id)) or {}, time.time()).values():
        people[entry["user"]] = entry["name"]
    return [{"user": user_id, "name": name} for user_id, name in sorted(people.items(), key=lambda p: p[1])]
