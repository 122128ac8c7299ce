"""A mediator's working day in a real browser, on a desk screen and on a phone: the committee's queue,
picking a mediation case, the parties, choosing mediators (a related one must stand aside), both sides'
consent, a session scheduled with its notice and then recorded, and the agreement recorded and printed:
the case is answered, the 30-day window for judicial confirmation runs on the case page, and the
mediation is on the register (人民调解登记) in the admin."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CaseKind
from departments.models import Unit
from mediation.services.clocks import case_clocks_refresh
from peoples_mediation.models import Mediator
from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot
from tests.browser.day import VIEWPORTS, in_todo, look, sign_in, viewports
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queued(transactional_db):
    call_command("load_demo", "--quiet-logins")
    committee = Unit.objects.get(code="mediation-committee")
    assert Mediator.objects.filter(name__in=["吕平", "钱老伯"], is_active=True).count() == 2  # the demo roster
    case = routed_case(
        lead=committee,
        kind=CaseKind.MEDIATION,
        service="mediation",
        request="邻居装修损坏防水层，导致我家天花板漏水，协商赔偿未果，申请调解。",
        received_at=timezone.now() - timedelta(hours=3),
    )
    case_clocks_refresh(case, timezone.now())
    return case


def _party(page, name: str, phone: str, side: str) -> None:
    form = page.get_by_test_id("party-form")
    if not form.is_visible():
        page.locator("summary", has_text="登记当事人").click()
    form.locator("input[name='name']").fill(name)
    form.locator("input[name='phone']").fill(phone)
    form.locator("input[name='address']").fill("塘角村")
    form.locator(f"input[name='side'][value='{side}']").check()
    with page.expect_navigation():
        form.get_by_role("button").click()
    expect(page.locator(".message.success")).to_be_visible()


def _choose(page, mediator: str, *, related: str = "", relation: str = "") -> None:
    page.locator("summary", has_text="选定调解员").click()
    form = page.get_by_test_id("mediator-form")
    form.locator("select[name='mediator']").select_option(label=mediator)
    if related:
        form.locator("select[name='related_party']").select_option(label=related)
        form.locator("input[name='relation']").fill(relation)
    with page.expect_navigation():
        form.get_by_role("button").click()


def _consent(page, party: str) -> None:
    form = page.get_by_test_id("consent-form")
    form.locator("select[name='party']").select_option(label=party)
    form.locator("input[name='decision'][value='agree']").check()
    with page.expect_navigation():
        form.get_by_role("button").click()


@viewports
def test_mediator_works_a_case_from_the_queue_to_the_agreement(queued, page, live_server, width):
    page.set_viewport_size(VIEWPORTS[width])
    base, code = live_server.url, queued.tracking_code
    name = f"day-mediator-{width}"
    sign_in(page, base, "mediation.handler")
    page.goto(f"{base}/staff/queues/mediation-committee/")
    look(page, f"{name}-queue")
    row = page.locator("tr", has=page.locator(f"a[href$='/staff/cases/{code}/']"))
    with page.expect_navigation():
        row.get_by_role("button", name="领取").click()
    assert in_todo(page, base, "in_hand", code)

    page.goto(f"{base}/staff/cases/{code}/")
    section = page.get_by_test_id("mediation")
    expect(section.get_by_test_id("mediation-stage")).to_contain_text("准备调解")
    expect(page.get_by_test_id("reply-form")).to_have_count(0)  # no petition reply: the agreement answers it
    look(page, f"{name}-case")
    _party(page, "王大伯", "13800138000", "applicant")
    _party(page, "李师傅", "13700137000", "respondent")

    _choose(page, "钱老伯（塘角村人民调解委员会）", related="李师傅", relation="表兄")
    expect(page.locator(".message.error")).to_contain_text("回避")
    expect(page.locator(".mediators")).to_contain_text("尚未选定调解员")
    _choose(page, "吕平（街道人民调解委员会）")
    expect(page.locator(".mediators")).to_contain_text("吕平")
    _consent(page, "王大伯")
    _consent(page, "李师傅")
    expect(page.get_by_test_id("mediation-stage")).to_contain_text("调解中")
    look(page, f"{name}-case-mediating")

    page.locator("summary", has_text="安排调解").click()
    schedule = page.get_by_test_id("schedule-form")
    # Held today, a moment from now: a time later today could fall on tomorrow in the last minutes before
    # Beijing midnight, and a session cannot be recorded before its day.
    at = timezone.localtime().replace(second=0, microsecond=0)
    schedule.locator("input[name='at']").fill(at.strftime("%Y-%m-%dT%H:%M"))
    with page.expect_navigation():
        schedule.get_by_role("button").click()
    notice = page.locator(".mediation-sessions a", has_text="李师傅").get_attribute("href")
    pdf = page.request.get(base + notice)
    assert pdf.status == 200
    assert pdf.body().startswith(b"%PDF")

    held = page.get_by_test_id("session-form")
    held.locator("input[name='held_on']").fill(timezone.localdate().isoformat())
    held.locator("textarea[name='said']").fill("王大伯称漏水已三月；李师傅承认施工损坏防水层，但认为索赔过高。")
    held.locator("textarea[name='agreed']").fill("双方同意赔偿三千元并重做防水。")
    with page.expect_navigation():
        held.get_by_role("button").click()
    expect(page.locator(".mediation-sessions")).to_contain_text("重做防水")

    page.locator("summary", has_text="登记调解协议").click()
    agreement = page.get_by_test_id("agreement-form")
    agreement.locator("textarea[name='facts']").fill("李师傅装修时损坏防水层，致王大伯家天花板漏水。")
    agreement.locator("textarea[name='dispute']").fill("漏水损失的赔偿数额及修复责任。")
    agreement.locator("input[name='signed_on']").fill(timezone.localdate().isoformat())
    agreement.locator("select[name='party_1']").select_option(label="李师傅")
    agreement.locator("textarea[name='text_1']").fill("赔偿修缮费人民币叁仟元整")
    agreement.locator("input[name='due_1']").fill((timezone.localdate() + timedelta(days=15)).isoformat())
    with page.expect_navigation():
        agreement.get_by_role("button").click()
    expect(page.get_by_test_id("mediation-stage")).to_contain_text("达成调解协议")
    expect(page.locator("tr[data-clock='judicial_confirmation']")).to_contain_text("第三十三条")
    assert in_todo(page, base, "follow_ups", code)  # answered: the performance follow-up is its visit
    page.goto(f"{base}/staff/cases/{code}/")
    look(page, f"{name}-case-agreed")

    href = page.get_by_test_id("agreement-pdf").get_attribute("href")
    document = page.request.get(base + href)
    assert document.status == 200
    assert document.headers["content-type"] == "application/pdf"
    assert document.body().startswith(b"%PDF")

    page.goto(f"{base}/admin/mediation-register/")  # 人民调解登记: the agreement is on the register
    expect(page.locator("main")).to_contain_text(queued.display_code)
    expect(page.locator("main")).to_contain_text("李师傅")
    screenshot(page, f"{name}-register")
    assert_accessible(page, f"{name}-register")
    assert page.console_errors == []
