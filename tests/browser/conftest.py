"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright."""

import os
from functools import partial
from pathlib import Path

import pytest
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module: Playwright's sync API keeps an event loop
    running while it is open, which would break the asyncio tests of other modules."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's chromium package (the CI script does).")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if _counts(m) else None)
    page.console_errors = errors
    yield page
    context.close()


def _counts(message) -> bool:
    """A console error that counts against a page. pytest-django's ``live_server`` speaks no
    websockets, so the session socket every staff page opens is refused there; the live screens
    are tested against daphne (``live_ws_server``), where nothing is excused."""
    return message.type == "error" and not message.text.startswith("WebSocket connection to")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


_INHERITED_POOLS: list = []


def _child_setup():
    """In the forked server: nothing inherited that belongs to the parent, where async tests may
    have run before: its database connections, channel layers bound to their event loops, and
    asgiref's database thread (threads do not survive a fork; the executor would wait for it
    forever). The connections' settings already name the test database (pytest-django set them
    before the fork); Channels' ``set_database_connection`` would prefix ``test_`` a second time
    on PostgreSQL."""
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync
    from channels.layers import channel_layers
    from django.db import connections

    # Drop (never close) the connections inherited from the parent: closing would end the
    # parent's own PostgreSQL session, whose socket the fork shares. psycopg does not close a
    # connection that is garbage-collected in another process.
    for connection in connections.all(initialized_only=True):
        connection.connection = None
    # A psycopg pool made in the parent holds the parent's sessions too: a child that took one
    # would share a PostgreSQL session with the parent (each one's writes landing in the other's
    # transactions). Forget the inherited pools without closing them (closing would end the
    # parent's sessions); the child opens its own. Kept referenced so that nothing collects them.
    for connection in connections.all():
        pools = getattr(type(connection), "_connection_pools", None)
        if pools:
            _INHERITED_POOLS.extend(pools.values())
            pools.clear()
    channel_layers.backends.clear()
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)


@pytest.fixture
def live_ws_server(transactional_db, settings):
    """A daphne process serving the project (HTTP and websockets) on the test database."""
    from channels.testing.live import make_application
    from daphne.testing import DaphneProcess
    from django.db import connections

    connections.close_all()  # nothing open for the child to inherit
    process = DaphneProcess(
        "127.0.0.1", partial(make_application, static_wrapper=ASGIStaticFilesHandler), setup=_child_setup
    )
    process.start()
    if not process.ready.wait(timeout=30):
        process.terminate()
        raise RuntimeError("the live server did not start")
    yield f"http://127.0.0.1:{process.port.value}"
    process.terminate()
    process.join()
