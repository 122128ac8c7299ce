"""An escalated case in a real browser: the clerk issues the slip, the unit reports, the leader signs."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from departments.models import Leader, Unit
from mediation.models import OwnershipDuty, ReinvestigationReport, WarningSlip
from tests.browser.conftest import screenshot
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "OneWindow-demo-2026"


@pytest.fixture
def escalated(transactional_db):
    call_command("load_demo", "--quiet-logins")
    return routed_case(
        lead=Unit.objects.get(code="agriculture"),
        owner=Leader.objects.get(user__username="leader.li"),
        repeat_count=3,
        request="第三次反映：土地流转补偿款至今未发放。",
    )


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


def test_slip_report_signature_and_duty_in_the_browser(page, live_server, escalated):
    case_url = f"{live_server.url}/staff/cases/{escalated.tracking_code}/"
    sign_in(page, live_server.url, "petition.clerk")
    page.goto(case_url)
    with page.expect_navigation():
        page.locator("#escalation form[action$='/warning-slip/issue/'] button").click()
    slip = WarningSlip.objects.get(case=escalated)
    expect(page.locator("#escalation").get_by_text(slip.number).first).to_be_visible()
    screenshot(page, "escalation-slip-issued")
    page.goto(case_url + "warning-slip/")
    expect(page.get_by_role("heading", name="信访事项预警提醒单")).to_be_visible()
    screenshot(page, "escalation-warning-slip")

    sign_in(page, live_server.url, "agri.handler")
    page.goto(case_url)
    form = page.locator("form[action$='/reinvestigation/']")
    form.locator("textarea[name=analysis]").fill("初次答复后补偿款未落实到位。")
    form.locator("textarea[name=resolution_plan]").fill("两周内由农业农村办兑现补偿款。")
    form.locator("textarea[name=stabilisation_plan]").fill("联村干部每周走访一次。")
    with page.expect_navigation():
        form.locator("button").click()
    assert ReinvestigationReport.objects.filter(case=escalated).exists()

    sign_in(page, live_server.url, "leader.li")
    page.goto(case_url)
    with page.expect_navigation():
        page.locator("form[action$='/reinvestigation/sign/'] button").click()
    duty = page.locator("form[action$='/duties/']")
    duty.locator("select[name=duty]").select_option("know")
    duty.locator("input[name=done_on]").fill("2026-01-05")
    duty.locator("textarea[name=note]").fill("上门走访，了解补偿款发放情况。")
    with page.expect_navigation():
        duty.locator("button").click()
    assert OwnershipDuty.objects.filter(case=escalated, duty="know").exists()
    expect(page.locator("#escalation").get_by_text("上门走访，了解补偿款发放情况。").first).to_be_visible()
    screenshot(page, "escalation-signed-and-duty")
    assert page.console_errors == []
