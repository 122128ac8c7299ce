"""The embedded default's channel layer: Channels' in-memory layer, without its quadratic sweep.

The stock ``InMemoryChannelLayer`` walks every channel and every group membership on every
``receive()``, so one broadcast to a thousand sockets costs a million steps (about half a
second of the event loop on a small server). This one sweeps at most once a second; expired
messages and memberships still go, a second later at most. Everything else is Channels' own.
Production uses the Redis layer, which has no such sweep.
"""

import time

from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer


class InMemoryChannelLayer(ChannelsInMemoryChannelLayer):
    sweep_interval = 1.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._swept_at = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._swept_at < self.sweep_interval:
            return
        self._swept_at = now
        super()._clean_expired()
