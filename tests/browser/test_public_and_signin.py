"""The home page and staff sign-in in a real browser."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--quiet-logins")


def test_home_page_then_staff_sign_in(page, live_server, demo):
    # The browser asks for English; the center still answers in Chinese.
    page.goto(live_server.url + "/")
    assert page.title() == "沥海街道社会矛盾纠纷调处化解中心"
    assert page.get_by_role("link", name="办事指南").is_visible()
    screenshot(page, "home")

    page.get_by_role("link", name="工作人员登录").click()
    page.get_by_label("用户名").fill("agri.handler")
    page.get_by_label("密码").fill("OneWindow-demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    assert page.get_by_role("heading", name="您好，郑涛").is_visible()
    assert page.get_by_role("link", name="农业农村办").is_visible()
    assert page.get_by_role("link", name="城建办").count() == 0
    screenshot(page, "staff-home")
    assert page.console_errors == []

    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/staff/login/")


def test_wrong_password_then_lockout(page, live_server, demo):
    page.goto(live_server.url + "/staff/login/")
    for _ in range(5):
        page.get_by_label("用户名").fill("petition.clerk")
        page.get_by_label("密码").fill("wrong-password")
        page.get_by_role("button", name="登录").click()
        if page.get_by_role("heading", name="账户已锁定").count():
            break
        assert page.get_by_role("alert").is_visible()
    page.goto(live_server.url + "/staff/login/")
    page.get_by_label("用户名").fill("petition.clerk")
    page.get_by_label("密码").fill("OneWindow-demo-2026")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("heading", name="账户已锁定").is_visible()
    screenshot(page, "locked-out")


def test_switch_to_english(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Track my case").is_visible()
    assert page.get_by_role("link", name="File a case").is_visible()
    assert page.get_by_role("link", name="Service guide").is_visible()


def test_wagtail_admin_organisation_in_chinese(page, live_server, demo):
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("OneWindow-demo-2026")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/snippets/departments/unit/")
    assert page.get_by_text("街道信访办").first.is_visible()
    screenshot(page, "admin-units")
    csp_errors = [e for e in page.console_errors if "Content Security Policy" in e]
    assert csp_errors == []
