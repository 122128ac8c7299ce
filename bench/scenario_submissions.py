"""Browser-like submissions against each HTTP server layout, on the production tier's deployment.

A submission is what a resident does on the public form (``tests/production/flows.file_online``):
a fresh cookie jar, GET the form, POST it with its CSRF token, follow the redirect to the receipt.
The stack (``tests/production/stack.py``: a private PostgreSQL and Redis, the demo organisation,
the production profile reached as through a TLS proxy) is set up once; each layout's processes
then serve it in turn, round after round (``BENCH_ROUNDS``, default 3), so that the machine's
noise falls on every layout alike. Per layout and concurrency it prints the medians over the
rounds of: submissions/s, p50/p95/p99 of the whole flow, errors (an exception, an answer of 4xx or
5xx, or no tracking code shown), the servers' CPU per good submission (utime + stime of every
server process, from /proc), the load generator's own CPU per submission (``time.process_time``),
and the most PostgreSQL connections in use.

Layouts (``BENCH_LAYOUTS=daphne,gunicorn`` chooses some; default all that are installed):

- ``daphne``: 2 daphne processes, HTTP and websockets (the deployment before issue 11);
- ``gunicorn``: gunicorn, 2 x cores sync workers (WSGI) for HTTP, one daphne process for /ws/;
- ``uvicorn``: uvicorn, 2 x cores workers (ASGI) for both;
- ``granian``: granian, 2 x cores WSGI workers for HTTP, one daphne process for /ws/.
"""

import asyncio
import contextlib
import importlib.util
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

TITLE = "Submissions (GET form, POST, receipt; fresh cookies) per HTTP server layout, production profile"

WORKERS = 2 * (os.cpu_count() or 1)
# layout -> (HTTP processes, DB_POOL_MAX_SIZE of each). A sync worker serves one request at a
# time: two connections are enough. ASGI servers run each request's sync code in a thread.
LAYOUTS = {
    "daphne": (2, 8),
    "gunicorn": (WORKERS, 2),
    "uvicorn": (WORKERS, 8),
    "granian": (WORKERS, 2),
}
PEER_DIR = Path(__file__).resolve().parent / "peer"
PEER_QUEUE = (
    "from helpdesk.models import Queue; Queue.objects.get_or_create(slug='public', "
    "defaults={'title': 'Public', 'allow_public_submission': True})"
)
LEVELS = {1: 50, 8: 200, 32: 200}  # concurrency -> submissions
QUICK_LEVELS = {1: 10, 8: 40, 32: 64}


@dataclass
class Level:
    rate: float
    p50: float
    p95: float
    p99: float
    errors: int
    server_cpu_ms: float
    client_cpu_ms: float
    connections: int
    statuses: dict = field(default_factory=dict)


def _pct(data: list[float], p: float) -> float:
    data = sorted(data)
    return data[min(len(data) - 1, round(p / 100 * (len(data) - 1)))] if data else float("nan")


def installed(layout: str) -> bool:
    return layout == "daphne" or importlib.util.find_spec(layout) is not None


async def _level(submit, pids: list[int], connections, concurrency: int, total: int, first: int) -> Level:
    """``total`` submissions over ``concurrency`` residents; ``submit(n)`` answers (status, shown a code)."""
    from tests.production.stack import cpu_seconds

    latencies: list[float] = []
    statuses: dict = {}
    good = 0
    remaining = list(range(first, first + total))
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            with contextlib.suppress(Exception):
                peak = max(peak, connections())
            stop.wait(0.2)

    async def resident() -> None:
        nonlocal good
        while remaining:
            n = remaining.pop()
            started = time.perf_counter()
            try:
                status, shown = await submit(n)
                outcome = status if shown else f"{status} without code"
            except Exception as error:
                outcome = type(error).__name__
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[outcome] = statuses.get(outcome, 0) + 1
            good += outcome == 200

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    server_before, client_before, started = cpu_seconds(pids), time.process_time(), time.perf_counter()
    await asyncio.gather(*(resident() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    server_cpu, client_cpu = cpu_seconds(pids) - server_before, time.process_time() - client_before
    stop.set()
    sampler.join()
    return Level(
        rate=good / elapsed,
        p50=_pct(latencies, 50),
        p95=_pct(latencies, 95),
        p99=_pct(latencies, 99),
        errors=total - good,
        server_cpu_ms=1000 * server_cpu / max(good, 1),
        client_cpu_ms=1000 * client_cpu / total,
        connections=peak,
        statuses=statuses,
    )


def _ours(stack):
    from tests.production.flows import file_online

    async def submit(n: int) -> tuple[int, bool]:
        async with stack.browser(timeout=60) as browser:
            response, code = await file_online(browser, n)
        return response.status_code, bool(code)

    return submit


_PEER_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_PEER_QUEUE = re.compile(r'<option value="(\d+)"')


def _peer(base: str):
    """The same flow on django-helpdesk's public ticket form: GET, POST, follow to the ticket."""
    from tests.production.stack import ssl_context

    async def submit(n: int) -> tuple[int, bool]:
        async with httpx.AsyncClient(base_url=base, timeout=60, verify=ssl_context()) as client:
            form = await client.get("/helpdesk/tickets/submit/")
            if form.status_code != 200:
                return form.status_code, False
            data = {
                "csrfmiddlewaretoken": _PEER_CSRF.search(form.text).group(1),
                "queue": _PEER_QUEUE.search(form.text).group(1),
                "title": f"村口排水沟堵塞 {n}",
                "body": f"生产环境并发测试第{n}件：村口排水沟堵塞，雨天积水进屋，请求疏通。",
                "priority": "3",
                "submitter_email": f"resident{n}@example.cn",
            }
            posted = await client.post("/helpdesk/tickets/submit/", data=data)
            if posted.status_code != 302:
                return posted.status_code, False
            receipt = await client.get(posted.headers["location"])
            return receipt.status_code, receipt.status_code == 200 and "ticket" in str(posted.headers["location"])

    return submit


class Peer:
    """django-helpdesk 2.6.1 under gunicorn, 4 sync workers, from its own virtual environment
    (``BENCH_PEER_PYTHON``), on a database of the stack's PostgreSQL."""

    WORKERS = 4

    def __init__(self, stack, python: str) -> None:
        self.stack, self.python = stack, python
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "DATABASE_URL": stack.postgres.url("helpdesk_peer"),
            "DJANGO_SETTINGS_MODULE": "helpdesk_settings",
            "PYTHONPATH": str(PEER_DIR),
        }
        self.proc: subprocess.Popen | None = None
        self.port = 0

    def setup(self) -> None:
        import psycopg

        with psycopg.connect(self.stack.postgres.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE helpdesk_peer")
        for args in (
            ["migrate", "--no-input", "-v0"],
            ["shell", "-c", PEER_QUEUE],
        ):
            subprocess.run([self.python, "-m", "django", *args], env=self.env, check=True, capture_output=True)

    def start(self) -> str:
        from tests.production.stack import free_port

        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                *(self.python, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.WORKERS)),
                *("--no-control-socket", "django.core.wsgi:get_wsgi_application()"),
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/helpdesk/tickets/submit/", timeout=3).status_code == 200:
                    return base
            time.sleep(0.3)
        raise RuntimeError("the peer did not start")

    def pids(self) -> list[int]:
        from tests.production.stack import _descendants

        return [self.proc.pid, *_descendants(self.proc.pid)]

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc = None


async def _websocket_answers(stack) -> bool:
    """A signed-in queue screen still gets its snapshot (from daphne on its own port if need be)."""
    from bench.livekit import WebSocket

    async with stack.browser() as browser:
        await browser.sign_in("agri.head")
        ws = await WebSocket.connect(
            f"ws://127.0.0.1:{stack.servers.ws_port}/ws/queues/agriculture/?protocol=live",
            headers=browser.ws_headers(),
        )
        try:
            return (await ws.recv_json(timeout=15)).get("type") == "snapshot"
        finally:
            await ws.close()


def _table(label: str, runs_by_level: dict[int, list[Level]]) -> list[str]:
    lines = []
    for concurrency, runs in runs_by_level.items():

        def med(attr: str, runs=runs) -> float:
            return statistics.median(getattr(r, attr) for r in runs)

        lines.append(
            f"{label:<36} {concurrency:>3} {med('rate'):7.1f} {med('p50'):5.0f}ms {med('p95'):5.0f}ms "
            f"{med('p99'):5.0f}ms {sum(r.errors for r in runs):>4} {med('server_cpu_ms'):10.1f}ms "
            f"{med('client_cpu_ms'):8.1f}ms {max(r.connections for r in runs):>8}"
        )
    return lines


LABELS = {
    "daphne": "daphne x{processes} (pool {pool_max})",
    "gunicorn": "gunicorn {processes} sync (pool {pool_max}) + daphne",
    "uvicorn": "uvicorn x{processes} (pool {pool_max})",
    "granian": "granian wsgi x{processes} (pool {pool_max}) + daphne",
}


def run(*, quick: bool = False) -> list[str]:
    from bench import harness
    from tests.production.stack import Stack

    chosen = [name for name in os.environ.get("BENCH_LAYOUTS", ",".join(LAYOUTS)).split(",") if name]
    layouts = [name for name in chosen if installed(name)]
    skipped = [name for name in chosen if name not in layouts]
    rounds = int(os.environ.get("BENCH_ROUNDS", 1 if quick else 3))
    levels = QUICK_LEVELS if quick else LEVELS
    peer_python = os.environ.get("BENCH_PEER_PYTHON")
    names = layouts + (["peer"] if peer_python else [])
    results: dict[str, dict[int, list[Level]]] = {name: {c: [] for c in levels} for name in names}
    sockets: dict[str, bool] = {}
    logged_500s = dict.fromkeys(layouts, 0)
    lines = [f"machine: {harness.machine()}; {rounds} round(s), layouts in turn; medians over the rounds"]
    if skipped:
        lines.append(f"not installed, skipped: {', '.join(skipped)} (uv sync --group bench)")
    # A TERM (timeout, kill) still stops the stack's PostgreSQL, Redis and servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    stack = Stack(processes=2, pool_max=8)
    peer = None
    n = 1_000_000
    try:
        stack.start()
        if peer_python:
            peer = Peer(stack, peer_python)
            peer.setup()
        for round_ in range(rounds):
            for name in names:
                if name == "peer":
                    stack.servers.stop()  # the machine's cores to the peer alone, as to each layout
                    base = peer.start()
                    submit, pids = _peer(base), peer.pids()
                    connections = lambda: stack.postgres.client_connections("helpdesk_peer")  # noqa: E731
                else:
                    processes, pool_max = LAYOUTS[name]
                    stack.redeploy(http_server=name, processes=processes, pool_max=pool_max)
                    sockets[name] = sockets.get(name, True) and asyncio.run(_websocket_answers(stack))
                    submit, pids, connections = _ours(stack), stack.servers.pids(), stack.postgres.client_connections
                for concurrency, total in levels.items():
                    level = asyncio.run(_level(submit, pids, connections, concurrency, total, n))
                    n += total
                    results[name][concurrency].append(level)
                    print(
                        f"  (round {round_ + 1}, {name}, c={concurrency}: {level.rate:.1f}/s, "
                        f"errors {level.errors}, answers {level.statuses})",
                        flush=True,
                    )
                if name == "peer":
                    peer.stop()
                else:
                    logged_500s[name] += len(stack.server_errors())
    finally:
        if peer is not None:
            peer.stop()
        stack.stop()
    lines.append(
        f"{'layout':<36} {'c':>3} {'subm/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>4} "
        f"{'srv CPU/subm':>12} {'client CPU':>10} {'PG conns':>8}"
    )
    for name in layouts:
        processes, pool_max = LAYOUTS[name]
        lines += _table(LABELS[name].format(processes=processes, pool_max=pool_max), results[name])
        lines.append(
            f"{'':<36} websockets answered: {'yes' if sockets.get(name) else 'NO'}; "
            f"500s in the servers' logs: {logged_500s[name]}"
        )
    if peer_python:
        lines += _table(f"peer: django-helpdesk, gunicorn {Peer.WORKERS} sync", results["peer"])
        for name in layouts:
            ratio = statistics.median(r.rate for r in results[name][max(levels)]) / statistics.median(
                r.rate for r in results["peer"][max(levels)]
            )
            lines.append(f"  {name} / peer at c={max(levels)}: {ratio:.2f}")
    lines.append("err: failed submissions summed over the rounds; PG conns: the most seen in any round")
    return lines
