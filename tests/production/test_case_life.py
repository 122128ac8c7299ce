"""The whole life of a case on the deployed portal, over HTTP and websockets only.

Three intakes (the online form, a kiosk through the intake API, the petition office's desk), then
routing, the director's assignment signature (the page's form, or the API), picking, 一问一核实,
the reply, the completion signature, delivery, the follow-up visit and closing; the petitioner
follows it on /track/. A conduct complaint goes its own way, never seen by the unit it accuses.
"""

import asyncio
import contextlib
import json
import random
import re
import uuid

import pytest
from bs4 import BeautifulSoup

from bench.livekit import Closed, WebSocket
from tests.production.pages import page_form, submit
from tests.production.stack import Browser, Stack

pytestmark = [pytest.mark.production]

AGRICULTURE = "农业农村办"
DISCIPLINE = "纪工委、监察办"
TANGJIAO = "塘角村"

# The public status labels of the tracking page (intake/includes/status_label.html, in Chinese).
PUBLIC = {
    "registered": "已登记",
    "routed": "交办中",
    "assigned": "办理中",
    "in_progress": "办理中",
    "reply_drafted": "答复拟定中",
    "awaiting_signoff": "答复拟定中",
    "signed_off": "答复拟定中",
    "replied": "已答复",
    "follow_up_done": "已答复",
    "closed": "已办结",
}
FILED = "中心已受理您反映的事项。"
DELIVERED = "书面答复意见已送达。"
CLOSED = "您的事项已办结。"


def new_phone() -> str:
    return f"137{random.randrange(10**8):08d}"


def code_of(display: str) -> str:
    return display.replace("-", "").strip()


def error_messages(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [li.get_text(" ", strip=True) for li in soup.select("li.message.error")]


def case_row(stack: Stack, code: str) -> dict:
    rows = stack.postgres.query(
        "SELECT c.id, c.status, c.channel, c.is_conduct_complaint, u.code, r.confidential, p.username "
        "FROM intake_case c LEFT JOIN mediation_routing r ON r.case_id = c.id "
        "LEFT JOIN departments_unit u ON u.id = r.lead_unit_id "
        "LEFT JOIN center_user p ON p.id = r.picked_by_id WHERE c.tracking_code = %s",
        code,
    )
    assert len(rows) == 1, (code, rows)
    keys = ("id", "status", "channel", "conduct", "lead_unit", "confidential", "picked_by")
    return dict(zip(keys, rows[0], strict=True))


def assert_status(stack: Stack, code: str, status: str) -> dict:
    row = case_row(stack, code)
    assert row["status"] == status, (code, row)
    return row


async def signed_in(stack: Stack, username: str) -> Browser:
    browser = stack.browser()
    await browser.sign_in(username)
    return browser


async def act(browser: Browser, page: str, action: str, **values):
    """Open ``page``, fill the form posting to ``action`` and send it, as the person would; the
    answer is a redirect to a page that says no error."""
    response, _token = await browser.page(page)
    assert response.status_code == 200, (page, response.status_code)
    form = page_form(response.text, str(response.url), action=action)
    answer = await submit(browser, form, **values)
    assert answer.status_code == 302, (action, answer.status_code, answer.text[:1000])
    landed = await browser.get(answer.headers["location"])
    assert landed.status_code == 200, (answer.headers["location"], landed.status_code)
    assert error_messages(landed.text) == [], (action, error_messages(landed.text))
    return landed


class Petitioner:
    """The person who filed: follows the case on /track/ with the code and the phone's last four digits."""

    def __init__(self, stack: Stack, phone: str) -> None:
        self.browser = stack.browser()
        self.phone = phone
        self.code = ""

    async def track(self) -> tuple[str, list[str], str]:
        response, _token = await self.browser.page("/track/")
        assert response.status_code == 200
        form = page_form(response.text, "/track/", having="phone_last4")
        answer = await submit(self.browser, form, code=self.code, phone_last4=self.phone[-4:])
        assert answer.status_code == 200, answer.status_code
        soup = BeautifulSoup(answer.text, "html.parser")
        status = soup.select_one('[data-testid="status"]')
        assert status is not None, answer.text[-2000:]
        timeline = [" ".join(li.get_text(" ", strip=True).split()[2:]) for li in soup.select("ol.timeline li")]
        return status.get_text(strip=True), timeline, answer.text

    async def sees(self, status: str, *events: str) -> str:
        shown, timeline, html = await self.track()
        assert shown == PUBLIC[status], (self.code, status, shown)
        for event in events:
            assert event in timeline, (self.code, event, timeline)
        return html


class Listener:
    """A websocket read in the background; every message is kept for later checks."""

    def __init__(self, ws: WebSocket) -> None:
        self.ws = ws
        self.messages: list[dict] = []
        self.raw: list[str] = []
        self.arrived = asyncio.Event()
        self.task = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, stack: Stack, path: str, browser: Browser) -> "Listener":
        url = f"ws://127.0.0.1:{stack.servers.ws_port}{path}"
        listener = cls(await WebSocket.connect(url, headers=browser.ws_headers()))
        await listener.wait_for(lambda m: m.get("type") == "snapshot", what="the snapshot")
        return listener

    async def _read(self) -> None:
        with contextlib.suppress(Closed):
            while True:
                text = await self.ws.recv()
                self.raw.append(text)
                self.messages.append(json.loads(text))
                self.arrived.set()

    async def wait_for(self, accept, *, what: str, timeout: float = 30) -> dict:
        seen = 0
        async with asyncio.timeout(timeout):
            while True:
                for message in self.messages[seen:]:
                    if accept(message):
                        return message
                seen = len(self.messages)
                self.arrived.clear()
                if self.task.done():
                    raise AssertionError(f"the socket closed before {what}: {self.raw[-3:]}")
                await self.arrived.wait()
        raise AssertionError(what)  # pragma: no cover (the timeout raises)

    async def close(self) -> None:
        await self.ws.close()
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Closed):
            await self.task


def shows_row(case_id: int, region: str = "waiting"):
    def accept(message: dict) -> bool:
        rows = message.get("rows") or []
        if any(r.get("id") == case_id and r.get("region") == region for r in rows):
            return True
        html = (message.get("regions") or {}).get(region) or ""
        return message.get("type") == "snapshot" and f'data-live-id="{case_id}"' in html

    return accept


def mentions(message_text: str, case: dict) -> bool:
    data = json.loads(message_text)
    ids = [r.get("id") for r in data.get("rows") or []]
    return (
        case["id"] in ids
        or f'data-live-id="{case["id"]}"' in message_text
        or case["code"] in message_text
        or case["display"] in message_text
    )


# --- intake ----------------------------------------------------------------------------------------


async def file_online(stack: Stack, petitioner: Petitioner, request: str) -> str:
    browser = petitioner.browser
    response, _token = await browser.page("/file/")
    assert response.status_code == 200
    form = page_form(response.text, str(response.url), having="request")
    answer = await submit(
        browser,
        form,
        service="petition",
        request=request,
        name="王大伯",
        phone=petitioner.phone,
        village=TANGJIAO,
        consent=True,
    )
    assert answer.status_code == 302, (answer.status_code, error_messages(answer.text), answer.text[-3000:])
    receipt = await browser.get(answer.headers["location"])
    assert receipt.status_code == 200
    shown = BeautifulSoup(receipt.text, "html.parser").select_one('[data-testid="tracking-code"]')
    return code_of(shown.get_text())


async def file_at_kiosk(stack: Stack, petitioner: Petitioner, request: str) -> str:
    payload = {
        "service": "petition",
        "request": request,
        "name": "李阿姨",
        "phone": petitioner.phone,
        "village": None,
        "consent": True,
    }
    key = str(uuid.uuid4())
    async with stack.api(address=petitioner.browser.address) as kiosk:
        first = await kiosk.post("/api/v1/intake/cases", json=payload, headers={"Idempotency-Key": key})
        assert first.status_code == 201, first.text
        again = await kiosk.post("/api/v1/intake/cases", json=payload, headers={"Idempotency-Key": key})
        assert again.status_code == 200, again.text  # the kiosk's retry: the same case, not a second one
        assert again.json()["tracking_code"] == first.json()["tracking_code"]
        code = first.json()["tracking_code"]
        status = await kiosk.get(f"/api/v1/intake/cases/{code}", params={"phone_last4": petitioner.phone[-4:]})
        assert status.status_code == 200, status.text
        assert status.json()["status"] == "registered"
    assert stack.postgres.query("SELECT count(*) FROM intake_case WHERE idempotency_key = %s", key) == [(1,)]
    return code


async def file_at_desk(clerk: Browser, petitioner: Petitioner, request: str, **extra) -> tuple[str, str]:
    response, _token = await clerk.page("/staff/desk/")
    assert response.status_code == 200
    form = page_form(response.text, "/staff/desk/", having="request")
    answer = await submit(
        clerk,
        form,
        channel="visit",
        service=extra.pop("service", "petition"),
        request=request,
        **{"p-0-name": "张大哥", "p-0-phone": petitioner.phone, "p-0-village": TANGJIAO},
        consent=True,
        **extra,
    )
    if answer.status_code == 302:
        match = re.fullmatch(r"/staff/desk/cases/(\w+)/", answer.headers["location"])
        assert match, answer.headers["location"]
        return match.group(1), answer.headers["location"]
    assert answer.status_code == 200, answer.status_code
    assert error_messages(answer.text) == []
    shown = BeautifulSoup(answer.text, "html.parser").select_one(".tracking-code")
    assert shown is not None, answer.text[-3000:]  # a conduct complaint: the clerk gets the code only
    return code_of(shown.get_text()), ""


# --- the life --------------------------------------------------------------------------------------


@pytest.mark.parametrize("intake", ["online", "kiosk", "desk"])
async def test_the_whole_life_of_a_case(stack, intake):
    tokens = stack.seed["tokens"]
    petitioner = Petitioner(stack, new_phone())
    clerk = await signed_in(stack, "petition.clerk")
    director = await signed_in(stack, "director")
    head = await signed_in(stack, "agri.head")
    handler = await signed_in(stack, "agri.handler")
    request = f"塘角村机耕路被冲毁，请求修复（{intake}）。"

    # 1. Intake.
    if intake == "online":
        code = await file_online(stack, petitioner, request)
    elif intake == "kiosk":
        code = await file_at_kiosk(stack, petitioner, request)
    else:
        code, location = await file_at_desk(clerk, petitioner, request)
        assert (await clerk.get(location)).status_code == 200
    petitioner.code = code
    case = assert_status(stack, code, "registered")
    assert case["channel"] == {"online": "online", "kiosk": "online", "desk": "visit"}[intake]
    await petitioner.sees("registered", FILED)
    page = f"/staff/cases/{code}/"

    # 2. The petition office confirms the routing to the agriculture office.
    if intake == "desk":
        # Set the facts first: a policy question of the agriculture office; the rulebook then proposes it.
        await act(clerk, page, "/routing/facts/", kind="policy", line_office=AGRICULTURE)
        response, _token = await clerk.page(page)
        form = page_form(response.text, page, action="/routing/confirm/")
        assert form.label_of("lead_unit") == AGRICULTURE, form.values
        await act(clerk, page, "/routing/confirm/")
    else:
        await act(clerk, page, "/routing/confirm/", lead_unit=AGRICULTURE, reason="属农业农村办职责，改由其承办。")
    row = assert_status(stack, code, "routed")
    assert row["lead_unit"] == "agriculture"
    await petitioner.sees("routed", FILED)
    inbox = await director.get("/staff/inbox/")
    assert inbox.status_code == 200
    assert f"/staff/cases/{code}/" in inbox.text

    # 3. The director signs it out (交办签); the agriculture office's live queue shows it at once,
    # whichever server process holds the socket (the signature is handled by one of the two).
    sockets = [await Listener.open(stack, "/ws/queues/agriculture/?protocol=live", head) for _ in range(4)]
    try:
        if intake == "kiosk":
            async with stack.api(tokens["director"]) as api:
                signed = await api.post(f"/api/v1/cases/{code}/sign")
            assert signed.status_code == 200, (signed.status_code, signed.text)
            assert signed.json()["status"] == "assigned"
        else:
            await act(director, page, "/sign/")
        assert_status(stack, code, "assigned")
        for socket in sockets:
            await socket.wait_for(shows_row(case["id"]), what=f"the new case {code} in the live queue")
    finally:
        for socket in sockets:
            await socket.close()
    await petitioner.sees("assigned")

    # 4. The handler picks it from the queue.
    if intake == "kiosk":
        async with stack.api(tokens["agri.handler"]) as api:
            waiting = await api.get("/api/v1/queues/agriculture/cases", params={"limit": 200})
            assert code in [c["tracking_code"] for c in waiting.json()["cases"]]
            picked = await api.post(f"/api/v1/cases/{code}/pick")
        assert picked.status_code == 200, (picked.status_code, picked.text)
    else:
        await act(handler, page, "/pick/")
    assert assert_status(stack, code, "in_progress")["picked_by"] == "agri.handler"
    await petitioner.sees("in_progress")

    # 5. 一问一核实: the first phone call, then the site visit.
    landed = await act(
        handler, page, "/first-contact/", learned="电话联系信访人：机耕路约三十米被冲毁。", request_clear=False
    )
    assert "机耕路约三十米被冲毁" in landed.text
    landed = await act(handler, page, "/site-visit/", place="塘角村机耕路", learned="现场核实：路基冲毁属实。")
    assert "路基冲毁属实" in landed.text
    assert_status(stack, code, "in_progress")

    # 6. The reply: drafted (two sections come prefilled), read as a PDF, submitted.
    landed = await act(
        handler,
        page,
        "/reply/",
        facts="经现场核实，机耕路路基被暴雨冲毁约三十米。",
        basis="依据农村公路管理养护办法。",
        decision="由农业农村办于十个工作日内组织修复。",
    )
    assert "由农业农村办于十个工作日内组织修复。" in landed.text
    assert_status(stack, code, "reply_drafted")
    await petitioner.sees("reply_drafted")
    pdf = await handler.get(f"/staff/cases/{code}/reply.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    await act(handler, page, "/reply/submit/")
    assert_status(stack, code, "awaiting_signoff")
    await petitioner.sees("awaiting_signoff")

    # 7. The director signs completion (办结签); the clerk delivers the reply.
    await act(director, page, "/reply/sign/")
    assert_status(stack, code, "signed_off")
    await petitioner.sees("signed_off")
    await act(clerk, page, "/reply/deliver/", method="in_person")
    assert_status(stack, code, "replied")
    html = await petitioner.sees("replied", FILED, DELIVERED)
    link = BeautifulSoup(html, "html.parser").select_one('[data-testid="public-reply"] a[href^="/track/reply/"]')
    assert link is not None
    letter = await petitioner.browser.get(link["href"])
    assert letter.status_code == 200
    assert letter.content.startswith(b"%PDF-")

    # 8. The follow-up visit (每件一回访), then 案结事了.
    await act(clerk, page, "/follow-up/", method="phone", satisfaction="satisfied", comments="信访人对答复满意。")
    assert_status(stack, code, "follow_up_done")
    await petitioner.sees("follow_up_done")
    await act(clerk, page, "/close/")
    assert_status(stack, code, "closed")
    await petitioner.sees("closed", FILED, DELIVERED, CLOSED)

    history = await director.get(f"/staff/cases/{code}/history/")
    assert history.status_code == 200
    for browser in (clerk, director, head, handler, petitioner.browser):
        await browser.client.aclose()
    assert stack.server_errors() == [], stack.servers.log_tail()


# --- a conduct complaint ---------------------------------------------------------------------------


async def assert_hidden_from(stack: Stack, case: dict, browsers: dict[str, Browser]) -> None:
    """Everything the accused unit's people reach answers as if the case did not exist."""
    code, display = case["code"], case["display"]
    for name, browser in browsers.items():
        for path in (f"/staff/cases/{code}/", f"/staff/cases/{code}/history/", f"/staff/cases/{code}/reply.pdf"):
            response = await browser.get(path)
            assert response.status_code == 404, (name, path, response.status_code)
        for path in (
            "/staff/queues/",
            "/staff/queues/agriculture/",
            "/lobby/queues/agriculture/",
            "/lobby/queues/agriculture/snapshot/",
        ):
            response = await browser.get(path)
            assert response.status_code in {200, 404}, (name, path, response.status_code)
            assert response.status_code == 200 or name == "leader.li", (name, path)  # the unit's own queues
            for text in (code, display, f'data-live-id="{case["id"]}"'):
                assert text not in response.text, (name, path, text)
        if name not in stack.seed["tokens"]:
            continue
        async with stack.api(stack.seed["tokens"][name]) as api:
            response = await api.get(f"/api/v1/cases/{code}")
            assert response.status_code == 404, (name, response.status_code)
            response = await api.get("/api/v1/queues/agriculture/cases", params={"limit": 200})
            assert response.status_code == 200, (name, response.status_code)
            assert code not in response.text, name
            response = await api.post(f"/api/v1/cases/{code}/pick")
            assert response.status_code == 404, (name, response.status_code)


async def test_a_conduct_complaint_goes_to_the_discipline_office_and_never_to_the_accused_unit(stack):
    tokens = stack.seed["tokens"]
    clerk = await signed_in(stack, "petition.clerk")
    director = await signed_in(stack, "director")
    discipline = await signed_in(stack, "discipline.head")
    discipline_handler = await signed_in(stack, "discipline.handler")
    # The accused unit's head and handler, and the leader who supervises the unit.
    accused = {name: await signed_in(stack, name) for name in ("agri.head", "agri.handler", "leader.li")}
    sockets = [
        await Listener.open(stack, "/ws/queues/agriculture/?protocol=live", accused["agri.head"]) for _ in range(2)
    ]
    petitioner = Petitioner(stack, new_phone())

    # Filed at the desk, about the agriculture office: the clerk gets the code, nothing more.
    code, _location = await file_at_desk(
        clerk,
        petitioner,
        "反映农业农村办工作人员在发放补贴时索要好处费。",
        service="complaint",
        is_conduct_complaint=True,
        accused_description="农业农村办某工作人员",
        accused_units=[AGRICULTURE],
    )
    petitioner.code = code
    row = assert_status(stack, code, "registered")
    assert row["conduct"] is True
    assert row["confidential"] is True
    case = {"id": row["id"], "code": code, "display": f"{code[:2]}-{code[2:7]}-{code[7:]}"}
    await petitioner.sees("registered", FILED)
    assert (await clerk.get(f"/staff/cases/{code}/")).status_code == 404  # in confidence, even from the clerk
    await assert_hidden_from(stack, case, accused)

    # The discipline office confirms the routing the rulebook proposes: itself.
    page = f"/staff/cases/{code}/"
    response, _token = await discipline.page(page)
    assert response.status_code == 200
    form = page_form(response.text, page, action="/routing/confirm/")
    assert form.label_of("lead_unit") == DISCIPLINE, form.values
    await act(discipline, page, "/routing/confirm/")
    assert assert_status(stack, code, "routed")["lead_unit"] == "discipline-office"
    await assert_hidden_from(stack, case, accused)

    # The director signs it out; the discipline office's handler picks it and calls the petitioner.
    await act(director, page, "/sign/")
    assert_status(stack, code, "assigned")
    await assert_hidden_from(stack, case, accused)
    await act(discipline_handler, page, "/pick/")
    await act(discipline_handler, page, "/first-contact/", learned="已电话联系举报人，核实举报线索。")
    assert assert_status(stack, code, "in_progress")["picked_by"] == "discipline.handler"
    await assert_hidden_from(stack, case, accused)

    # A case the agriculture office may see, signed out now, reaches the same sockets: they were
    # listening all along, and heard nothing of the complaint.
    sentinel = Petitioner(stack, new_phone())
    sentinel_code = await file_at_kiosk(stack, sentinel, "塘角村灌溉渠堵塞，请求疏通。")
    await act(clerk, f"/staff/cases/{sentinel_code}/", "/routing/confirm/", lead_unit=AGRICULTURE, reason="农业事项。")
    async with stack.api(tokens["director"]) as api:
        signed = await api.post(f"/api/v1/cases/{sentinel_code}/sign")
    assert signed.status_code == 200, signed.text
    sentinel_id = case_row(stack, sentinel_code)["id"]
    for socket in sockets:
        await socket.wait_for(shows_row(sentinel_id), what="the sentinel case in the live queue")
        await socket.close()
        leaked = [text for text in socket.raw if mentions(text, case)]
        assert leaked == [], leaked

    for browser in (clerk, director, discipline, discipline_handler, *accused.values(), petitioner.browser):
        await browser.client.aclose()
    await sentinel.browser.client.aclose()
    assert stack.server_errors() == [], stack.servers.log_tail()
