"""The monthly dispute screening as a working day in a real browser (issue 16): the village's staff
file the month's list on a phone (and report an incident of their village), a high-risk dispute
becomes a case at the center at once, the governance office finds it among what waits to be
dispatched (待派遣) and dispatches it, and the competent unit picks it and closes it with the
measure taken. Every page is photographed (var/screenshots/day-screening-<page>.png) and scanned
with axe-core."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cases.models import Case
from cases.rules import status as st
from governance.models import ScreeningItem
from mediation.models import CaseClock
from tests.browser.day import VIEWPORTS, look, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTIES = "塘角村王某某与赵某某"
MEASURE = "司法所与村调委会联合调处，双方签订宅基地界址协议，隐患已消除。"


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo", "--quiet-logins")


def test_a_village_files_its_screening_and_the_high_risk_dispute_is_dispatched_and_closed(demo, page, live_server):
    base = live_server.url

    # The village's mediation director, on a phone, files the month's list: one high-risk, one low.
    page.set_viewport_size(VIEWPORTS["390"])
    sign_in(page, base, "village.tangjiao")
    page.get_by_role("link", name="综治").first.click()
    page.wait_for_url("**/staff/governance/")
    look(page, "day-screening-village-home")
    page.get_by_role("link", name="每月矛盾纠纷排查").click()
    page.wait_for_url("**/staff/governance/screening/")
    form = page.get_by_test_id("screening-form")
    first = form.locator("fieldset").nth(0)
    first.get_by_label("当事人").fill(PARTIES)
    first.get_by_label("纠纷简要情况").fill("两户因宅基地界址争执，已有推搡，矛盾可能激化。")
    first.get_by_label("类别").select_option(label="矛盾纠纷")
    first.get_by_label("风险等级").select_option(label="高风险")
    first.get_by_label("已采取的措施").fill("村调委会已上门劝解一次。")
    second = form.locator("fieldset").nth(1)
    second.get_by_label("当事人").fill("李某与物业公司")
    second.get_by_label("纠纷简要情况").fill("停车位收费有异议。")
    second.get_by_label("类别").select_option(label="矛盾纠纷")
    second.get_by_label("风险等级").select_option(label="低风险")
    look(page, "day-screening-village-form")
    with page.expect_navigation():
        form.get_by_role("button", name="报送排查").click()
    expect(page.get_by_test_id("screening-filed")).to_be_visible()
    look(page, "day-screening-village-filed")
    item = ScreeningItem.objects.get(parties=PARTIES)
    case = item.case
    assert case is not None
    assert case.service == "governance"
    assert ScreeningItem.objects.get(parties="李某与物业公司").case is None  # low risk stays with the village
    code = case.tracking_code
    expect(page.locator("main")).to_contain_text(case.display_code)

    # The same morning the village reports an incident of its own village (the village is fixed).
    page.goto(f"{base}/staff/governance/report/")
    report = page.get_by_test_id("incident-form")
    expect(report.locator("select[name=village]")).to_be_disabled()
    report.get_by_label("详细地址").fill("村文化礼堂东侧空地")
    report.get_by_label("类别").select_option(label="消防隐患")
    report.get_by_label("中风险").check()
    report.get_by_label("事件情况").fill("空地堆放大量废旧木料，紧邻民房，存在火灾隐患。")
    look(page, "day-screening-village-report")
    with page.expect_navigation():
        report.get_by_role("button", name="提交上报").click()
    expect(page.get_by_test_id("incident-status")).to_have_text("待派遣")
    incident = Case.objects.get(governance_incident__isnull=False)
    assert incident.governance_incident.village.name == "塘角村"
    page.goto(f"{base}/staff/governance/")
    expect(page.locator("main")).to_contain_text(incident.display_code)
    look(page, "day-screening-village-incidents")

    # The governance office: the screened dispute waits to be dispatched, beside the incidents.
    page.set_viewport_size(VIEWPORTS["1366"])
    sign_in(page, base, "governance.head")
    page.goto(f"{base}/staff/governance/")
    waiting = page.get_by_test_id("to-dispatch")
    expect(waiting).to_contain_text(PARTIES)
    expect(waiting).to_contain_text(incident.display_code)
    look(page, "day-screening-office-home")
    page.goto(f"{base}/staff/governance/screening/overview/")
    expect(page.locator("main")).to_contain_text("塘角村")
    look(page, "day-screening-overview")
    page.get_by_role("link", name=case.display_code).click()
    page.wait_for_url(f"**/staff/governance/cases/{code}/")
    expect(page.get_by_test_id("case-status")).to_have_text("待派遣")
    look(page, "day-screening-office-case")
    dispatch = page.get_by_test_id("dispatch-form")
    dispatch.get_by_label("处置单位").select_option(label="司法所")
    with page.expect_navigation():
        dispatch.get_by_role("button", name="派遣").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已派遣，待处置单位领取")
    expect(page.get_by_test_id("case-unit")).to_have_text("司法所")
    expect(page.locator("tr[data-clock='governance_response']")).to_contain_text("本中心规定")
    look(page, "day-screening-office-dispatched")

    # The competent unit picks it from its queue and closes it with the measure taken.
    sign_in(page, base, "legal.handler")
    page.goto(f"{base}/staff/queues/legal-service/")
    row = page.locator("tr", has=page.locator(f"a[href$='/staff/cases/{code}/']"))
    expect(row).to_contain_text("已派遣，待处置单位领取")
    look(page, "day-screening-unit-queue")
    with page.expect_navigation():
        row.get_by_role("button", name="领取").click()
    page.goto(f"{base}/staff/governance/cases/{code}/")
    expect(page.get_by_test_id("case-status")).to_have_text("处置中")
    close = page.get_by_test_id("close-form")
    close.get_by_label("处置措施").fill(MEASURE)
    with page.expect_navigation():
        close.get_by_role("button", name="记录处置措施并办结").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已处置办结")
    expect(page.get_by_test_id("case-measure")).to_contain_text("界址协议")
    look(page, "day-screening-unit-closed")
    page.goto(f"{base}/staff/cases/{code}/history/")
    expect(page.locator("main")).to_contain_text("处置中 → 已处置办结")
    look(page, "day-screening-history")
    case.refresh_from_db()
    assert case.status == st.CLOSED
    assert CaseClock.objects.get(case=case, clock="governance_response").met_at is not None
    assert Case.objects.filter(service="governance").count() == 2
    assert page.console_errors == []
