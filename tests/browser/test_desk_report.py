"""A report at the petition-office desk, in a browser (issue 16): the clerk registers an anonymous
report from a letter (its category, the passphrase the reporter wrote in it), a mistyped
passphrase is refused beside its field, and the reporter follows the report on /track/ with the
code and the passphrase. Each page is photographed (var/screenshots/desk-report-<step>.png) and
scanned with axe-core.
"""

import pytest
from django.core.management import call_command

from cases.models import Case
from tests.browser.day import settled_look, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSPHRASE = "桥头老樟树下见面"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--quiet-logins")


def _fill(page, passphrase_again: str) -> None:
    page.get_by_text("来信", exact=True).click()
    page.locator("label.pill", has_text="投诉举报").click()
    page.get_by_label("诉求").fill("来信举报：村里垃圾清运费三年未公开，怀疑被挪用。")
    page.locator("label.pill", has_text="村务公开与村级财务").click()
    page.get_by_label("匿名举报：举报人不留姓名、电话、身份证号和住址").check()
    page.get_by_label("举报人设定的查询密语").fill(PASSPHRASE)
    page.get_by_label("再次输入查询密语").fill(passphrase_again)
    page.get_by_label("已向信访人告知个人信息使用规则并取得同意").check()


def test_the_desk_registers_an_anonymous_report_followed_by_code_and_passphrase(page, live_server, demo):
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, base, "petition.clerk")
    page.goto(base + "/staff/desk/")
    _fill(page, "另一个密语不一样")
    settled_look(page, "desk-report-form")
    page.get_by_role("button", name="登记", exact=True).click()
    page.locator(".errorlist", has_text="两次输入的查询密语不一致").wait_for()
    assert Case.objects.count() == 0
    assert PASSPHRASE not in page.content()
    settled_look(page, "desk-report-error")

    _fill(page, PASSPHRASE)
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url("**/staff/desk/cases/**")
    case = Case.objects.get()
    assert case.is_anonymous
    assert not case.petitioners.exists()
    assert case.routing.proposal["lead_unit"] == "agriculture"
    assert page.get_by_test_id("reporter-anonymous").is_visible()
    assert page.get_by_test_id("report-category").inner_text() == "村务公开与村级财务"
    settled_look(page, "desk-report-registered")

    page.context.clear_cookies()
    page.goto(base + "/track/")
    page.get_by_label("查询码").fill(case.display_code)
    page.get_by_label("或（匿名举报）查询密语").fill(PASSPHRASE)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("status").inner_text() == "已登记"
    settled_look(page, "desk-report-tracked")
