"""An anonymous report (匿名举报), end to end in a browser: filed online without name or phone,
followed on /track/ with its tracking code and the passphrase the reporter chose, and read again
once the handling unit's written reply is delivered. A wrong passphrase finds nothing.

Each page is photographed (var/screenshots/anonymous-report-<step>-<size>.png), scanned with
axe-core and checked to fit the screen, on a laptop and a phone.
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from cases.models import Case
from departments.models import Unit
from mediation import services
from mediation.rules import reopening
from tests.browser.day import settled_look
from tests.browser.test_kiosk_day import (
    kiosk,  # noqa: F401 (the enrolled kiosk's page, a fixture)
    on_step,
)
from tests.browser.test_kiosk_day import look as kiosk_look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"1366x768": {"width": 1366, "height": 768}, "390x844": {"width": 390, "height": 844}}
PASSPHRASE = "桥头老樟树下见面"
REPLY = {
    "understood_request": "您举报村垃圾清运费被挪作他用。",
    "facts": "经查阅账目，清运费收支已于本月补充公开。",
    "basis": "依据《村务公开条例》相关规定。",
    "decision": "责令村委会按季度公开清运费收支。",
    "remedies": reopening.DEFAULT_REMEDIES,
}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--quiet-logins")


def _user(username):
    return get_user_model().objects.get(username=username)


def _reply_delivered(case: Case) -> None:
    """The staff's side, through the services, in a thread of its own (the test thread runs
    Playwright's event loop, where the services' after-commit broadcasts cannot run)."""
    failed: list[BaseException] = []

    def work():
        try:
            _handle(case)
        except BaseException as error:  # handed back to the test thread
            failed.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def _handle(case: Case) -> None:
    """Routed, signed out, picked, answered, delivered."""
    clerk, director, handler = _user("petition.clerk"), _user("director"), _user("agri.handler")
    services.case_routing_confirm(
        case=case, actor=clerk, lead_unit=Unit.objects.get(code="agriculture"), reason="农业农村办牵头核查"
    )
    services.case_sign_assignment(case=case, actor=director)
    services.case_pick(case=case, actor=handler)
    # Nobody to phone: no first call (一问) is asked of an anonymous report.
    services.case_reply_draft(case=case, actor=handler, sections=REPLY)
    services.case_reply_submit(case=case, actor=handler)
    services.case_completion_sign(case=case, actor=director)
    services.case_reply_deliver(case=case, actor=clerk, method="online", delivered_on=timezone.localdate())


def _track(page, base: str, code: str, passphrase: str) -> None:
    page.goto(base + "/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("或（匿名举报）查询密语").fill(passphrase)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("size", list(SIZES))
def test_an_anonymous_report_is_filed_online_and_followed_with_code_and_passphrase(page, live_server, demo, size):
    base = live_server.url
    page.set_viewport_size(SIZES[size])
    page.goto(base + "/file/")
    page.get_by_text("投诉举报", exact=True).click()
    page.get_by_label("发生了什么事？您有什么诉求？").fill("村里的垃圾清运费被挪作他用，账目从未公开。")
    page.get_by_label("匿名举报（不留姓名和电话）").check()
    page.get_by_label("查询密语（匿名举报）").fill(PASSPHRASE)
    page.get_by_label("再次输入查询密语").fill(PASSPHRASE)
    page.get_by_label("我已阅读个人信息告知").check()
    settled_look(page, f"anonymous-report-form-{size}")
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url("**/file/done/**")
    settled_look(page, f"anonymous-report-filed-{size}")
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert page.get_by_test_id("anonymous-note").is_visible()

    case = Case.objects.get()
    assert case.is_anonymous
    assert not case.petitioners.exists()
    assert PASSPHRASE not in case.passphrase_hash

    # A wrong passphrase answers as an unknown code.
    _track(page, base, code, "不是这个密语啊")
    assert page.get_by_role("alert").inner_text().startswith("没有与该查询码")
    assert code not in page.locator("main").inner_text().replace(page.get_by_label("查询码").input_value(), "")

    _track(page, base, code, PASSPHRASE)
    assert page.get_by_test_id("status").inner_text() == "已登记"
    settled_look(page, f"anonymous-report-tracked-{size}")

    _reply_delivered(case)
    _track(page, base, code, PASSPHRASE)
    reply = page.get_by_test_id("public-reply")
    assert reply.is_visible()
    assert "责令村委会按季度公开清运费收支" in reply.inner_text()
    settled_look(page, f"anonymous-report-replied-{size}")


def test_an_anonymous_report_at_the_kiosk_asks_a_passphrase_instead_of_name_and_phone(kiosk, live_server):  # noqa: F811
    page = kiosk
    page.get_by_role("link", name="我要反映").click()
    page.get_by_text("投诉举报", exact=True).click()
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("发生了什么事？您有什么诉求？").fill("村里的垃圾清运费被挪作他用，账目从未公开。")
    page.get_by_label("举报的是哪类事项？").select_option("village_affairs")
    page.get_by_role("button", name="下一步").click()
    assert on_step(page, "您的信息")
    assert not page.get_by_label("查询密语（匿名举报）").is_visible()
    page.get_by_label("匿名举报（不留姓名和电话）").check()
    assert not page.get_by_label("姓名", exact=True).is_visible()
    page.get_by_label("查询密语（匿名举报）").fill("short")
    page.get_by_role("button", name="下一步").click()
    page.locator(".errorlist", has_text="查询密语至少 8 个字符").wait_for()
    kiosk_look(page, "anonymous-3-details-error")
    page.get_by_label("查询密语（匿名举报）").fill(PASSPHRASE)
    page.get_by_label("再次输入查询密语").fill(PASSPHRASE)
    kiosk_look(page, "anonymous-3-details")
    page.get_by_role("button", name="下一步").click()
    assert on_step(page, "请核对您填写的内容")
    assert PASSPHRASE not in page.locator(".kiosk-recap").inner_text()
    page.get_by_label("我已阅读个人信息告知").check()
    kiosk_look(page, "anonymous-4-confirm")
    page.get_by_role("button", name="提交并打印回执").click()
    page.wait_for_url("**/kiosk/slip/**")
    case = Case.objects.get()
    assert case.is_anonymous
    assert case.routing.proposal["lead_unit"] == "agriculture"  # village affairs: the table's competent unit
    assert not case.petitioners.exists()
    assert page.get_by_test_id("anonymous-note").is_visible()
    assert page.get_by_test_id("ticket").count() == 0  # no number is called for an anonymous reporter
    kiosk_look(page, "anonymous-slip")
