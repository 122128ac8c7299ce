"""The deployed portal answers as a proxy's client sees it."""

import pytest

pytestmark = [pytest.mark.production]


async def test_public_pages_answer_over_https_through_the_proxy(stack):
    async with stack.browser() as browser:
        for path in (
            "/",
            "/file/",
            "/track/",
            "/staff/login/",
            "/api/v1/openapi.json",
            "/api/v1/docs",
            "/healthz",
            "/readyz",
        ):
            response = await browser.get(path)
            assert response.status_code == 200, (path, response.status_code)


async def test_plain_http_is_redirected_to_https(stack):
    import httpx

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{stack.servers.port}") as client:
        response = await client.get("/track/", headers={"Host": "mediation.test"})
    assert response.status_code == 301
    assert response.headers["location"] == "https://mediation.test/track/"


async def test_staff_sign_in_gives_a_secure_session(stack):
    async with stack.browser() as browser:
        await browser.sign_in("agri.handler")
        assert browser.session
        response = await browser.get("/staff/")
        assert response.status_code == 200
