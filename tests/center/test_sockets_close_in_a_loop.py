"""A user's sockets close even when the caller is synchronous code on a thread that runs an event
loop (a script, or a browser test driving Playwright's sync API, whose user changes close the
user's sockets after commit): ``async_to_sync`` refuses to run there, the close must not be lost."""

import asyncio

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from live.session import CLOSE_SESSION, sockets_close_for_user, sockets_closed_for_users, user_group


def test_a_synchronous_caller_inside_a_running_loop_still_closes_the_sockets():
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(424242), channel)

    async def synchronous_caller_on_a_loop_thread():
        sockets_close_for_user(user_id=424242, reason=CLOSE_SESSION)  # no await: called as sync code

    asyncio.run(synchronous_caller_on_a_loop_thread())

    assert async_to_sync(layer.receive)(channel) == {"type": "session.close", "reason": CLOSE_SESSION}
    assert sockets_closed_for_users([424242])[424242][1] == CLOSE_SESSION
