"""/api/v1/docs renders in a real browser from the project's own files, under the site's CSP."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_the_operations_without_csp_errors(page, live_server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(live_server.url + "/api/v1/docs")
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
    assert [url for url in requests if not url.startswith(live_server.url)] == []
