"""SMS and work messages in a real browser: a failed SMS sent again from the case page, and the
preferences page at a desk and on a phone."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    import_module("mediation.migrations.0002_seed_calendar").seed(apps, None)
    call_command("load_demo", "--quiet-logins")


def _sign_in(page, url, username):
    page.goto(url + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("OneWindow-demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


def test_the_petition_office_sends_a_failed_sms_again(page, live_server, demo, settings, tmp_path):
    from cases.models import CaseEvent
    from departments.models import Unit
    from messaging import services
    from messaging.conf import from_environ
    from messaging.models import SmsMessage, SmsTemplate, State
    from tests.factories import IMMEDIATE_TASKS
    from tests.mediation.factories import routed_case
    from tests.messaging.helpers import later, templates

    cfg = from_environ({"MESSAGING_SMS_BACKEND": "file"}, tmp_path, live_server.url)
    settings.MESSAGING = cfg
    settings.TASKS = IMMEDIATE_TASKS
    SmsTemplate.objects.filter(kind="follow_up").delete()  # the demo's: an administrator removed it
    case = routed_case(lead=Unit.objects.get(code="agriculture"))
    CaseEvent.objects.create(case=case, at=later(-30), kind="follow_up", data={})
    services.messages_dispatch()
    services.messages_send_due()  # no template yet: failed
    assert SmsMessage.objects.get().state == State.FAILED
    templates()

    _sign_in(page, live_server.url, "petition.clerk")
    page.goto(f"{live_server.url}/staff/cases/{case.tracking_code}/")
    section = page.get_by_test_id("sms")
    expect(section).to_contain_text("回访")
    expect(section).to_contain_text("138****8000")
    expect(section).to_contain_text("发送失败")
    assert_accessible(page, "case page with SMS")
    section.get_by_role("button", name="重新发送").click()
    expect(page.locator("body")).to_contain_text("短信已排队，将重新发送。")
    # the worker (here the immediate backend) sends it right after the commit
    expect(page.get_by_test_id("sms").locator("tr[data-state='sent']")).to_have_count(1)
    page.get_by_test_id("sms").scroll_into_view_if_needed()
    screenshot(page, "case-sms")
    assert page.console_errors == []


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}])
def test_preferences_at_a_desk_and_on_a_phone(page, live_server, demo, viewport):
    from messaging.models import StaffMessagePreference

    page.set_viewport_size(viewport)
    _sign_in(page, live_server.url, "agri.handler")
    page.get_by_role("link", name="我的工作消息").click()
    page.get_by_label("您的钉钉或企业微信账号").fill("agri-handler")
    page.get_by_label("督办").uncheck()
    page.get_by_label("改为每天一条汇总，不逐条发送").check()
    page.get_by_label("免打扰开始").fill("22:00")
    page.get_by_label("免打扰结束").fill("07:30")
    assert_accessible(page, "message preferences")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("body")).to_contain_text("您的消息偏好已保存。")
    no_sideways = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways
    screenshot(page, f"message-preferences-{viewport['width']}")
    pref = StaffMessagePreference.objects.get(user__username="agri.handler")
    assert "supervision" not in pref.categories
    assert pref.digest
    assert pref.messenger_id == "agri-handler"
