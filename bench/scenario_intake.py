"""Complete online submissions: load the form, post it, follow the redirect to the result."""

import asyncio
import os
import random
import re

import httpx

from bench import harness

TITLE = "Online case submissions (GET form, POST, follow redirect) through daphne"
TOKEN = re.compile(r'name="token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _secure_headers(client: httpx.AsyncClient) -> dict[str, str]:
    """Behave as the TLS-terminating proxy in front would: production cookies are Secure-only."""
    origin = str(client.base_url).rstrip("/").replace("http://", "https://")
    return {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": f"{origin}/file/"}


async def _submit(client: httpx.AsyncClient) -> bool:
    headers = _secure_headers(client)
    form = await client.get("/file/", headers=headers)
    if form.status_code != 200:
        return False
    # httpx keeps Secure cookies away from http:// URLs; hand the CSRF cookie over ourselves.
    cookies = "; ".join(c.split(";", 1)[0] for c in form.headers.get_list("set-cookie"))
    data = {
        "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
        "token": TOKEN.search(form.text).group(1),
        "service": "petition",
        "request": "村口道路损坏多年，雨天积水严重，请求尽快修复。",
        "name": "压测用户",
        "phone": f"139{random.randrange(10**8):08d}",  # distinct people: no repeat links
        "group_size": "1",
        "consent": "on",
    }
    posted = await client.post("/file/", data=data, headers=headers | {"Cookie": cookies})
    if posted.status_code != 302:
        return False
    done = await client.get(posted.headers["location"], headers=headers)
    return done.status_code == 200


async def _run(base: str, levels: list[int], total: int) -> list[harness.Result]:
    async def make():
        return httpx.AsyncClient(base_url=base, timeout=60)

    results = []
    for c in levels:
        results.append(await harness.load("online submission", make, _submit, concurrency=c, total=total))
    return results


def run(*, quick: bool = False) -> list[str]:
    env = harness.backend_env()
    harness.manage(env, "migrate", "--no-input")
    demo_env = env | {"ONE_WINDOW_PROFILE": "embedded"}
    harness.manage(demo_env, "load_demo", "--quiet-logins")
    production = env.get("ONE_WINDOW_PROFILE") == "production"
    if production:
        harness.manage(env, "collectstatic", "--no-input")
    processes = int(os.environ.get("BENCH_PROCESSES", os.cpu_count() or 1))
    levels = [1, 8] if quick else [1, 8, 32]
    total = 60 if quick else 600
    with harness.daphne(env, processes=processes) as base:
        results = asyncio.run(_run(base, levels, total))
    return [
        f"server: {processes} daphne process(es) on one socket, {harness.describe(env)}; rate limits off",
        *(r.row() for r in results),
        "target: at least 250 submissions/s at c=32 (each submission is three HTTP requests)",
    ]
