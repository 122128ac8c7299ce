"""Deadline clocks in a real browser: the case page's deadlines, and entering next year's calendar in the admin."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    # A transactional test before this one may have flushed the calendar its migration seeded.
    import_module("mediation.migrations.0002_seed_calendar").seed(apps, None)
    call_command("load_demo", "--quiet-logins")


def _sign_in(page, url, username):
    page.goto(url + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("OneWindow-demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


def test_case_deadlines_and_the_calendar_admin(page, live_server, demo, settings):
    from django.contrib.auth import get_user_model

    from cases.rules import status as st
    from departments.models import Unit
    from mediation.models import CalendarYear
    from mediation.services.clocks import case_clocks_refresh
    from tests.mediation.factories import routed_case

    handler = get_user_model().objects.get(username="agri.handler")
    case = routed_case(
        lead=Unit.objects.get(code="agriculture"), channel="letter", status=st.IN_PROGRESS, picked_by=handler
    )
    case_clocks_refresh(case, timezone.now())
    _sign_in(page, live_server.url, "agri.handler")
    page.goto(f"{live_server.url}/staff/cases/{case.tracking_code}/")
    clocks = page.get_by_test_id("clocks")
    expect(clocks.locator("tr[data-clock='reply']")).to_be_visible()
    assert "15个工作日" in clocks.inner_text()
    clocks.locator("summary", has_text="申请延长答复期限").click()  # folded: not needed on every visit
    page.locator("form.extension-request textarea").fill("需要现场测量")
    page.locator("form.extension-request input[name='days']").fill("10")
    page.locator("form.extension-request button").click()
    expect(page.get_by_test_id("clocks")).to_contain_text("需要现场测量")
    screenshot(page, "case-clocks")
    assert page.console_errors == []
    page.get_by_role("button", name="退出登录").click()

    settings.CALENDAR_WARNING_FROM = (1, 1)
    year = timezone.localdate().year + 1
    CalendarYear.objects.filter(year=year).delete()
    _sign_in(page, live_server.url, "admin")
    page.goto(live_server.url + "/admin/")
    panel = page.get_by_test_id("calendar-warning-panel")
    assert str(year) in panel.inner_text()
    panel.get_by_role("link").click()
    page.wait_for_url("**/admin/calendar/enter/")
    page.locator("#id_notice").fill(f"国务院办公厅关于{year}年部分节假日安排的通知")
    page.locator("#id_days").fill(f"{year}-01-01 holiday 元旦\n{year - 1}-10-01 holiday 国庆")
    page.locator("#calendar-form button[type='submit']").click()
    expect(page.get_by_text(f"第2行：日期 {year - 1}-10-01 不在 {year} 年内")).to_be_visible()
    screenshot(page, "calendar-admin-error")
    page.locator("#id_days").fill(f"{year}-01-01 holiday 元旦")
    page.locator("#calendar-form button[type='submit']").click()
    for _attempt in range(100):  # the page posts and redirects; wait for the saved year
        if CalendarYear.objects.filter(year=year, source="admin").exists():
            break
        page.wait_for_timeout(100)
    assert CalendarYear.objects.filter(year=year, source="admin").exists()
    page.wait_for_load_state()
    assert page.get_by_test_id("calendar-missing").count() == 0
    screenshot(page, "calendar-admin")
