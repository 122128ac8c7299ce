"""The supervising leader's 督办 in a real browser (issue 17, 二（一） 分管领导督办), on a desk screen and on
a phone: the leader finds a late case of a unit they supervise on their list, issues a supervision
order with instructions and a date; the unit head finds it on their list and the handler on theirs,
the handler answers; the leader reads the answer on the case record, and the order leaves both lists."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.rules import status as st
from departments.models import Unit
from mediation.models import Notification, SupervisionOrder
from mediation.services.clocks import case_clocks_refresh
from tests.browser.day import VIEWPORTS, in_todo, look, sign_in, viewports
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def late(transactional_db):
    call_command("load_demo", "--quiet-logins")
    now = timezone.now()
    case = routed_case(
        lead=Unit.objects.get(code="agriculture"),  # supervised by leader.li
        status=st.IN_PROGRESS,
        picked_by=get_user_model().objects.get(username="agri.handler"),
        request="养殖场排污影响稻田，多次反映未果。",
        received_at=now - timedelta(days=12),
        assigned_at=now - timedelta(days=12),
    )
    case_clocks_refresh(case, now)
    return case


@viewports
def test_a_supervising_leader_issues_an_order_and_the_unit_answers_it(late, page, live_server, width):
    page.set_viewport_size(VIEWPORTS[width])
    base, code = live_server.url, late.tracking_code
    name = f"day-supervision-{width}"
    sign_in(page, base, "leader.li")
    assert in_todo(page, base, "supervised_urgent", code)
    look(page, f"{name}-leader-inbox")

    page.locator(f"#todo-supervised_urgent a[href$='/staff/cases/{code}/']").click()
    page.wait_for_url(f"**/staff/cases/{code}/")
    expect(page.locator(".case-nav a[href='#supervision']")).to_be_visible()
    section = page.locator("#supervision")
    section.get_by_text("发出督办单").click()
    answer_by = (timezone.localdate() + timedelta(days=3)).isoformat()
    section.get_by_label("督办要求").fill("三日内查明排污源头，提出整改方案并书面回复。")
    section.get_by_label("回复期限").fill(answer_by)
    look(page, f"{name}-issue-form")
    with page.expect_navigation():
        section.get_by_role("button", name="发出", exact=True).click()
    expect(page.locator("#supervision")).to_contain_text("三日内查明排污源头")
    expect(page.locator("#supervision")).to_contain_text("等待承办单位回复。")
    assert in_todo(page, base, "orders_issued", code)

    sign_in(page, base, "agri.head")
    assert in_todo(page, base, "supervision_orders", code)
    look(page, f"{name}-head-inbox")

    sign_in(page, base, "agri.handler")
    assert in_todo(page, base, "orders_to_answer", code)
    assert Notification.objects.filter(user__username="agri.handler", kind="supervision_issued").exists()
    page.locator(f"#todo-orders_to_answer a[href$='/staff/cases/{code}/']").click()
    page.wait_for_url(f"**/staff/cases/{code}/")
    section = page.locator("#supervision")
    expect(section).to_contain_text(answer_by)
    section.get_by_label("回复内容").fill("已会同生态环境办现场查明排污口，养殖场限期一周整改。")
    look(page, f"{name}-answer-form")
    with page.expect_navigation():
        section.get_by_role("button", name="提交回复").click()
    expect(page.locator("#supervision")).to_contain_text("养殖场限期一周整改")
    assert not in_todo(page, base, "orders_to_answer", code)

    sign_in(page, base, "leader.li")
    assert Notification.objects.filter(user__username="leader.li", kind="supervision_answered").exists()
    assert not in_todo(page, base, "orders_issued", code)
    page.goto(f"{base}/staff/cases/{code}/#supervision")
    section = page.locator("#supervision")
    expect(section).to_contain_text("养殖场限期一周整改")
    expect(section).to_contain_text("郑涛")  # who answered
    expect(page.locator("#history")).to_contain_text("督办")
    look(page, f"{name}-answered")
    assert SupervisionOrder.objects.get(case=late).answered_at is not None
    assert page.console_errors == []
