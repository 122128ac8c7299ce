"""The legal-service window's working day in a real browser (issue 16): consultations closed in minutes.

A villager took ticket C at the kiosk with a legal question; the legal-service handler at window 3
opens the open consultations, answers on the spot and the case is closed, with no petition step.
A second resident walks up to the window: registered in four fields, the case opens at the
consultation form; the duty lawyer is booked, and when the booked consultation is held the case
closes. The first resident then looks the case up on the tracking page (a phone's screen): advice
was given, the law cited shows, the advice text and the staff note do not. Every page is
photographed (var/screenshots/day-legal-<page>.png) and scanned with axe-core.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from cases.rules import status as st
from intake.services import CaseInput, PetitionerInput, case_file
from mediation.models import CaseClock
from tests.browser.day import VIEWPORTS, settled_look, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "承包的果园被邻村占用一角，我可以怎么维权？"
ADVICE = "先收集承包合同和界址证据，与对方协商；协商不成可申请调解或向法院起诉。"
LAW = "《中华人民共和国农村土地承包法》第五十五条"
NOTE = "当事人带来承包合同复印件"


@pytest.fixture
def kiosk_case(transactional_db):
    call_command("load_demo", "--quiet-logins")
    filed = case_file(
        data=CaseInput(
            channel="kiosk",
            service="legal_consultation",
            request=QUESTION,
            petitioners=[PetitionerInput(name="陈大姐", phone="13955502468")],
            consent=True,
            wants_ticket=True,
        )
    )
    return filed.case, filed.ticket


def visit(page, name: str) -> None:
    settled_look(page, f"day-legal-{name}")


def test_the_legal_windows_day(kiosk_case, page, live_server):
    case, ticket = kiosk_case
    assert ticket.label.startswith("C")
    base = live_server.url
    page.set_viewport_size(VIEWPORTS["1366"])

    sign_in(page, base, "legal.handler")
    visit(page, "home")
    page.get_by_role("link", name="窗口法律咨询").click()
    page.wait_for_url("**/staff/legal/consultations/")
    waiting = page.get_by_test_id("waiting-consultations")
    expect(waiting.get_by_role("row", name=ticket.label)).to_be_visible()
    visit(page, "window")

    # The kiosk's ticket C: answered on the spot, closed at once.
    waiting.get_by_role("link", name=case.display_code).click()
    page.wait_for_url(f"**/staff/cases/{case.tracking_code}/#consultation")
    form = page.get_by_test_id("consultation-form")
    expect(form.get_by_label("咨询的问题")).to_have_value(QUESTION)
    visit(page, "case-form")
    form.get_by_label("当场解答").check()
    form.get_by_label("解答意见").fill(ADVICE)
    form.get_by_label("引用的法律依据").fill(LAW)
    form.get_by_label("内部备注（仅工作人员可见）").fill(NOTE)
    with page.expect_navigation():
        form.get_by_role("button", name="记录法律咨询").click()
    expect(page.get_by_test_id("advice")).to_contain_text(ADVICE)
    expect(page.get_by_test_id("consultation-form")).to_have_count(0)
    visit(page, "case-closed")
    case.refresh_from_db()
    assert case.status == st.CLOSED
    assert not CaseClock.objects.filter(case=case, met_at__isnull=True).exists()
    page.goto(f"{base}/staff/cases/{case.tracking_code}/history/")
    expect(page.get_by_text("法律咨询当场解答").first).to_be_visible()
    visit(page, "history")

    # A walk-in: registered at the window, straight to the consultation form; the lawyer booked.
    page.goto(f"{base}/staff/legal/consultations/")
    walk_in = page.get_by_test_id("walk-in-form")
    walk_in.get_by_label("咨询的问题").fill("工厂拖欠三个月工资，怎么申请仲裁？")
    walk_in.get_by_role("textbox", name="姓名").fill("赵师傅")
    walk_in.get_by_role("textbox", name="电话").fill("13955513579")
    walk_in.get_by_label("已向群众告知个人信息使用规则并取得同意").check()
    visit(page, "walk-in")
    with page.expect_navigation():
        walk_in.get_by_role("button", name="登记并记录法律咨询").click()
    second = Case.objects.get(petitioners__phone="13955513579")
    page.wait_for_url(f"**/staff/cases/{second.tracking_code}/#consultation")
    form = page.get_by_test_id("consultation-form")
    form.get_by_label("预约值班律师").check()
    when = timezone.localtime() + timedelta(days=2)
    form.get_by_label("预约时间（日期和时刻）").fill(when.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_role("textbox", name="值班律师").fill("周律师")
    with page.expect_navigation():
        form.get_by_role("button", name="记录法律咨询").click()
    expect(page.get_by_test_id("booked-for")).to_contain_text("周律师")
    visit(page, "booked")
    second.refresh_from_db()
    assert second.status == st.CONSULTATION_BOOKED
    held = page.get_by_test_id("consultation-held-form")
    held.get_by_label("解答意见").fill("可向劳动人事争议仲裁委员会申请仲裁，时效一年。")
    held.get_by_label("引用的法律依据").fill("《中华人民共和国劳动争议调解仲裁法》第二十七条")
    with page.expect_navigation():
        held.get_by_role("button", name="记录并办结").click()
    second.refresh_from_db()
    assert second.status == st.CLOSED
    visit(page, "held")

    # The first resident, on a phone: the tracking page says advice was given, and on what law.
    page.context.clear_cookies()
    page.set_viewport_size(VIEWPORTS["390"])
    page.goto(f"{base}/track/")
    page.get_by_label("查询码").fill(case.tracking_code)
    page.get_by_label("手机号后四位").fill("2468")
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("法律咨询已当场解答")
    expect(timeline).to_contain_text(LAW)
    body = page.content()
    assert ADVICE not in body
    assert NOTE not in body
    visit(page, "track")
