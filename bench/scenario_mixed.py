"""200 clients for 60 s on the production profile: residents filing and tracking, staff reading.

The deployment of the production tier (``tests/production/stack.py``): a private PostgreSQL and
Redis, the README's layout of the production profile (gunicorn's sync workers for HTTP, daphne
for /ws/), reached as through a TLS proxy. Each client loops over a mix: 30 % file online (form
page, POST, receipt), 20 % file through the API, 30 % track a case, 20 % a staff read (queue
page, case page or the queue API).
Prints requests/s, p50/p95/p99 per kind, the count of 5xx and the most PostgreSQL connections in
use (the target: zero 5xx, connections never above the pools' total).
"""

import asyncio
import collections
import random
import statistics
import time

TITLE = "Mixed load: 200 clients filing, tracking and reading for 60 s (production profile, the README's layout)"

CLIENTS = 200
SECONDS = 60
STAFF = ("agri.head", "agri.handler", "director", "petition.clerk")


def run(*, quick: bool = False) -> list[str]:
    from tests.production.stack import Stack

    stack = Stack.for_layout()
    try:
        stack.start()
        return asyncio.run(_measure(stack, clients=50 if quick else CLIENTS, seconds=15 if quick else SECONDS))
    finally:
        stack.stop()


def _pct(data: list[float], p: float) -> float:
    data = sorted(data)
    return data[min(len(data) - 1, round(p / 100 * (len(data) - 1)))] if data else float("nan")


async def _measure(stack, *, clients: int, seconds: float) -> list[str]:
    from tests.production.flows import file_api, file_online

    latencies: dict[str, list[float]] = collections.defaultdict(list)
    statuses: collections.Counter = collections.Counter()
    failures: collections.Counter = collections.Counter()
    codes: list[tuple[str, str]] = []
    peak = 0
    stop_at = time.monotonic() + seconds
    codes_seen = stack.seed["race_cases"]

    staff = []
    for name in STAFF:
        browser = stack.browser()
        await browser.sign_in(name)
        staff.append(browser)

    async def timed(kind: str, call):
        started = time.perf_counter()
        try:
            response = await call
        except Exception as error:
            failures[type(error).__name__] += 1
            return None
        latencies[kind].append((time.perf_counter() - started) * 1000)
        status = response[0].status_code if isinstance(response, tuple) else response.status_code
        statuses[status // 100 * 100] += 1
        return response

    async def client(n: int):
        rng = random.Random(n)
        i = 0
        while time.monotonic() < stop_at:
            i += 1
            roll = rng.random()
            number = 100_000 + n * 10_000 + i
            if roll < 0.3:
                async with stack.browser() as resident:
                    result = await timed("file online (3 requests)", file_online(resident, number))
                if result and result[1]:
                    codes.append((result[1], f"{number:09d}"[-4:]))
            elif roll < 0.5:
                async with stack.api() as kiosk:
                    result = await timed("file via API", file_api(kiosk, number))
                if result and result[1]:
                    codes.append((result[1], f"{number:09d}"[-4:]))
            elif roll < 0.8:
                code, last4 = rng.choice(codes) if codes else (codes_seen[0], "0000")
                async with stack.browser() as resident:
                    await timed("track", resident.post("/track/", {"code": code, "phone_last4": last4}))
            else:
                browser = rng.choice(staff)
                path = rng.choice(
                    [
                        "/staff/queues/agriculture/",
                        f"/staff/cases/{rng.choice(codes_seen)}/",
                        "/lobby/queues/agriculture/",
                    ]
                )
                await timed("staff page", browser.get(path))

    async def sampler():
        nonlocal peak
        while time.monotonic() < stop_at:
            peak = max(peak, await asyncio.to_thread(stack.postgres.client_connections))
            await asyncio.sleep(0.2)

    started = time.monotonic()
    await asyncio.gather(sampler(), *(client(n) for n in range(clients)))
    elapsed = time.monotonic() - started
    for browser in staff:
        await browser.client.aclose()
    total = sum(len(v) for v in latencies.values())
    requests = total + 2 * len(latencies["file online (3 requests)"])
    every = [x for v in latencies.values() for x in v]
    lines = [
        f"{clients} clients for {elapsed:.0f} s on {stack.processes} {stack.http_server} processes "
        f"(pool {stack.pool_max} each): "
        f"{total} operations ({requests} requests, {requests / elapsed:.1f} requests/s); operations: "
        f"p50={_pct(every, 50):.0f}ms "
        f"p95={_pct(every, 95):.0f}ms p99={_pct(every, 99):.0f}ms",
        f"  answers by class: {dict(sorted(statuses.items()))}; 5xx: {statuses[500]}; "
        f"connection failures: {dict(failures) or 0}",
        f"  most PostgreSQL connections in use: {peak} (pool total {stack.pool_total})",
    ]
    for kind, values in sorted(latencies.items()):
        lines.append(
            f"  {kind:<26} n={len(values):<6} p50={statistics.median(values):7.1f}ms "
            f"p95={_pct(values, 95):7.1f}ms p99={_pct(values, 99):7.1f}ms"
        )
    verdict = "OK" if statuses[500] == 0 and peak <= stack.pool_total else "FAILED"
    lines.append(f"  -> {verdict}")
    return lines
