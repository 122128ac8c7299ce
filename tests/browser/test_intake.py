"""The kiosk and the online form in a real browser."""

import pytest
from django.core.management import call_command

from cases.models import Case, Kiosk
from intake.kiosk import kiosk_enrollment_new
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--quiet-logins")


@pytest.fixture
def kiosk_page(page, live_server, demo, settings):
    settings.KIOSK_IDLE_SECONDS = 3
    settings.KIOSK_IDLE_WARNING_SECONDS = 2
    key = kiosk_enrollment_new(Kiosk.objects.create(name="大厅一号机"))
    page.set_viewport_size({"width": 1280, "height": 1024})
    page.goto(f"{live_server.url}/kiosk/enroll/{key}/")
    page.get_by_role("link", name="打开自助终端").click()
    return page


def test_kiosk_flow_prints_a_slip_then_clears(kiosk_page, live_server):
    page = kiosk_page
    page.evaluate("window.print = () => { window.__printed = (window.__printed || 0) + 1; }")
    screenshot(page, "kiosk-start")
    page.get_by_role("link", name="我要反映").click()
    page.get_by_text("矛盾纠纷调解").click()
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("发生了什么事？您有什么诉求？").fill("邻居装修噪音扰民，协商无果，申请调解。")
    screenshot(page, "kiosk-step-2")
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("姓名", exact=True).fill("王小明")
    page.get_by_label("电话", exact=True).fill("13912345678")
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("我已阅读个人信息告知").check()
    page.get_by_role("button", name="提交并打印回执").click()
    page.wait_for_url("**/kiosk/slip/**")
    case = Case.objects.get()
    slip = page.locator(".slip")
    assert case.display_code in slip.inner_text()
    assert page.get_by_test_id("ticket").inner_text() == "D001"
    assert page.get_by_test_id("reply-due").inner_text().startswith(case.reply_due_on.strftime("%Y-%m-%d"))
    assert page.locator(".qr svg").count() == 1
    screenshot(page, "kiosk-slip")
    # Left alone, the kiosk warns, then returns to its start screen with nothing of the last person.
    page.get_by_role("button", name="我还在").wait_for(state="visible", timeout=8000)
    page.wait_for_url(f"{live_server.url}/kiosk/", timeout=8000)
    assert "王小明" not in page.content()
    assert case.display_code not in page.content()
    page.go_back()
    assert case.display_code not in page.content() or page.url.endswith("/kiosk/")


def test_kiosk_refusal_opens_the_step_with_the_error(kiosk_page):
    page = kiosk_page
    page.get_by_role("link", name="我要反映").click()
    page.get_by_text("法律咨询").click()
    # The matter is left empty: "next" stops on its step with the error (checked by the server).
    for _ in range(2):
        page.get_by_role("button", name="下一步").click()
    page.get_by_text("请写明您反映的事项。").wait_for()
    screenshot(page, "kiosk-error")
    assert page.get_by_label("发生了什么事？您有什么诉求？").is_visible()
    assert not Case.objects.exists()


def test_online_form_in_browser(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="我要反映").click()
    page.get_by_text("信访", exact=True).click()
    page.get_by_label("发生了什么事？您有什么诉求？").fill("村口道路损坏多年，雨天积水严重，请求尽快修复。")
    page.get_by_label("姓名", exact=True).fill("张三")
    page.get_by_label("电话", exact=True).fill("13812345678")
    page.get_by_label("我已阅读个人信息告知").check()
    screenshot(page, "online-form")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/file/done/**")
    case = Case.objects.get()
    assert page.get_by_test_id("tracking-code").inner_text() == case.display_code
    screenshot(page, "online-done")
    page.get_by_role("link", name="查询办理进度").click()
    page.get_by_label("手机号后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    assert page.get_by_test_id("status").inner_text() == "已登记"
    assert page.console_errors == []
