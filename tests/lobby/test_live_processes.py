"""Across processes: a change handled by one daphne process reaches sockets held by another.

Two real daphne processes share a database (a SQLite file, or PostgreSQL when DATABASE_URL is
set) and, through Redis, the channel layer and the cache (which numbers the events).
"""

import asyncio
import contextlib
import json
import os
import re
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from bench.livekit import WebSocket, daphne, live_env, manage, python, redis_reachable

pytestmark = [pytest.mark.live]
REDIS_DB = 12  # the CI uses 15 and the benchmarks 14; every run has its own key prefix too


@contextlib.contextmanager
def shared_database():
    """A database both processes can open: PostgreSQL beside DATABASE_URL's, else a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield ""
        return
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'one_window'}_lobby_live"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def until(ws: WebSocket, accept, *, timeout: float = 15.0) -> dict:
    """The first message that ``accept`` accepts (earlier ones are skipped)."""
    async with asyncio.timeout(timeout):
        while True:
            message = await ws.recv_json()
            if accept(message):
                return message


async def signed_in(base: str, session: str, page: str) -> tuple[httpx.AsyncClient, str]:
    client = httpx.AsyncClient(base_url=base, cookies={"sessionid": session}, timeout=30)
    response = await client.get(page)
    assert response.status_code == 200, response.status_code
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    return client, token


async def scenario(env: dict, data: dict, port_a: int, port_b: int) -> None:
    a, b = f"127.0.0.1:{port_a}", f"127.0.0.1:{port_b}"
    origin = {"Origin": f"http://{b}"}

    def cookie(name):
        return {**origin, "Cookie": f"sessionid={data['sessions'][name]}"}

    display = await WebSocket.connect(f"ws://{b}/ws/lobby/{data['display_token']}/", headers=origin)
    assert (await display.recv_json(timeout=15))["type"] == "snapshot"
    queue = await WebSocket.connect(f"ws://{b}/ws/queues/agriculture/?protocol=live", headers=cookie("agri_head"))
    first_case = data["cases"][0]
    snapshot = await queue.recv_json(timeout=15)
    assert f'data-live-id="{first_case["id"]}"' in snapshot["regions"]["waiting"]
    session = await WebSocket.connect(f"ws://{b}/ws/session/", headers=cookie("petition_head"))
    assert (await session.recv_json(timeout=15))["type"] == "hello"
    assert (await session.recv_json(timeout=15))["type"] == "alerts"

    # Idle sockets must survive the Redis layer's blocking receive (redis-py's 5-second default
    # socket timeout equals channels_redis' 5-second BZPOPMIN: see CHANNEL_LAYERS in center/settings.py).
    await asyncio.sleep(7)

    # 1. The clerk calls the next ticket on process A; the display on process B announces it.
    clerk, token = await signed_in(f"http://{a}", data["sessions"]["clerk"], "/lobby/windows/1/")
    response = await clerk.post("/lobby/windows/1/call-next/", data={"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    called = await until(display, lambda m: "announce" in m)
    assert called["announce"]["ticket"] == data["tickets"][0]
    assert data["tickets"][0] in called["regions"]["latest"]

    # 2. A handler picks a case on process A; the queue open on process B drops it from "waiting".
    handler, token = await signed_in(f"http://{a}", data["sessions"]["handler"], "/lobby/queues/agriculture/")
    response = await handler.post(
        f"/staff/cases/{first_case['code']}/pick/",
        data={"csrfmiddlewaretoken": token, "next": "/lobby/queues/agriculture/"},
    )
    assert response.status_code == 302

    def picked(message):
        waiting = (message.get("regions") or {}).get("waiting")
        rows = message.get("rows") or []
        gone_from_snapshot = waiting is not None and f'data-live-id="{first_case["id"]}"' not in waiting
        moved = any(r["id"] == first_case["id"] and r["region"] != "waiting" for r in rows)
        return gone_from_snapshot or moved

    await until(queue, picked)

    # 3. A third process (a worker, a command) raises an alert; the page on process B shows it.
    raised = await asyncio.to_thread(python, env, "tests.lobby.live_setup", "alert", str(data["collective"]))
    result = json.loads(raised)
    alert = await until(session, lambda m: m.get("type") == "alert")
    assert alert["id"] == result["alert"]

    for ws in (display, queue, session):
        await ws.close()
    await clerk.aclose()
    await handler.aclose()


def test_a_change_in_one_process_reaches_the_sockets_of_another(tmp_path):
    if not redis_reachable():
        pytest.skip("Redis is not reachable at 127.0.0.1:6379: the cross-process test needs the Redis channel layer")
    with shared_database() as database_url:
        env = live_env(tmp_path, redis_db=REDIS_DB, database_url=database_url)
        manage(env, "migrate", "--no-input")
        data = json.loads(python(env, "tests.lobby.live_setup", "org"))
        with daphne(env) as (_proc_a, port_a), daphne(env) as (_proc_b, port_b):
            asyncio.run(scenario(env, data, port_a, port_b))
