"""Channel-layer groups of the shared queues, named by one helper, and the change broadcast.

Payloads carry no personal data and no case content: a screen that hears of a change re-fetches
its queue through the selectors, which apply the visibility rule.
"""

import contextlib
import itertools

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

_sequence = itertools.count(1)


def queue_group(unit_id: int) -> str:
    """The group of every screen showing one unit's queue, e.g. ``queue.12``."""
    return f"queue.{int(unit_id)}"


def queues_changed(*, unit_ids) -> None:
    """Tell the screens of these units' queues to re-fetch (called through on_commit)."""
    layer = get_channel_layer()
    if layer is None:
        return
    for unit_id in {u for u in unit_ids if u}:
        # A dropped message only delays a refresh; it must never undo the committed change.
        with contextlib.suppress(Exception):
            async_to_sync(layer.group_send)(
                queue_group(unit_id), {"type": "queue.changed", "unit": unit_id, "seq": next(_sequence)}
            )
