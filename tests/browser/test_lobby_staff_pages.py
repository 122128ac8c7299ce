"""The lobby's staff pages (and a unit's page) as the clerk at a window and the director see them, at a desk's 1366 px
and a phone's 390 px, against daphne (their live parts speak websockets): each page is
photographed and scanned with axe-core, and nothing overflows the screen sideways."""

import pytest
from playwright.sync_api import expect

from departments import permissions as perms
from intake.services import ticket_issue
from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot
from tests.lobby.factories import build_org, case_new, routed_case, session_key_for, window_new

pytestmark = pytest.mark.browser

VIEWPORTS = {"1366": {"width": 1366, "height": 768}, "390": {"width": 390, "height": 844}}


def _signed_in(browser, base: str, user, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.add_cookies([{"name": "sessionid", "value": session_key_for(user), "url": base}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    return page


def _no_sideways_scroll(page, what: str):
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{what}: the page is {overflow}px wider than the screen"


def _visit(page, url: str, name: str, *, live: str | None = None):
    page.goto(url)
    if live:
        expect(page.locator(live)).to_be_visible()
    screenshot(page, name)
    assert_accessible(page, name)
    _no_sideways_scroll(page, name)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_window_clerks_lobby_pages(live_ws_server, browser, size):
    org = build_org()
    clerk = org.people[("petition", perms.CLERK)]
    window_new("1", ["petition", "legal_consultation"], clerk=clerk, name="1号窗口")
    for service in ("petition", "petition", "legal_consultation"):
        ticket_issue(service=service, case=case_new(service=service))
    routed_case(lead=org.units["petition"], request="村道破损，请求修复。")

    page = _signed_in(browser, live_ws_server, clerk, VIEWPORTS[size])
    _visit(page, f"{live_ws_server}/lobby/", f"lobby-{size}-index")
    _visit(page, f"{live_ws_server}/lobby/windows/", f"lobby-{size}-windows")
    _visit(page, f"{live_ws_server}/lobby/windows/1/", f"lobby-{size}-window", live=".window-console.live-online")
    page.locator("button.call-next").click()
    expect(page.locator("[data-live-region=current] .ticket-label")).to_be_visible()
    screenshot(page, f"lobby-{size}-window-called")
    assert_accessible(page, f"lobby-{size}-window-called")
    _visit(page, f"{live_ws_server}/lobby/queues/petition-office/", f"lobby-{size}-queue")
    _visit(page, f"{live_ws_server}/staff/units/petition-office/", f"staff-{size}-unit")
    assert page.console_errors == []
    page.context.close()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_directors_center_view_and_alerts(live_ws_server, browser, size):
    org = build_org()
    for unit in ("petition", "agri", "urban"):
        routed_case(lead=org.units[unit])
    page = _signed_in(browser, live_ws_server, org.director.user, VIEWPORTS[size])
    _visit(page, f"{live_ws_server}/lobby/center/", f"lobby-{size}-center")
    _visit(page, f"{live_ws_server}/lobby/alerts/", f"lobby-{size}-alerts")
    assert page.console_errors == []
    page.context.close()
