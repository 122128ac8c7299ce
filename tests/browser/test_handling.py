"""A handler records the first phone call and drafts the written reply, in a real browser."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from departments.models import Unit
from mediation import services
from tests.browser.conftest import screenshot
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--quiet-logins")


def test_handler_records_the_first_call_and_drafts_the_reply(page, live_server, demo):
    handler = get_user_model().objects.get(username="agri.handler")
    case = routed_case(
        lead=Unit.objects.get(code="agriculture"),
        request="村里的灌溉渠堵塞，请求疏通。",
        received_at=timezone.now() - timedelta(days=1),
    )
    services.case_pick(case=case, actor=handler)

    page.goto(live_server.url + "/staff/login/")
    page.get_by_label("用户名").fill("agri.handler")
    page.get_by_label("密码").fill("OneWindow-demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    page.goto(f"{live_server.url}/staff/cases/{case.tracking_code}/")

    call = page.locator('[data-testid="first-contact-form"]')
    call.locator('textarea[name="learned"]').fill("已电话联系王大伯：灌溉渠约五十米被淤泥堵塞。")
    with page.expect_navigation():
        call.get_by_role("button").click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.get_by_text("灌溉渠约五十米被淤泥堵塞")).to_be_visible()

    reply = page.locator('[data-testid="reply-form"]')
    assert reply.locator('textarea[name="understood_request"]').input_value() == "村里的灌溉渠堵塞，请求疏通。"
    assert "30日内" in reply.locator('textarea[name="remedies"]').input_value()
    reply.locator('textarea[name="facts"]').fill("经现场查看，灌溉渠淤塞属实。")
    reply.locator('textarea[name="basis"]').fill("依据村级水利设施管护办法。")
    reply.locator('textarea[name="decision"]').fill("由农业农村办于五个工作日内组织疏通。")
    with page.expect_navigation():
        reply.get_by_role("button").click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.get_by_text("答复意见已起草").first).to_be_visible()
    expect(page.locator(".reply-text").get_by_text("经现场查看，灌溉渠淤塞属实。")).to_be_visible()
    screenshot(page, "handling-reply-drafted")
    assert page.console_errors == []
