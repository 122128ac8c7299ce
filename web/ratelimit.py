"""Fixed-window rate limits in the shared cache (Redis in production).

The kiosk is limited per device, since the whole lobby shares one address;
everyone else per client address.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


FILE_ONLINE = Limit("file-online", 10, 3600)
FILE_KIOSK = Limit("file-kiosk", 60, 3600)
FILE_API = Limit("file-api", 120, 3600)
TRACK = Limit("track", 20, 600)


def client_address(request) -> str:
    """The client's address; behind PROXY_COUNT proxies, read from X-Forwarded-For."""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def allow(limit: Limit, who: str) -> bool:
    """Count one attempt by ``who``; False once the window's allowance is used up."""
    if not getattr(settings, "RATE_LIMITS_ENABLED", True):
        return True
    key = f"one-window:rl:{limit.name}:{who}"
    if cache.add(key, 1, timeout=limit.seconds):
        return True
    try:
        return cache.incr(key) <= limit.count
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=limit.seconds)
        return True
