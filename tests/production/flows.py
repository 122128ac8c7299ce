"""What residents and staff do over HTTP in the production tier, written once for every test there."""

import re
import uuid

import httpx

from tests.production.stack import Browser

_HIDDEN_TOKEN = re.compile(r'name="token" value="([^"]+)"')
_DISPLAY_CODE = re.compile(r'data-testid="tracking-code">([^<]+)<')
_VILLAGE = re.compile(r'<option value="(\d+)"')


def normal_code(code: str) -> str:
    return code.replace("-", "").replace(" ", "").strip().upper()


def phone_for(n: int) -> str:
    return f"13{n % 1_000_000_000:09d}"


def case_payload(n: int, *, service: str = "petition", request: str | None = None) -> dict:
    return {
        "service": service,
        "request": request or f"生产环境并发测试第{n}件：村口排水沟堵塞，雨天积水进屋，请求疏通。",
        "name": f"居民{n}",
        "phone": phone_for(n),
        "consent": True,
    }


async def file_online(browser: Browser, n: int, *, files: list | None = None) -> tuple[httpx.Response, str | None]:
    """A resident files on the public form: GET the form, POST it, follow to the receipt.

    Returns the last response and the tracking code the resident was shown (None if none).
    """
    form = await browser.client.get("/file/", follow_redirects=True)
    if form.status_code != 200:
        return form, None
    token = _HIDDEN_TOKEN.search(form.text)
    village = _VILLAGE.search(form.text)
    data = {k: str(v) for k, v in case_payload(n).items() if k != "consent"}
    data |= {"consent": "on", "group_size": "1", "token": token.group(1) if token else ""}
    if village:
        data["village"] = village.group(1)
    response = await browser.post(
        str(form.url.path), data, files=files or None, token=browser.client.cookies.get("csrftoken", "")
    )
    if response.status_code != 302:
        return response, None
    receipt = await browser.client.get(response.headers["location"])
    found = _DISPLAY_CODE.search(receipt.text)
    return receipt, normal_code(found.group(1)) if found and receipt.status_code == 200 else None


async def file_api(client: httpx.AsyncClient, n: int, **overrides) -> tuple[httpx.Response, str | None]:
    """The kiosk or the hotline files through the API, safe to retry with its Idempotency-Key."""
    response = await client.post(
        "/api/v1/intake/cases",
        json=case_payload(n) | overrides,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    code = response.json().get("tracking_code") if response.status_code in (200, 201) else None
    return response, normal_code(code) if code else None
