"""The director reads November in a real browser: charts drawn by ECharts under the CSP, the
tables behind them, the targets, and the cases behind a shortfall one click away.

Photographed (var/screenshots/stats-<width>-*.png) and scanned with axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.day import settled_look
from tests.factories import PASSWORD
from tests.mediation.factories import build_org, routed_case
from tests.stats.history import bj
from tests.stats.scenario import november

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {1366: {"width": 1366, "height": 768}, 390: {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", sorted(VIEWPORTS))
def test_the_director_reads_the_month(transactional_db, page, live_server, width):
    org = build_org()
    story = november(org)
    base = live_server.url
    page.set_viewport_size(VIEWPORTS[width])
    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill("director")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    page.get_by_role("link", name="统计").click()
    page.wait_for_url("**/staff/stats/")

    page.goto(f"{base}/staff/stats/?period=2026-11")
    expect(page.get_by_role("heading", name="2026-11 统计")).to_be_visible()
    for chart in ("volume", "rates"):
        drawn = page.locator(f"[data-chart={chart}]")
        expect(drawn).to_have_attribute("data-rendered", "true")
        expect(drawn.locator("canvas")).to_have_count(1)
        box = drawn.bounding_box()
        assert box["width"] > 200
        assert box["height"] > 200
    months = page.get_by_test_id("months").locator("tbody tr")
    expect(months).to_have_count(12)
    november_row = months.last
    expect(november_row.locator("th")).to_have_text("2026-11")
    expect(november_row.locator("td").nth(0)).to_have_text("5")  # received
    expect(page.get_by_test_id("center-targets")).to_contain_text("20.0%")  # proxy rate
    expect(page.get_by_test_id("center-targets")).to_contain_text("未达标")
    expect(page.get_by_test_id("figures-total").locator("td").first).to_have_text("5")
    settled_look(page, f"stats-{width}-month")

    # The completion rate (50 %) falls short: its cases are a click away.
    page.get_by_test_id("center-targets").locator("td").nth(1).get_by_role("link").click()
    page.wait_for_url("**/staff/stats/cases/**")
    expect(page.get_by_test_id("case-count")).to_have_text("2 件")
    expect(page.get_by_role("link", name=story.c.display_code)).to_be_visible()
    expect(page.get_by_role("link", name=story.d.display_code)).to_be_visible()
    settled_look(page, f"stats-{width}-shortfall")

    assert page.console_errors == []


def test_the_director_reads_a_kept_page_and_counts_it_again(transactional_db, page, live_server, settings):
    """A page slow to count (here: every page) is kept; it says when it was counted, its charts are
    drawn from the kept piece, and 立即重新统计 counts what came in since."""
    settings.STATS_KEEP_FROM_SECONDS = 0
    org = build_org()
    november(org)
    base = live_server.url
    page.set_viewport_size(VIEWPORTS[1366])
    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill("director")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    page.goto(f"{base}/staff/stats/?period=2026-11")
    expect(page.get_by_test_id("figures-total").locator("td").first).to_have_text("5")
    expect(page.get_by_test_id("stats-kept")).to_have_count(0)  # counted for this request
    routed_case(lead=org.units["agri"], received_at=bj(2026, 11, 20, 9), village=org.village)

    page.reload()
    kept = page.get_by_test_id("stats-kept")
    expect(kept).to_contain_text("以下数字统计于")
    expect(page.get_by_test_id("figures-total").locator("td").first).to_have_text("5")
    expect(page.locator("[data-chart=volume]")).to_have_attribute("data-rendered", "true")
    settled_look(page, "stats-1366-kept")

    kept.get_by_role("link", name="立即重新统计").click()
    page.wait_for_url("**fresh=1**")
    expect(page.get_by_test_id("figures-total").locator("td").first).to_have_text("6")
    expect(page.get_by_test_id("stats-kept")).to_have_count(0)
    expect(page.locator("[data-chart=volume]")).to_have_attribute("data-rendered", "true")
    assert page.console_errors == []
