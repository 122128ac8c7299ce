"""One channel-layer subscription per process and group, handed to the local sockets in turn.

With every socket a member of its group in the layer, one broadcast to a thousand sockets costs a
thousand copies, queue puts and task wake-ups (Channels' ``await_many_dispatch``) before any
screen hears of it. Here a process joins each group once, with one channel of its own, and its
``Hub`` passes each event to the consumers of that group in this process, one after the other,
through their ordinary handlers (``consumer.dispatch(event)``). The work they share (reading a
change for each person) is done by the first and found done by the others.

A consumer's own messages (from its socket, and its user group's ``session.close``) still come
to it directly. A handler that needs long work (a snapshot after a gap) starts it as a task of
its own, so that one screen does not hold up the others.
"""

import asyncio
import contextlib
import logging
import weakref

from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

YIELD_EVERY = 50  # sockets served before the server may write out their messages
REJOIN_SECONDS = 600  # renew the process's memberships (the Redis layer forgets them after a day)


class Hub:
    def __init__(self, layer) -> None:
        self.layer = layer
        self.channel: str | None = None
        self.members: dict[str, set] = {}
        self.task: asyncio.Task | None = None
        self.ready = asyncio.Lock()

    async def join(self, group: str, consumer) -> None:
        async with self.ready:
            if self.channel is None:
                # The default prefix: the Redis layer pops one process-wide key per prefix, and
                # the consumers' channels use this one.
                self.channel = await self.layer.new_channel()
            if group not in self.members:
                self.members[group] = set()
                await self.layer.group_add(group, self.channel)
            if self.task is None or self.task.done():
                self.task = asyncio.get_running_loop().create_task(self._run())
        self.members[group].add(consumer)

    async def leave(self, group: str, consumer) -> None:
        members = self.members.get(group)
        if members is None:
            return
        members.discard(consumer)
        if not members:
            async with self.ready:
                if not self.members.get(group):
                    self.members.pop(group, None)
                    with contextlib.suppress(Exception):
                        await self.layer.group_discard(group, self.channel)

    async def _rejoin(self) -> None:
        while True:
            await asyncio.sleep(REJOIN_SECONDS)
            for group in list(self.members):
                with contextlib.suppress(Exception):
                    await self.layer.group_add(group, self.channel)

    async def _run(self) -> None:
        rejoin = asyncio.get_running_loop().create_task(self._rejoin())
        try:
            while True:
                try:
                    message = await self.layer.receive(self.channel)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    logger.warning("the live hub could not receive", exc_info=True)
                    await asyncio.sleep(1)
                    continue
                for n, consumer in enumerate(list(self.members.get(_group_of(message), ()))):
                    if n and not n % YIELD_EVERY:
                        await asyncio.sleep(0)  # let the server write out what is ready
                    try:
                        await consumer.dispatch(message)
                    except asyncio.CancelledError:
                        raise
                    except Exception:
                        logger.exception("a live screen failed on %s", message.get("type"))
        finally:
            rejoin.cancel()


def _group_of(message: dict) -> str | None:
    """The group an event was sent to: ``live.realtime`` says so; case handling's own queue
    signal (``mediation.realtime.queues_changed``) names its unit."""
    if message.get("group"):
        return message["group"]
    if message.get("type") == "queue.changed" and message.get("unit"):
        return f"queue.{int(message['unit'])}"
    return None


_hubs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def hub_for(layer) -> Hub:
    """This event loop's hub for ``layer`` (tests run one loop each; a server has one)."""
    loop = asyncio.get_running_loop()
    per_loop = _hubs.setdefault(loop, {})
    key = id(layer if layer is not None else get_channel_layer())
    if key not in per_loop:
        per_loop[key] = Hub(layer)
    return per_loop[key]
