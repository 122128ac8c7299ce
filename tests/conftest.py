import os
from datetime import datetime, time

import pytest

# Playwright's sync API runs an event loop in the test thread; pytest-django's
# database access from that thread is then refused without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


DIRECT_NOW = ("axes.attempts", "axes.handlers.proxy")
"""django-axes reads the time as ``now()`` imported from ``django.utils.timezone`` (its sign-in lock-out)."""


@pytest.fixture(autouse=True)
def _clock_at(monkeypatch):
    """``ONE_WINDOW_TEST_CLOCK=00:00:30`` (any Beijing time of day) starts every test at that time
    today, its clock running from there: what depends on the hour the suite runs at shows up
    (``ONE_WINDOW_TEST_CLOCK=00:00:30 bin/test`` and ``=23:59:50``). Unset: the real clock.

    Only ``timezone.now`` moves: the database's ``now()`` and ``time.time()`` stay real, so a test of
    code that compares the two (the sockets' session limits, ``live/session.py``) fails under it
    without telling anything about the hour."""
    at = os.environ.get("ONE_WINDOW_TEST_CLOCK")
    if not at:
        return
    from django.utils import timezone

    real = timezone.now
    started = real()
    wanted = datetime.combine(
        timezone.localdate(started), time.fromisoformat(at), tzinfo=timezone.get_default_timezone()
    )
    offset = wanted - started
    monkeypatch.setattr(timezone, "now", lambda: real() + offset)
    for module in DIRECT_NOW:  # libraries that took ``now`` itself at import
        monkeypatch.setattr(module + ".now", timezone.now)


@pytest.fixture(autouse=True)
def _statistics_counted_live(settings):
    """Tests read what they just wrote: no statistics page is kept because a slow machine took long
    to count it (``stats.kept``; its own tests turn keeping on)."""
    settings.STATS_KEEP_FROM_SECONDS = None


@pytest.fixture(autouse=True)
def _isolated_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """A new channel layer for every test: pytest-asyncio gives each async test its own event
    loop, and the Redis layer's locks and connections belong to the loop that first used them."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def calendar_reloaded_after(db):
    """For a test that changes the calendar: after it, before its transaction is rolled back, every
    process reloads the calendar, so the year the test entered does not outlive it in this process's
    copy (with a shared cache, another test process may reset the version number in between)."""
    yield
    from mediation.calendar import calendar_changed

    calendar_changed()
