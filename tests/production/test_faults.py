"""Faults survived, nothing lost: a server process killed, Redis away for 30 s, PostgreSQL restarted.

Each is bounded in time. They run after the concurrency tests (file order) on the same stack.
"""

import asyncio
import collections
import io
import time

import pytest
from PIL import Image

from bench.livekit import Closed, WebSocket
from live.consumers import CLOSE_TRY_AGAIN
from tests.production.flows import file_api, file_online, normal_code

pytestmark = [pytest.mark.production]

SUBMISSIONS = 500
CONCURRENCY = 16
REDIS_OUTAGE_SECONDS = 30


def png_bytes(n: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (n % 256, 80, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def stored_cases(stack, codes: list[str]) -> dict[str, int]:
    """tracking code -> number of attachments, for the cases that exist with a petitioner."""
    rows = stack.postgres.query(
        "SELECT c.tracking_code, (SELECT count(*) FROM intake_attachment a WHERE a.case_id = c.id) "
        "FROM intake_case c WHERE c.tracking_code = ANY(%s) "
        "AND EXISTS (SELECT 1 FROM intake_petitioner p WHERE p.case_id = c.id)",
        codes,
    )
    return {normal_code(code): count for code, count in rows}


async def test_killing_a_server_process_loses_no_case(stack):
    """500 submissions (every other one with a photo) while one process serving HTTP is SIGKILLed
    (a daphne process, or one worker of the HTTP server's master: ``Servers.kill_one``):
    every tracking code a resident was shown exists, with its attachment; the residents whose
    process died got an error, never a code without a case."""
    received: dict[str, int] = {}
    failures = collections.Counter()
    done = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(SUBMISSIONS):
        queue.put_nowait(n)

    async def resident():
        nonlocal done
        while not queue.empty():
            n = queue.get_nowait()
            with_photo = n % 2 == 0
            files = [("attachments", (f"photo{n}.png", png_bytes(n), "image/png"))] if with_photo else None
            try:
                async with stack.browser(timeout=30) as browser:
                    response, code = await file_online(browser, 30_000 + n, files=files)
            except Exception as error:  # the connection died with the process
                failures[type(error).__name__] += 1
                continue
            finally:
                done += 1
            if code:
                received[code] = 1 if with_photo else 0
            else:
                failures[response.status_code] += 1

    async def killer():
        while done < SUBMISSIONS // 5:
            await asyncio.sleep(0.05)
        stack.servers.kill_one()

    await asyncio.gather(killer(), *(resident() for _ in range(CONCURRENCY)))
    print(f"\nSIGKILL during {SUBMISSIONS} submissions: {len(received)} codes shown, failures {dict(failures)}")
    assert not [f for f in failures if isinstance(f, int) and f >= 500 and f != 503], failures
    assert len(received) >= SUBMISSIONS // 2, (len(received), failures)
    stored = stored_cases(stack, list(received))
    missing = set(received) - set(stored)
    assert not missing, f"{len(missing)} codes shown to residents have no case"
    assert {code: stored[code] for code in received} == received, "attachments lost"
    # The service keeps going on the surviving processes; the supervisor (systemd for a daphne
    # process, the master for a worker) then starts a new one.
    stack.servers.recover()


async def queue_socket(stack, browser, *, attempts: int = 10):
    """A live queue screen's socket and its snapshot, reconnecting as the page does (a server that
    finds the channel layer unavailable closes with 4013, "try again later")."""
    for attempt in range(attempts):
        ws = await WebSocket.connect(
            f"ws://127.0.0.1:{stack.servers.ws_port}/ws/queues/agriculture/?protocol=live",
            headers=browser.ws_headers(),
        )
        try:
            snapshot = await ws.recv_json(timeout=15)
        except Closed as closed:
            snapshot = {"type": "closed", "code": closed.code}
        if snapshot["type"] == "closed":
            assert snapshot["code"] == CLOSE_TRY_AGAIN, snapshot
            assert attempt < attempts - 1, "the live screen never came back"
            await asyncio.sleep(1)
            continue
        assert snapshot["type"] == "snapshot", snapshot
        return ws, snapshot
    raise AssertionError("unreachable")


async def closed_within(ws: WebSocket, seconds: float) -> bool:
    """True once the server closes the socket (messages before that are skipped)."""
    try:
        async with asyncio.timeout(seconds):
            while True:
                await ws.recv_json()
    except Closed:
        return True
    except TimeoutError:
        return False


async def test_redis_away_for_thirty_seconds(stack):
    """Filing, tracking and case pages keep working without Redis; live screens go offline, and
    a screen reconnecting after Redis is back gets a snapshot with what changed meanwhile."""
    code = stack.seed["outage_cases"][0]
    (case_id,) = stack.postgres.query("SELECT id FROM intake_case WHERE tracking_code = %s", code)[0]
    async with stack.browser() as head, stack.api(stack.seed["tokens"]["director"]) as director:
        await head.sign_in("agri.head")
        ws, snapshot = await queue_socket(stack, head)
        assert f'data-live-id="{case_id}"' not in snapshot["regions"]["waiting"]

        stack.redis.stop()
        outage_started = time.monotonic()
        try:
            # The live screen learns that it is offline.
            assert await closed_within(ws, 20)
            statuses = collections.Counter()
            codes = []
            n = 0
            while time.monotonic() - outage_started < REDIS_OUTAGE_SECONDS:
                n += 1
                async with stack.browser() as resident:
                    response, filed = await file_online(resident, 40_000 + n)
                    statuses[response.status_code] += 1
                    codes += [filed] if filed else []
                    track = await resident.post(
                        "/track/", {"code": filed or "", "phone_last4": f"{40_000 + n:04d}"[-4:]}
                    )
                    statuses[track.status_code] += 1
                async with stack.api() as kiosk:
                    response, filed = await file_api(kiosk, 50_000 + n)
                    statuses[response.status_code] += 1
                    codes += [filed] if filed else []
                statuses[(await head.get(f"/staff/cases/{code}/")).status_code] += 1
                statuses[(await head.get("/staff/queues/agriculture/")).status_code] += 1
                if n == 1:  # a case signed out to agriculture while the live layer is away
                    signed = await director.post(f"/api/v1/cases/{code}/sign")
                    statuses[signed.status_code] += 1
                await asyncio.sleep(0.5)
        finally:
            stack.redis.start()
        assert set(statuses) <= {200, 201}, statuses
        assert len(stored_cases(stack, codes)) == len(codes) > 0
        # Back online: the screen reconnects and its snapshot has the case signed meanwhile.
        ws, snapshot = await queue_socket(stack, head)
        assert f'data-live-id="{case_id}"' in snapshot["regions"]["waiting"]
        await ws.close()


async def test_postgres_restart_recovers_without_restarting_the_portal(stack):
    """Requests during the restart get 503 (never 500); afterwards the pools hand out fresh
    connections (their health check drops the dead ones) and every request succeeds."""
    statuses = collections.Counter()
    stop = asyncio.Event()

    async def traffic():
        n = 0
        while not stop.is_set():
            n += 1
            async with stack.api() as kiosk:
                try:
                    response, _code = await file_api(kiosk, 60_000 + n)
                    statuses[response.status_code] += 1
                except Exception as error:
                    statuses[type(error).__name__] += 1
            await asyncio.sleep(0.05)

    async def restart():
        await asyncio.sleep(1)
        await asyncio.to_thread(stack.postgres.restart)
        await asyncio.sleep(2)
        stop.set()

    await asyncio.gather(restart(), *(traffic() for _ in range(4)))
    assert set(statuses) <= {201, 503}, statuses
    after = collections.Counter()
    for n in range(20):
        async with stack.browser() as resident:
            response, code = await file_online(resident, 70_000 + n)
            after[response.status_code] += 1
            assert code, response.status_code
        async with stack.api() as kiosk:
            response, _code = await file_api(kiosk, 80_000 + n)
            after[response.status_code] += 1
    assert after == {200: 20, 201: 20}, after
