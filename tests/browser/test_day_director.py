"""The director's working day in a real browser, on a desk screen and on a phone.

Sign in → the admin dashboard's to-do panel → the inbox → 交办签 → the all-cases list filtered by
overdue and by unit → reassign an overdue case → 办结签. Every page is photographed
(var/screenshots/day-director-<width>-<page>.png) and scanned with axe-core; an item leaves the
director's to-do lists only when its step is done."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from cases.rules import status as st
from departments.models import Unit
from mediation import services
from tests.browser.day import settled_look, todo_codes
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "OneWindow-demo-2026"
VIEWPORTS = {1366: {"width": 1366, "height": 768}, 390: {"width": 390, "height": 844}}
SECTIONS = {
    "understood_request": "您反映塘角村村道破损，请求修复。",
    "facts": "经现场核实，村道约两百米路面破损。",
    "basis": "依据《农村公路条例》相关规定。",
    "decision": "街道已安排资金，于本月底前修复。",
    "remedies": "如不服，可在收到答复之日起30日内请求复查。",
}


@pytest.fixture
def day(transactional_db):
    """The director's morning: one assignment and one completion to sign, one case overdue."""
    call_command("load_demo", "--quiet-logins")
    agri, urban = Unit.objects.get(code="agriculture"), Unit.objects.get(code="urban-construction")
    handler = get_user_model().objects.get(username="agri.handler")
    to_assign = routed_case(lead=agri, status=st.ROUTED, request="村东灌溉渠堵塞，请求疏通。")
    to_complete = routed_case(lead=agri, request="村道破损，请求修复。")
    services.case_pick(case=to_complete, actor=handler)
    services.case_first_contact_record(
        case=to_complete, actor=handler, at=timezone.now() - timedelta(minutes=5), learned="王大伯说村道塌陷。"
    )
    services.case_reply_draft(case=to_complete, actor=handler, sections=SECTIONS)
    services.case_reply_submit(case=to_complete, actor=handler)
    overdue = routed_case(
        lead=agri,
        request="小区门口路灯损坏，夜间出行不便，请求维修。",
        received_at=timezone.now() - timedelta(days=40),
        assigned_at=timezone.now() - timedelta(days=39),
    )
    Case.objects.filter(pk=overdue.pk).update(reply_due_on=timezone.localdate() - timedelta(days=5))
    return {"assign": to_assign, "complete": to_complete, "overdue": overdue, "agri": agri, "urban": urban}


def visit(page, width: int, name: str) -> None:
    settled_look(page, f"day-director-{width}-{name}")


@pytest.mark.parametrize("width", sorted(VIEWPORTS))
def test_the_directors_day(day, page, live_server, width):
    base = live_server.url
    to_assign, to_complete, overdue = day["assign"], day["complete"], day["overdue"]
    page.set_viewport_size(VIEWPORTS[width])

    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill("director")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    visit(page, width, "home")

    # The dashboard: one panel, a count per list, each linking to its list in the inbox.
    page.goto(f"{base}/admin/")
    panel = page.get_by_test_id("todo-panel")
    expect(panel.locator("[data-todo=sign_assignment] strong")).to_have_text("1")
    expect(panel.locator("[data-todo=sign_completion] strong")).to_have_text("1")
    visit(page, width, "dashboard")
    panel.locator("[data-todo=sign_assignment] a").click()
    page.wait_for_url("**/staff/inbox/#todo-sign_assignment")
    visit(page, width, "inbox")

    # 交办签: opening the case does not take it off the list; signing does.
    page.locator("#todo-sign_assignment").get_by_role("link", name=to_assign.display_code).click()
    page.wait_for_url(f"**/staff/cases/{to_assign.tracking_code}/")
    visit(page, width, "case-to-assign")
    assert to_assign.display_code in todo_codes(page, base, "sign_assignment")
    page.goto(f"{base}/staff/cases/{to_assign.tracking_code}/")
    with page.expect_navigation():
        page.get_by_role("button", name="签交办签").click()
    to_assign.refresh_from_db()
    assert to_assign.status == st.ASSIGNED
    visit(page, width, "case-assigned")
    assert to_assign.display_code not in todo_codes(page, base, "sign_assignment")

    # The all-cases list: overdue cases, then one unit's cases.
    page.goto(f"{base}/admin/cases/?overdue=true")
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name=overdue.display_code)).to_be_visible()
    visit(page, width, "all-cases-overdue")
    page.goto(f"{base}/admin/cases/?lead_unit={day['agri'].pk}")
    expect(page.locator("table.listing tbody tr")).to_have_count(3)
    visit(page, width, "all-cases-unit")

    # Reassign the overdue case to urban construction.
    page.get_by_role("link", name=overdue.display_code).click()
    page.wait_for_url(f"**/staff/cases/{overdue.tracking_code}/")
    page.get_by_text("改派其他单位承办").click()
    page.get_by_label("新的承办单位").select_option(label=day["urban"].name)
    page.get_by_label("理由").last.fill("路灯属城建办职责。")
    with page.expect_navigation():
        page.get_by_role("button", name="改派", exact=True).click()
    expect(page.get_by_text("已改派承办单位。")).to_be_visible()
    overdue.routing.refresh_from_db()
    assert overdue.routing.lead_unit == day["urban"]
    visit(page, width, "case-reassigned")

    # 办结签: listed until signed.
    assert to_complete.display_code in todo_codes(page, base, "sign_completion")
    page.locator("#todo-sign_completion").get_by_role("link", name=to_complete.display_code).click()
    page.wait_for_url(f"**/staff/cases/{to_complete.tracking_code}/")
    visit(page, width, "case-to-complete")
    with page.expect_navigation():
        page.get_by_role("button", name="办结签").click()
    to_complete.refresh_from_db()
    assert to_complete.status == st.SIGNED_OFF
    visit(page, width, "case-signed-off")
    assert to_complete.display_code not in todo_codes(page, base, "sign_completion")
    visit(page, width, "inbox-done")

    assert page.console_errors == []
