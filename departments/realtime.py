"""Channel-layer groups of the organisation, named by one helper each."""

import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache

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
    (``center.livesession``) finds them: a socket opened before that time closes then.
    """
    if reason not in CLOSE_REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    cache.set(_CLOSED_PREFIX + str(int(user_id)), (time.time(), reason), timeout=settings.SESSION_ABSOLUTE_SECONDS)
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(user_group(user_id), {"type": "session.close", "reason": reason})


def sockets_closed_for_users(user_ids) -> dict[int, tuple[float, str]]:
    """When (and why) each user's sockets were last closed by :func:`sockets_close_for_user`."""
    found = cache.get_many([_CLOSED_PREFIX + str(int(u)) for u in user_ids])
    return {int(key.removeprefix(_CLOSED_PREFIX)): tuple(value) for key, value in found.items()}
