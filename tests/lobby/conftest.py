import pytest
from django.core.cache import cache

from tests.lobby.factories import build_org


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture
def broadcasts(monkeypatch):
    """Every live event sent (group, kind, payload), instead of the channel layer."""
    sent: list[tuple[str, str, dict]] = []

    def record(group, kind, payload=None):
        sent.append((group, kind, dict(payload or {})))
        return len(sent)

    monkeypatch.setattr("live.realtime.send_now", record)
    return sent


@pytest.fixture(autouse=True)
def _fresh_sequences():
    cache.clear()
