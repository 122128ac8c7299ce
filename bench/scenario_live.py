"""Live staff screens: from a committed change to the screen, with many sockets open.

Staff sockets (``ws/queues/<unit>/``, signed in as the unit's members) are opened against real
daphne processes; a bench-only endpoint then makes a change the way a case-handling service does
(one transaction, ``case_changed`` on commit), a number of times. Each socket's consumer re-reads
the case for its own user (through the visibility rule) and sends its update. Delivery latency is
the time from the broadcast stamped right after the commit (the ``at`` of the event) to the
moment the client reads the update; client and servers share this machine's clock.

Two set-ups: one daphne process (the in-memory channel layer, or Redis if REDIS_URL is set), and
two daphne processes sharing Redis (sockets split between them, changes made on the first). Also
reported: resident memory per connected socket (RSS growth of the server / sockets).
"""

import asyncio
import contextlib
import json
import os
import secrets
import tempfile
import time
from pathlib import Path

import httpx

from bench import harness, livekit

TITLE = "Live screens: committed change to 1,000 staff sockets (daphne; Redis across two processes)"
SETTINGS = "bench.live_settings"
REDIS_DB = 14


class Run:
    def __init__(self, sockets: int) -> None:
        self.sockets = sockets
        self.latencies_ms: list[float] = []
        self.received = 0
        self.errors = 0
        self.snapshots = 0


async def _open(url: str, headers: dict, run: Run) -> livekit.WebSocket | None:
    try:
        ws = await livekit.WebSocket.connect(url, headers=headers, timeout=60)
        first = await ws.recv_json(timeout=60)
        if first.get("type") != "snapshot":
            raise ConnectionError(first)
        return ws
    except Exception:
        run.errors += 1
        return None


async def _reader(ws: livekit.WebSocket, run: Run) -> None:
    with contextlib.suppress(livekit.Closed, asyncio.CancelledError, asyncio.IncompleteReadError):
        while True:
            raw = await ws.recv()
            now = time.time()
            message = json.loads(raw)
            if message.get("type") == "update" and message.get("at"):
                run.latencies_ms.append((now - message["at"]) * 1000)
                run.received += 1
            elif message.get("type") == "snapshot":
                run.snapshots += 1


async def _measure(ports: list[int], pids: list[int], data: dict, *, sockets: int, events: int, gap: float) -> dict:
    run = Run(sockets)
    sessions = data["sessions"]
    before = sum(livekit.rss_kib(pid) for pid in pids)
    limit = asyncio.Semaphore(50)

    readers: list[asyncio.Task] = []

    async def one(i: int):
        port = ports[i % len(ports)]
        headers = {"Origin": f"http://127.0.0.1:{port}", "Cookie": f"sessionid={sessions[i % len(sessions)]}"}
        async with limit:
            ws = await _open(f"ws://127.0.0.1:{port}/ws/queues/{data['unit']}/?protocol=live", headers, run)
        if ws is not None:
            # Read at once: daphne closes a socket whose pongs do not come back within 30 s.
            readers.append(asyncio.create_task(_reader(ws, run)))
        return ws

    started = time.perf_counter()
    opened = [ws for ws in await asyncio.gather(*(one(i) for i in range(sockets))) if ws is not None]
    connect_seconds = time.perf_counter() - started
    await asyncio.sleep(1.0)
    after = sum(livekit.rss_kib(pid) for pid in pids)
    token = data["token"]
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports[0]}", timeout=30) as http:
        for n in range(events):
            case = data["cases"][n % len(data["cases"])]
            response = await http.post(
                f"/bench/live/change/{case}/{data['users'][0]}/", headers={"X-Bench-Token": token}
            )
            if response.status_code != 200:
                run.errors += 1
            await asyncio.sleep(gap)
    deadline = time.monotonic() + 15
    while run.received < len(opened) * events and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    await asyncio.gather(*(ws.close() for ws in opened))
    return {
        "opened": len(opened),
        "connect_s": connect_seconds,
        "rss_per_socket_kib": (after - before) / max(1, len(opened)),
        "run": run,
        "expected": len(opened) * events,
    }


def _pct(data: list[float], p: float) -> float:
    if not data:
        return float("nan")
    ordered = sorted(data)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _row(label: str, result: dict, users: int) -> str:
    run: Run = result["run"]
    lat = run.latencies_ms
    lost = result["expected"] - run.received
    return (
        f"{label:<38} sockets={result['opened']:<5} users={users:<4} updates={run.received:<6} lost={lost:<4} "
        f"resync={run.snapshots:<3} err={run.errors:<3} p50={_pct(lat, 50):6.1f}ms p95={_pct(lat, 95):6.1f}ms "
        f"p99={_pct(lat, 99):6.1f}ms max={max(lat) if lat else float('nan'):6.1f}ms "
        f"mem/socket={result['rss_per_socket_kib']:5.1f}KiB connect={result['connect_s']:.1f}s"
    )


def _prepare(env: dict, users: int) -> dict:
    livekit.manage(env, "migrate", "--no-input")
    data = json.loads(livekit.python(env, "bench.live_setup", str(users), "8"))
    data["token"] = env["BENCH_TRIGGER_TOKEN"]
    return data


def _env(*, redis: bool) -> dict:
    var = Path(tempfile.mkdtemp(prefix="one-window-live-"))
    redis_url = os.environ.get("REDIS_URL", "")
    env = livekit.live_env(var, redis_db=REDIS_DB if redis and not redis_url else None)
    if redis and redis_url:
        env |= {"REDIS_URL": redis_url, "CHANNEL_PREFIX": f"bench-{secrets.token_hex(4)}"}
        env["CACHE_KEY_PREFIX"] = env["CHANNEL_PREFIX"]
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env |= {"DJANGO_SETTINGS_MODULE": SETTINGS, "BENCH_TRIGGER_TOKEN": secrets.token_urlsafe(16)}
    return env


def _describe(env: dict) -> str:
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    layer = "Redis channel layer + cache" if env.get("REDIS_URL") else "in-memory channel layer"
    return f"{database}, {layer}"


def run(*, quick: bool = False) -> list[str]:
    sockets = 100 if quick else 1000
    events = 10 if quick else 30
    gap = 0.3 if quick else 0.5
    user_counts = [10] if quick else [20, 200]
    lines = [
        f"{sockets} sockets on ws/queues/<unit>/, {events} changes {gap}s apart; "
        "latency = client receipt - broadcast time stamped right after commit"
    ]
    redis_url = os.environ.get("REDIS_URL", "")
    for users in user_counts:
        env = _env(redis=bool(redis_url))
        data = _prepare(env, users)
        with livekit.daphne(env, app=livekit.APP) as (proc, port):
            result = asyncio.run(_measure([port], [proc.pid], data, sockets=sockets, events=events, gap=gap))
        lines.append(_row(f"1 process ({_describe(env)})", result, users))
        if not (redis_url or livekit.redis_reachable()):
            lines.append("2 processes: skipped (no Redis at REDIS_URL or 127.0.0.1:6379)")
            continue
        env = _env(redis=True)
        data = _prepare(env, users)
        with livekit.daphne(env, app=livekit.APP) as (a, port_a), livekit.daphne(env, app=livekit.APP) as (b, port_b):
            result = asyncio.run(
                _measure([port_a, port_b], [a.pid, b.pid], data, sockets=sockets, events=events, gap=gap)
            )
        lines.append(_row(f"2 processes ({_describe(env)})", result, users))
    return [f"machine: {harness.machine()}", *lines]


if __name__ == "__main__":
    import sys

    for line in run(quick="--quick" in sys.argv):
        print(line, flush=True)
