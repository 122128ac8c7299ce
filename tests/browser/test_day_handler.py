"""A handler's working day in a real browser, on a desk screen and on a phone: staff home, the
unit's queue, picking a case, the petitioner at hand, the first call, the reply and its letter,
the delivery and the follow-up visit. Each step takes the case off the to-do list it answers,
and only that step."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Petitioner
from departments.models import Unit
from mediation.services.clocks import case_clocks_refresh
from mediation.services.reply import case_completion_sign
from tests.browser.day import VIEWPORTS, in_todo, look, sign_in, viewports
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ID_NUMBER = "330282195803120417"


@pytest.fixture
def queued(transactional_db):
    call_command("load_demo", "--quiet-logins")
    case = routed_case(
        lead=Unit.objects.get(code="agriculture"),
        request="村里的灌溉渠堵塞，下游二十亩水稻无法灌溉，请求尽快疏通。",
        received_at=timezone.now() - timedelta(hours=3),
    )
    Petitioner.objects.filter(case=case).update(id_number=ID_NUMBER, address="塘角村三组12号")
    case_clocks_refresh(case, timezone.now())
    return case


@viewports
def test_handler_works_a_case_from_the_queue_to_the_follow_up(queued, page, live_server, width):
    page.set_viewport_size(VIEWPORTS[width])
    base, code = live_server.url, queued.tracking_code
    name = f"day-handler-{width}"
    sign_in(page, base, "agri.handler")
    look(page, f"{name}-home")

    page.get_by_role("link", name="待领取队列").first.click()
    page.wait_for_url("**/staff/queues/")
    look(page, f"{name}-queues")
    page.locator("main").get_by_role("link", name="农业农村办").click()
    page.wait_for_url("**/staff/queues/agriculture/")
    look(page, f"{name}-queue")
    row = page.locator("tr", has=page.locator(f"a[href$='/staff/cases/{code}/']"))
    with page.expect_navigation():
        row.get_by_role("button", name="领取").click()
    assert in_todo(page, base, "in_hand", code)
    assert in_todo(page, base, "first_calls", code)
    look(page, f"{name}-inbox")

    page.locator(f"#todo-in_hand a[href$='/staff/cases/{code}/']").click()
    page.wait_for_url(f"**/staff/cases/{code}/")
    look(page, f"{name}-case")
    petitioner = page.get_by_test_id("petitioner")
    expect(petitioner.locator("a.tel")).to_have_attribute("href", "tel:13800138000")
    expect(petitioner.locator(".id-number")).not_to_contain_text(ID_NUMBER)
    with page.expect_navigation():
        petitioner.get_by_role("button", name="查看完整号码").click()
    expect(page.get_by_test_id("petitioner").locator(".id-number")).to_have_text(ID_NUMBER)

    call = page.get_by_test_id("first-contact-form")
    call.locator("textarea[name='learned']").fill("已电话联系王大伯：灌溉渠约五十米被淤泥堵塞。")
    with page.expect_navigation():
        call.get_by_role("button").click()
    expect(page.locator(".message.success")).to_be_visible()
    look(page, f"{name}-case-called")
    assert not in_todo(page, base, "first_calls", code)
    assert in_todo(page, base, "in_hand", code)

    page.goto(f"{base}/staff/cases/{code}/")
    reply = page.get_by_test_id("reply-form")
    reply.locator("textarea[name='facts']").fill("经现场查看，灌溉渠淤塞属实。")
    reply.locator("textarea[name='basis']").fill("依据村级水利设施管护办法。")
    reply.locator("textarea[name='decision']").fill("由农业农村办于五个工作日内组织疏通。")
    with page.expect_navigation():
        reply.get_by_role("button", name="保存答复意见").click()
    expect(page.locator(".reply-text")).to_contain_text("经现场查看，灌溉渠淤塞属实。")
    look(page, f"{name}-case-reply")
    letter = page.request.get(f"{base}/staff/cases/{code}/reply.pdf")
    assert letter.status == 200
    assert letter.headers["content-type"] == "application/pdf"
    assert letter.body().startswith(b"%PDF")

    with page.expect_navigation():
        page.get_by_role("button", name="提请办结签").click()
    assert in_todo(page, base, "in_hand", code)  # awaiting the director's signature: still the handler's
    case_completion_sign(case=queued, actor=get_user_model().objects.get(username="director"))

    page.goto(f"{base}/staff/cases/{code}/")
    deliver = page.locator("form[action$='/reply/deliver/']")
    deliver.locator("input[name='delivered_on']").fill(timezone.localdate().isoformat())
    with page.expect_navigation():
        deliver.get_by_role("button").click()
    assert in_todo(page, base, "follow_ups", code)
    assert not in_todo(page, base, "in_hand", code)

    page.goto(f"{base}/staff/cases/{code}/")
    look(page, f"{name}-case-delivered")
    visit = page.locator("form[action$='/follow-up/']")
    visit.locator("input[name='at']").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    visit.locator("input[name='satisfaction']").first.check()
    visit.locator("textarea[name='comments']").fill("渠道已通，王大伯表示满意。")
    with page.expect_navigation():
        visit.get_by_role("button").click()
    expect(page.locator(".follow-ups")).to_contain_text("渠道已通")
    look(page, f"{name}-case-followed-up")
    assert not in_todo(page, base, "follow_ups", code)

    page.goto(f"{base}/staff/cases/{code}/")
    with page.expect_navigation():
        page.get_by_role("link", name="完整办理记录").click()
    expect(page.locator(".history-table tr[data-kind]").first).to_be_visible()
    look(page, f"{name}-history")
    assert page.console_errors == []
