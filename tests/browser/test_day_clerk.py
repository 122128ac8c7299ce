"""The petition-office clerk's working day in a real browser, on a desk screen and on a phone.

Sign in → inbox → register a case at the desk (earlier cases shown as links) → print the
acknowledgement and the queue ticket → decide the repeat link → confirm the routing → find the
case in the all-cases list by code and by phone → export. Every page is photographed
(var/screenshots/day-clerk-<width>-<page>.png) and scanned with axe-core; an item leaves the
clerk's to-do lists only when its step is done."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, CaseLink
from departments.models import Unit
from tests.browser.day import settled_look, todo_codes
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "OneWindow-demo-2026"
PHONE = "13957001234"
VIEWPORTS = {1366: {"width": 1366, "height": 768}, 390: {"width": 390, "height": 844}}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--quiet-logins")
    # The same person came last month about the same irrigation ditch.
    return routed_case(
        lead=Unit.objects.get(code="agriculture"),
        request="村东灌溉渠堵塞，农田无法灌溉，请求尽快疏通灌溉渠。",
        phone=PHONE,
        received_at=timezone.now() - timedelta(days=30),
    )


def visit(page, width: int, name: str) -> None:
    settled_look(page, f"day-clerk-{width}-{name}")


@pytest.mark.parametrize("width", sorted(VIEWPORTS))
def test_the_clerks_day(demo, page, live_server, width):
    earlier = demo
    base = live_server.url
    page.set_viewport_size(VIEWPORTS[width])

    page.goto(f"{base}/staff/login/")
    visit(page, width, "login")
    page.get_by_label("用户名").fill("petition.clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    visit(page, width, "home")

    page.get_by_role("link", name="待办事项").first.click()
    page.wait_for_url("**/staff/inbox/")
    expect(page.locator("#todo-routing")).to_be_visible()
    expect(page.locator("#todo-links")).to_be_visible()
    visit(page, width, "inbox")

    # The desk: a visitor with a ticket. As the phone is typed, the earlier case shows, as a link.
    page.goto(f"{base}/staff/desk/")
    form = page.locator("form.desk-form")
    form.get_by_role("group", name="渠道").get_by_label("来访").check()
    form.get_by_role("group", name="服务类型").get_by_label("信访", exact=True).check()
    form.get_by_label("诉求").fill("村东灌溉渠又堵塞了，农田无法灌溉，请求疏通灌溉渠。")
    form.get_by_role("textbox", name="姓名").fill("王大伯")
    form.get_by_role("textbox", name="电话").fill(PHONE)
    form.get_by_label("村（社区）").select_option(label="塘角村")
    earlier_link = page.locator(".earlier").get_by_role("link", name=earlier.display_code)
    expect(earlier_link).to_be_visible()
    assert earlier_link.get_attribute("href") == f"/staff/cases/{earlier.tracking_code}/"
    units = form.get_by_role("group", name="被反映单位")
    expect(units.get_by_role("checkbox").first).to_be_visible()
    form.get_by_label("发放排队号（在大厅等候）").check()
    form.get_by_label("已向信访人告知个人信息使用规则并取得同意").check()
    visit(page, width, "desk")
    with page.expect_navigation():
        form.get_by_role("button", name="登记", exact=True).click()

    case = Case.objects.exclude(pk=earlier.pk).get()
    link = CaseLink.objects.get(case=case)
    assert link.earlier_id == earlier.pk
    page.wait_for_url(f"**/staff/desk/cases/{case.tracking_code}/")
    expect(page.get_by_role("heading", name=f"事项 {case.display_code}")).to_be_visible()
    visit(page, width, "desk-case")

    # The slips for the person at the counter.
    for name in ("打印受理告知书", "打印排队号单"):
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(base + href)
        assert response.status == 200, name
        assert response.headers["content-type"] == "application/pdf", name
        assert response.body().startswith(b"%PDF"), name

    # Both to-dos wait: the new case's routing, its repeat link.
    assert case.display_code in todo_codes(page, base, "routing")
    assert case.display_code in todo_codes(page, base, "links")

    # Decide the repeat link; it leaves the list, the routing stays.
    page.goto(f"{base}/staff/desk/cases/{case.tracking_code}/")
    with page.expect_navigation():
        page.get_by_role("button", name="确认").click()
    link.refresh_from_db()
    assert link.state == CaseLink.State.CONFIRMED
    assert case.display_code not in todo_codes(page, base, "links")
    assert case.display_code in todo_codes(page, base, "routing")
    visit(page, width, "inbox-after-link")

    # The routing: seen but not confirmed stays on the list; confirmed leaves it.
    page.locator("#todo-routing").get_by_role("link", name=case.display_code).click()
    page.wait_for_url(f"**/staff/cases/{case.tracking_code}/")
    visit(page, width, "case")
    assert case.display_code in todo_codes(page, base, "routing")
    # The proposal lacks the line office: the clerk names it and has the routing proposed again.
    page.goto(f"{base}/staff/cases/{case.tracking_code}/")
    page.get_by_label("责任线办").select_option(label="农业农村办")
    with page.expect_navigation():
        page.get_by_role("button", name="重新提出分流建议").click()
    assert case.display_code in todo_codes(page, base, "routing")
    page.goto(f"{base}/staff/cases/{case.tracking_code}/")
    routing_form = page.get_by_test_id("routing-form")
    with page.expect_navigation():
        routing_form.get_by_role("button", name="确认分流").click()
    expect(page.locator(".routing-confirmed")).to_be_visible()
    visit(page, width, "case-routed")
    assert case.display_code not in todo_codes(page, base, "routing")

    # The all-cases list: by code (without dashes), then by phone.
    page.goto(f"{base}/admin/cases/?q={case.tracking_code}")
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name=case.display_code)).to_be_visible()
    visit(page, width, "all-cases-by-code")
    page.goto(f"{base}/admin/cases/?q={PHONE}")
    expect(page.locator("table.listing tbody tr")).to_have_count(2)
    visit(page, width, "all-cases-by-phone")
    export = page.request.get(f"{base}/admin/cases/?q={PHONE}&export=xlsx")
    assert export.status == 200
    assert export.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert export.body()[:2] == b"PK"

    assert page.console_errors == []
