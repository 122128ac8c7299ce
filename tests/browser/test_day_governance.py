"""Governance in a real browser: a grid worker reports an incident from a phone (390 px), the
governance office dispatches it to the competent unit, and the unit picks it and closes it with the
measure taken; the office and the unit work at 1366 and at 390 px. The grid worker then reads the
measure on their own incident."""

import io

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from cases.models import Case
from cases.rules import status as st
from mediation.models import CaseClock
from tests.browser.day import VIEWPORTS, look, sign_in, viewports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo", "--quiet-logins")


def _photo() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, format="JPEG")
    return {"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


@viewports
def test_an_incident_is_reported_on_a_phone_dispatched_and_closed_with_the_measure(demo, page, live_server, width):
    base = live_server.url
    name = f"day-governance-{width}"

    # The grid worker, on a phone.
    page.set_viewport_size(VIEWPORTS["390"])
    sign_in(page, base, "grid.tangjiao")
    page.get_by_role("link", name="综治").first.click()
    page.wait_for_url("**/staff/governance/")
    look(page, f"{name}-grid-home")
    page.get_by_test_id("report-incident").click()
    page.wait_for_url("**/staff/governance/report/")
    look(page, f"{name}-grid-report")
    form = page.get_by_test_id("incident-form")
    form.get_by_label("详细地址").fill("塘角村东路12号旁小卖部门口")
    form.get_by_label("类别").select_option(label="矛盾纠纷")
    form.get_by_label("高风险").check()
    form.get_by_label("事件情况").fill("两户村民因宅基地界址争执，有肢体冲突苗头，需尽快介入。")
    form.locator("input[type=file]").set_input_files([_photo()])
    with page.expect_navigation():
        form.get_by_role("button", name="提交上报").click()
    expect(page.get_by_test_id("incident-status")).to_have_text("待派遣")
    look(page, f"{name}-grid-reported")
    case = Case.objects.get(service="governance")
    code = case.tracking_code
    assert case.attachments.count() == 1

    # The governance office dispatches it.
    page.set_viewport_size(VIEWPORTS[width])
    sign_in(page, base, "governance.head")
    page.goto(f"{base}/staff/governance/")
    look(page, f"{name}-office-home")
    page.get_by_test_id("to-dispatch").get_by_role("link", name=case.display_code).click()
    page.wait_for_url(f"**/staff/governance/cases/{code}/")
    look(page, f"{name}-office-case")
    dispatch = page.get_by_test_id("dispatch-form")
    dispatch.get_by_label("处置单位").select_option(label="农业农村办")
    with page.expect_navigation():
        dispatch.get_by_role("button", name="派遣").click()
    expect(page.get_by_test_id("case-unit")).to_have_text("农业农村办")
    expect(page.locator("tr[data-clock='governance_response']")).to_contain_text("本中心规定")
    look(page, f"{name}-office-dispatched")

    # The unit picks it from its queue and closes it with the measure taken.
    sign_in(page, base, "agri.handler")
    page.goto(f"{base}/staff/queues/agriculture/")
    row = page.locator("tr", has=page.locator(f"a[href$='/staff/cases/{code}/']"))
    with page.expect_navigation():
        row.get_by_role("button", name="领取").click()
    page.goto(f"{base}/staff/cases/{code}/")
    with page.expect_navigation():
        page.get_by_test_id("governance-link").click()
    look(page, f"{name}-unit-case")
    close = page.get_by_test_id("close-form")
    close.get_by_label("处置措施").fill("会同村调委会现场调处，双方签订宅基地界址协议，隐患已消除。")
    with page.expect_navigation():
        close.get_by_role("button", name="记录处置措施并办结").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已处置办结")
    expect(page.get_by_test_id("case-measure")).to_contain_text("界址协议")
    look(page, f"{name}-unit-closed")
    case.refresh_from_db()
    assert case.status == st.CLOSED
    assert CaseClock.objects.get(case=case, clock="governance_response").met_at is not None

    # The grid worker sees the progress and the measure.
    page.set_viewport_size(VIEWPORTS["390"])
    sign_in(page, base, "grid.tangjiao")
    page.goto(f"{base}/staff/governance/mine/{code}/")
    expect(page.get_by_test_id("incident-measure")).to_contain_text("界址协议")
    expect(page.get_by_test_id("incident-progress")).to_contain_text("农业农村办")
    look(page, f"{name}-grid-closed")
    assert page.console_errors == []
