"""/api/v1/docs renders in a real browser from the project's own files, under the site's CSP.

Chromium's requests are answered by the project itself through Django's test client (Playwright's
routing): no live server, so no transactional flush of the rows the migrations put in, which the
browser tests that follow rely on. Any request that leaves the site is refused and reported.
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ORIGIN = "http://localhost"  # a potentially trustworthy origin, as a real deployment (https) is


@pytest.fixture
def site(page):
    """Chromium talks to the project at ORIGIN; returns the list of requests sent elsewhere."""
    client = Client(HTTP_HOST="localhost")
    elsewhere: list[str] = []

    def answer(route):
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" != ORIGIN:
            elsewhere.append(route.request.url)
            route.abort()
            return
        response = client.generic(route.request.method, url.path + (f"?{url.query}" if url.query else ""))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        route.fulfill(status=response.status_code, headers=dict(response.items()), body=body)

    page.route("**/*", answer)
    return elsewhere


def test_api_docs_render_the_operations_without_csp_errors(page, site):
    response = page.goto(ORIGIN + "/api/v1/docs")
    policy = dict(d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";"))
    assert policy["script-src"].split()[0] == "'self'"  # the site's CSP: no CDN, no inline script
    assert "unsafe" not in policy["script-src"]
    page.wait_for_selector(".opblock", timeout=15_000)
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/intake/cases" in summaries
    assert "/api/v1/cases/{code}/confirm-routing" in summaries
    assert page.get_by_text("One-Window API").first.is_visible()
    page.locator(".opblock-summary-path", has_text="/api/v1/intake/cases").first.click()
    page.wait_for_selector(".opblock-body")
    assert page.locator(".opblock-body").get_by_text("mediation").first.is_visible()  # the body's example
    screenshot(page, "api-docs")
    assert page.console_errors == []
    assert site == []
    # The CSP is in force on this page, and a breach would have shown among the console errors.
    probe = "window.__inline = 1"
    ran = page.evaluate(
        "(code) => { const s = document.createElement('script'); s.textContent = code;"
        " document.head.appendChild(s); return window.__inline === 1; }",
        probe,
    )
    assert ran is False
    assert any("Content Security Policy" in error for error in page.console_errors)
