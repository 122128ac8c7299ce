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
        }
    else:
        env["ONE_WINDOW_VAR_DIR"] = tempfile.mkdtemp(prefix="one-window-bench-")
        env["LOG_LEVEL"] = "WARNING"
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
def daphne(env: dict[str, str]) -> Iterator[str]:
    """Run one daphne process serving the ASGI app; yield its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "center.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode())
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


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
