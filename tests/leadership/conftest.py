from datetime import timedelta

import pytest
from django.utils import timezone

from tests.mediation.factories import build_org


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def earlier(now):
    """A moment before ``now`` (the request for a return came in then)."""
    return lambda hours: now - timedelta(hours=hours)
