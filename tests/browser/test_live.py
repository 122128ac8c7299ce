"""Live screens in headless Chromium against a live server with websockets (daphne, forked the way
Channels' ChannelsLiveServerTestCase does it, on the SQLite test database file)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from departments import permissions as perms
from intake.services import ticket_issue
from lobby import services
from lobby.models import AlertRecipient
from tests.browser.conftest import screenshot
from tests.lobby.factories import build_org, case_new, routed_case, session_key_for, window_new

pytestmark = pytest.mark.browser


def signed_in(browser, base: str, user):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
    context.add_cookies([{"name": "sessionid", "value": session_key_for(user), "url": base}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    return page


def test_a_clerk_calls_the_next_ticket_and_the_lobby_display_shows_it(live_ws_server, browser):
    org = build_org()
    clerk = org.people[("petition", perms.CLERK)]
    window_new("1", ["petition"], clerk=clerk, name="1号窗口")
    ticket = ticket_issue(service="petition", case=case_new(request="不应出现在大屏上的诉求"))
    _display, token = services.display_create(name="大厅电视")

    tv_context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    tv = tv_context.new_page()
    tv.goto(f"{live_ws_server}/lobby/display/{token}/")
    expect(tv.locator(".board.live-online")).to_be_visible()
    expect(tv.locator(".latest-none")).to_be_visible()

    desk = signed_in(browser, live_ws_server, clerk)
    desk.goto(f"{live_ws_server}/lobby/windows/1/")
    expect(desk.locator(".window-console.live-online")).to_be_visible()
    desk.locator("button.call-next").click()
    expect(desk.locator("[data-live-region=current] .ticket-label")).to_contain_text(ticket.label)

    expect(tv.locator(".latest-ticket")).to_have_text(ticket.label)
    expect(tv.locator("[data-board-announce] [data-announce-ticket]")).to_have_text(ticket.label)
    expect(tv.locator("[data-board-announce] [data-announce-window]")).to_have_text("1号窗口")
    assert tv.locator(".board").get_attribute("data-last-announce") == ticket.label
    assert "不应出现在大屏上的诉求" not in tv.content()
    screenshot(tv, "lobby-display-called")
    assert desk.console_errors == []
    tv_context.close()
    desk.context.close()


def test_a_case_picked_in_one_page_leaves_the_queue_open_in_another(live_ws_server, browser):
    org = build_org()
    agri = org.units["agri"]
    case = routed_case(lead=agri, request="鱼塘承包纠纷")
    other = routed_case(lead=agri, request="灌溉渠堵塞")
    url = f"{live_ws_server}{reverse('lobby:queue', args=['agriculture'])}"
    watcher = signed_in(browser, live_ws_server, org.people[("agri", perms.HEAD)])
    watcher.goto(url)
    expect(watcher.locator(".live-screen.live-online")).to_be_visible()
    waiting = watcher.locator("[data-live-region=waiting]")
    expect(waiting.locator(f'[data-live-id="{case.pk}"]')).to_be_visible()

    handler = signed_in(browser, live_ws_server, org.people[("agri", perms.HANDLER)])
    handler.goto(url)
    handler.locator(f'[data-live-region=waiting] [data-live-id="{case.pk}"] button').click()

    expect(waiting.locator(f'[data-live-id="{case.pk}"]')).to_have_count(0)
    expect(watcher.locator(f'[data-live-region=held] [data-live-id="{case.pk}"]')).to_be_visible()
    expect(waiting.locator(f'[data-live-id="{other.pk}"]')).to_be_visible()
    expect(watcher.locator('[data-live-text="waiting"]')).to_have_text("1")
    screenshot(watcher, "live-queue-after-pick")
    assert watcher.console_errors == []
    watcher.context.close()
    handler.context.close()


def test_an_offline_screen_says_so_and_catches_up_when_it_reconnects(live_ws_server, browser):
    org = build_org()
    agri = org.units["agri"]
    routed_case(lead=agri)
    page = signed_in(browser, live_ws_server, org.people[("agri", perms.HANDLER)])
    network = {"down": False, "open": []}

    def through(ws):
        if network["down"]:
            ws.close(code=1011, reason="network down")
            return
        ws.connect_to_server()
        network["open"].append(ws)

    page.route_web_socket(re.compile(r".*/ws/queues/.*"), through)
    page.goto(f"{live_ws_server}/lobby/queues/agriculture/")
    expect(page.locator(".live-screen.live-online")).to_be_visible()
    banner = page.locator("[data-live-banner]")
    expect(banner).to_be_hidden()

    network["down"] = True
    for ws in network["open"]:
        ws.close(code=1011, reason="network down")
    expect(banner).to_be_visible()
    screenshot(page, "live-queue-offline")
    missed = routed_case(lead=agri, request="断线期间到达的案件")  # nothing announces it to this page

    network["down"] = False
    expect(banner).to_be_hidden(timeout=20000)
    expect(page.locator(f'[data-live-region=waiting] [data-live-id="{missed.pk}"]')).to_be_visible()
    page.context.close()


def test_a_joint_reception_alert_pops_up_and_is_acknowledged(live_ws_server, browser):
    org = build_org()
    head = org.people[("agri", perms.HEAD)]
    case = routed_case(lead=org.units["agri"], group_size=9, village=org.village)
    alert = services.joint_reception_alert_raise(case=case)
    page = signed_in(browser, live_ws_server, head)
    page.goto(f"{live_ws_server}/lobby/")
    modal = page.locator(".live-alerts")
    expect(modal).to_be_visible()
    expect(modal.locator(".live-alert")).to_contain_text("9")
    screenshot(page, "joint-reception-alert")
    modal.locator("button").click()
    expect(modal).to_be_hidden()
    assert AlertRecipient.objects.get(alert=alert, user=head).acknowledged_at is not None
    assert page.console_errors == []
    page.context.close()
