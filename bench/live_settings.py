"""Settings of the servers measured by ``scenario_live``: the lobby installed, and a bench-only URL
that makes a change the way a case-handling service will once integrated."""

from center.settings import *  # noqa: F403

ROOT_URLCONF = "bench.live_urls"

# The embedded default's layer as proposed in live/layers.py (the stock in-memory layer sweeps
# all channels at every receive: quadratic in the number of sockets). LIVE_STOCK_LAYER=1 measures
# the stock one. With REDIS_URL the Redis layer is used, as in production.
import os  # noqa: E402

from center.settings import REDIS_URL  # noqa: E402

if not REDIS_URL and not os.environ.get("LIVE_STOCK_LAYER"):
    CHANNEL_LAYERS = {"default": {"BACKEND": "live.layers.InMemoryChannelLayer"}}
