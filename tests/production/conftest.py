"""The production tier: real server processes on PostgreSQL + Redis, driven over HTTP and websockets.

It starts its own PostgreSQL cluster and Redis server (it stops and restarts them in the fault
tests) and takes a few minutes, so it runs only when asked: ``ONE_WINDOW_PRODUCTION_TIER=1
.venv/bin/pytest tests/production`` (``.ci/run`` does, after the PostgreSQL suite).
"""

import os

import pytest

from tests.production.stack import README_LAYOUT, Stack

ENABLED = os.environ.get("ONE_WINDOW_PRODUCTION_TIER") == "1"


def pytest_collection_modifyitems(config, items):
    if ENABLED:
        return
    skip = pytest.mark.skip(reason="production tier: set ONE_WINDOW_PRODUCTION_TIER=1 (see tests/production)")
    for item in items:
        if "tests/production/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def stack():
    # The README's deployment (gunicorn's sync workers for HTTP, daphne for /ws/);
    # ONE_WINDOW_TIER_HTTP_SERVER=daphne (or uvicorn, granian) runs the same tests on another HTTP
    # server layout (bench/scenario_submissions.py compares them).
    deployed = Stack.for_layout(os.environ.get("ONE_WINDOW_TIER_HTTP_SERVER", README_LAYOUT)).start()
    try:
        yield deployed
    finally:
        errors = deployed.server_errors()
        tail = deployed.servers.log_tail()
        deployed.stop()
    assert errors == [], "server processes logged unhandled errors:\n" + tail
