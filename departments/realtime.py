"""Channel-layer groups of the organisation, named by one helper each."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def user_group(user_id: int) -> str:
    """Every socket of one signed-in user joins this group, so that it can be closed."""
    return f"user.{int(user_id)}"


def sockets_close_for_user(*, user_id: int) -> None:
    """Close every websocket the user has open (after logout or a change of role)."""
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(user_group(user_id), {"type": "session.close"})
