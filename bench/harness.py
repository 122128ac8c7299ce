"""Shared pieces of the benchmarks: a real server to measure, a load loop, a report."""

import asyncio
import contextlib
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def machine() -> str:
    cores = os.cpu_count()
    return f"{platform.node()} · {platform.machine()} · {cores} cores · Python {platform.python_version()}"


def backend_env() -> dict[str, str]:
    """The environment of the measured server: PostgreSQL + Redis in production profile when
    DATABASE_URL and REDIS_URL are set, otherwise the embedded default in a scratch folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "center.settings"
    if os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"):
        env |= {
            "ONE_WINDOW_PROFILE": "production",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "k" * 60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "WARNING",
            "RATE_LIMITS_ENABLED": "0",
        }
    else:
        env["ONE_WINDOW_VAR_DIR"] = tempfile.mkdtemp(prefix="one-window-bench-")
        env["LOG_LEVEL"] = "WARNING"
        env["RATE_LIMITS_ENABLED"] = "0"
    return env


def describe(env: dict[str, str]) -> str:
    if env.get("ONE_WINDOW_PROFILE") == "production":
        return "production profile: PostgreSQL + Redis"
    return "embedded default: SQLite + in-memory channel layer"


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def daphne(env: dict[str, str], *, processes: int = 1) -> Iterator[str]:
    """Run daphne processes serving the ASGI app on one port; yield the base URL.

    Several processes share one listening socket (passed with --fd), so the
    kernel spreads connections over them as a proxy in front would.
    """
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    port = listener.getsockname()[1]
    fd = listener.fileno()
    procs = [
        subprocess.Popen(
            [PYTHON, "-m", "daphne", "--fd", str(fd), "center.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            pass_fds=(fd,),
        )
        for _ in range(processes)
    ]
    try:
        deadline = time.monotonic() + 60
        ready = False
        while time.monotonic() < deadline and not ready:
            for proc in procs:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stderr.read().decode())
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/static/css/site.css", timeout=2).status_code == 200
            except httpx.HTTPError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        listener.close()


@dataclass
class Result:
    label: str
    concurrency: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    def pct(self, p: float) -> float:
        data = sorted(self.latencies_ms)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, round(p / 100 * (len(data) - 1)))]

    def row(self) -> str:
        rate = self.requests / self.seconds if self.seconds else 0.0
        return (
            f"{self.label:<34} c={self.concurrency:<3} n={self.requests:<6} err={self.errors:<4} "
            f"{rate:8.1f}/s  p50={self.pct(50):7.1f}ms  p95={self.pct(95):7.1f}ms  p99={self.pct(99):7.1f}ms"
        )


async def load(
    label: str,
    make_client: Callable[[], Awaitable[httpx.AsyncClient]],
    one: Callable[[httpx.AsyncClient], Awaitable[bool]],
    *,
    concurrency: int,
    total: int,
) -> Result:
    """Run ``one`` ``total`` times over ``concurrency`` workers, each with its own client."""
    latencies: list[float] = []
    errors = 0
    remaining = total

    async def worker():
        nonlocal remaining, errors
        client = await make_client()
        try:
            while remaining > 0:
                remaining -= 1
                t0 = time.perf_counter()
                ok = False
                with contextlib.suppress(httpx.HTTPError):
                    ok = await one(client)
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += not ok
        finally:
            await client.aclose()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Result(label, concurrency, total, errors, time.perf_counter() - started, latencies)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
