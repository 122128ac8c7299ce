"""Pages through the real server: the public home page and a signed-in staff home page."""

import asyncio
import re

import httpx

from bench import harness

TITLE = "Pages (GET / and signed-in GET /staff/) through daphne"


async def _signed_in_client(base: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=30)
    page = await client.get("/staff/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = await client.post(
        "/staff/login/",
        data={"csrfmiddlewaretoken": token, "username": "agri.handler", "password": "OneWindow-demo-2026"},
        headers={"Referer": f"{base}/staff/login/"},
    )
    if response.status_code != 302:
        raise RuntimeError(f"sign-in failed: {response.status_code}")
    return client


async def _run(base: str, levels: list[int], total: int) -> list[harness.Result]:
    results = []

    async def anon():
        return httpx.AsyncClient(base_url=base, timeout=30)

    async def home(client):
        return (await client.get("/")).status_code == 200

    async def staff(client):
        return (await client.get("/staff/")).status_code == 200

    for c in levels:
        results.append(await harness.load("GET / (public home)", anon, home, concurrency=c, total=total))
    for c in levels:
        results.append(
            await harness.load(
                "GET /staff/ (signed in)", lambda: _signed_in_client(base), staff, concurrency=c, total=total
            )
        )
    return results


def run(*, quick: bool = False) -> list[str]:
    env = harness.backend_env()
    harness.manage(env, "migrate", "--no-input")
    if env.get("ONE_WINDOW_PROFILE") == "production":
        harness.manage(env | {"ONE_WINDOW_PROFILE": "embedded"}, "load_demo", "--quiet-logins")
        harness.manage(env, "collectstatic", "--no-input")
    else:
        harness.manage(env, "load_demo", "--quiet-logins")
    levels = [1, 8] if quick else [1, 8, 32]
    total = 100 if quick else 600
    with harness.daphne(env) as base:
        results = asyncio.run(_run(base, levels, total))
    return [f"server: one daphne process, {harness.describe(env)}", *(r.row() for r in results)]
