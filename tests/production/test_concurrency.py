"""Under concurrency, on real processes: one pick wins, filings all land, a drained pool says 503.

Issue 10: 50 staff picking one case at once used to exhaust PostgreSQL's connections and leave the
server answering 500 for minutes; signing a case out answered 500 on PostgreSQL.
"""

import asyncio
import collections
import contextlib
import time

import psycopg
import pytest

from tests.production.flows import file_api, file_online, normal_code
from tests.production.stack import Servers

pytestmark = [pytest.mark.production]

ROUNDS = 20
PICKERS = 50


@contextlib.asynccontextmanager
async def connection_sampler(stack):
    """The most PostgreSQL connections the portal held at once while the block ran."""
    peak = {"connections": 0}
    stop = asyncio.Event()

    async def sample():
        while not stop.is_set():
            count = await asyncio.to_thread(stack.postgres.client_connections)
            peak["connections"] = max(peak["connections"], count)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.05)

    task = asyncio.create_task(sample())
    try:
        yield peak
    finally:
        stop.set()
        await task


async def test_director_signs_out_over_the_api(stack):
    async with stack.api(stack.seed["tokens"]["director"]) as director:
        for code in stack.seed["race_cases"]:
            response = await director.post(f"/api/v1/cases/{code}/sign")
            assert response.status_code == 200, (code, response.status_code, response.text[:300])
            assert response.json()["status"] == "assigned"
    rows = stack.postgres.query(
        "SELECT count(*) FROM intake_case c JOIN mediation_routing r ON r.case_id = c.id "
        "WHERE c.tracking_code = ANY(%s) AND r.signed_at IS NOT NULL",
        stack.seed["race_cases"],
    )
    assert rows[0][0] == ROUNDS


async def test_fifty_staff_race_to_pick_one_case_twenty_times(stack):
    clients = [stack.api(token) for token in stack.seed["pickers"][:PICKERS]]
    outcomes = collections.Counter()
    try:
        async with connection_sampler(stack) as peak:
            for code in stack.seed["race_cases"]:
                answers = await asyncio.gather(*(c.post(f"/api/v1/cases/{code}/pick") for c in clients))
                statuses = collections.Counter(a.status_code for a in answers)
                outcomes.update(statuses)
                assert statuses == {200: 1, 409: PICKERS - 1}, (code, statuses)
                winners = [a.json() for a in answers if a.status_code == 200]
                assert winners[0]["status"] == "in_progress"
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    print(f"\npicks: {dict(outcomes)}; most PostgreSQL connections: {peak['connections']}")
    assert outcomes == {200: ROUNDS, 409: ROUNDS * (PICKERS - 1)}
    assert peak["connections"] <= stack.pool_total, peak
    picked = stack.postgres.query(
        "SELECT count(DISTINCT r.picked_by_id) FROM intake_case c JOIN mediation_routing r ON r.case_id = c.id "
        "WHERE c.tracking_code = ANY(%s) AND r.picked_by_id IS NOT NULL",
        stack.seed["race_cases"],
    )
    assert picked[0][0] >= 1
    # The burst leaves nothing broken: the next request is served at once.
    async with stack.browser() as browser:
        assert (await browser.get("/readyz")).status_code == 200


async def test_two_hundred_residents_file_at_once(stack):
    """Half on the public form (GET, POST, receipt), half through the API, all at the same time."""

    async def online(n):
        async with stack.browser() as browser:
            return await file_online(browser, n)

    async def api(n):
        async with stack.api() as client:
            return await file_api(client, n)

    async with connection_sampler(stack) as peak:
        results = await asyncio.gather(
            *(online(10_000 + n) for n in range(100)), *(api(20_000 + n) for n in range(100))
        )
    statuses = collections.Counter(r.status_code for r, _code in results)
    assert not [s for s in statuses if s >= 500], statuses
    codes = [code for _r, code in results if code]
    assert len(codes) == 200, statuses
    assert peak["connections"] <= stack.pool_total, peak
    stored = stack.postgres.query(
        "SELECT c.tracking_code, count(p.id) FROM intake_case c "
        "JOIN intake_petitioner p ON p.case_id = c.id WHERE c.tracking_code = ANY(%s) GROUP BY c.tracking_code",
        codes,
    )
    assert {normal_code(code) for code, petitioners in stored if petitioners >= 1} == set(codes)


async def visit(stack, port: int, path: str):
    async with stack.browser(port=port) as resident:
        return await resident.get(path)


async def test_a_drained_pool_answers_503_then_recovers(stack):
    """Every pooled connection of a server process held (requests waiting on a row lock): other
    requests wait DB_POOL_TIMEOUT, then get 503 with Retry-After and a message; once the lock goes,
    the process serves again by itself.

    A daphne process of its own, so that the kernel cannot hand the probes to a process with free
    connections. (Daphne, whatever serves HTTP in the stack: a process that serves many requests at
    once is where a pool can drain, and daphne serves the websockets in every layout.)"""
    code = stack.seed["race_cases"][0]
    pool_max, timeout = 4, 3
    server = Servers(
        stack.env | {"DB_POOL_MAX_SIZE": str(pool_max), "DB_POOL_TIMEOUT": str(timeout)}, stack.base / "drain"
    )
    server.start(1)
    try:
        async with stack.api(stack.seed["tokens"]["agri.head"], port=server.port) as head:
            # Hold the case's routing row, as a long transaction would.
            blocker = await asyncio.to_thread(psycopg.connect, stack.postgres.url())
            try:
                await asyncio.to_thread(
                    blocker.execute,
                    "SELECT 1 FROM mediation_routing r JOIN intake_case c ON c.id = r.case_id "
                    "WHERE c.tracking_code = %s FOR UPDATE OF r",
                    (code,),
                )
                stuck = [asyncio.create_task(head.post(f"/api/v1/cases/{code}/release")) for _ in range(pool_max)]
                await asyncio.sleep(2)  # every pooled connection now waits on the lock
                started = time.monotonic()
                busy = await asyncio.gather(*(visit(stack, server.port, "/file/") for _ in range(3)))
                waited = time.monotonic() - started
            finally:
                await asyncio.to_thread(blocker.rollback)
                await asyncio.to_thread(blocker.close)
            released = await asyncio.gather(*stuck)
        assert [r.status_code for r in busy] == [503] * 3
        assert all(r.headers["Retry-After"] == "5" for r in busy)
        assert "服务繁忙" in busy[0].text
        assert waited >= timeout - 0.5  # they waited for a connection before giving up
        # Held requests finish once the lock goes (or got 503 themselves waiting for a connection).
        assert all(r.status_code < 500 or r.status_code == 503 for r in released), [r.status_code for r in released]
        # Recovered without a restart.
        recovered = await visit(stack, server.port, "/file/")
        assert recovered.status_code in (200, 302)
        assert (await visit(stack, server.port, "/readyz")).status_code == 200
        assert "Internal Server Error" not in server.log_text()
    finally:
        server.stop()
