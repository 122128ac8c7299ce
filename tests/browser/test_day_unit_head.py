"""A unit head's working day in a real browser, on a desk screen and on a phone: the unit's
queue, the assignments still open to an objection, the overdue list, handing a case to a member
of the unit, objecting to an assignment, and the unit's sign-off of a reply (submitting it for
the director's completion signature). Each case leaves a list only when its step is done."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.rules import status as st
from departments.models import Unit
from mediation.services.clocks import case_clocks_refresh
from mediation.services.handling import case_first_contact_record
from mediation.services.reply import case_reply_draft
from tests.browser.day import VIEWPORTS, in_todo, look, sign_in, viewports
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unit_day(transactional_db):
    call_command("load_demo", "--quiet-logins")
    agri = Unit.objects.get(code="agriculture")
    handler = get_user_model().objects.get(username="agri.handler")
    now = timezone.now()
    to_assign = routed_case(
        lead=agri, request="承包地被邻户占用约两分，请求协调。", received_at=now - timedelta(hours=5)
    )
    to_object = routed_case(
        lead=agri, request="小区停车位划线不合理，请重新规划。", received_at=now - timedelta(hours=4)
    )
    late = routed_case(
        lead=agri,
        status=st.IN_PROGRESS,
        picked_by=handler,
        request="养殖场排污影响稻田，请求处理。",
        received_at=now - timedelta(days=8),
        assigned_at=now - timedelta(days=8),
    )
    drafted = routed_case(
        lead=agri,
        status=st.IN_PROGRESS,
        picked_by=handler,
        request="农机购置补贴尚未到账，请求核查。",
        received_at=now - timedelta(days=3),
        assigned_at=now - timedelta(days=3),
    )
    for case in (to_assign, to_object, late, drafted):
        case_clocks_refresh(case, now)
    case_first_contact_record(case=drafted, actor=handler, at=now, learned="补贴申请材料已齐全，待镇里审核。")
    case_reply_draft(
        case=drafted,
        actor=handler,
        sections={
            "understood_request": "农机购置补贴尚未到账。",
            "facts": "经核查，补贴已审核通过。",
            "basis": "依据农机购置补贴实施办法。",
            "decision": "本月底前发放到户。",
            "remedies": "如对本答复意见不服，可以自收到之日起30日内请求复查。",
        },
    )
    return {"assign": to_assign, "object": to_object, "late": late, "drafted": drafted, "handler": handler}


@viewports
def test_unit_head_works_the_queue_objections_overdue_and_sign_off(unit_day, page, live_server, width):
    page.set_viewport_size(VIEWPORTS[width])
    base = live_server.url
    name = f"day-unit-head-{width}"
    code = {key: case.tracking_code for key, case in unit_day.items() if key != "handler"}
    sign_in(page, base, "agri.head")
    look(page, f"{name}-home")

    page.goto(base + "/staff/queues/agriculture/")
    look(page, f"{name}-queue")
    for key in ("assign", "object"):
        assert in_todo(page, base, "unit_queue", code[key])
        assert in_todo(page, base, "objection_window", code[key])
    assert in_todo(page, base, "overdue", code["late"])
    assert not in_todo(page, base, "overdue", code["assign"])
    look(page, f"{name}-inbox")

    # Hand a queued case to a member of the unit: off the queue, still open to an objection.
    page.locator(f"#todo-unit_queue a[href$='/staff/cases/{code['assign']}/']").click()
    page.wait_for_url(f"**/staff/cases/{code['assign']}/")
    look(page, f"{name}-case-queued")
    page.locator("summary", has_text="指派给本单位人员").click()
    assign = page.locator("form[action$='/assign/']")
    assign.locator("select[name='assignee']").select_option(str(unit_day["handler"].pk))
    with page.expect_navigation():
        assign.get_by_role("button", name="指派").click()
    expect(page.get_by_test_id("case-summary")).to_contain_text("郑涛")
    look(page, f"{name}-case-assigned")
    assert not in_todo(page, base, "unit_queue", code["assign"])
    assert in_todo(page, base, "objection_window", code["assign"])

    # Object to an assignment that is not the unit's: off the objection list.
    page.goto(f"{base}/staff/cases/{code['object']}/")
    page.locator("summary", has_text="对交办提出异议").click()
    objection = page.locator("form[action$='/object/']")
    objection.locator("textarea[name='reason']").fill("停车位规划属城建办职责，不属农业农村办。")
    with page.expect_navigation():
        objection.get_by_role("button", name="提出异议").click()
    look(page, f"{name}-case-objected")
    assert not in_todo(page, base, "objection_window", code["object"])

    # An overdue first call: the head makes it; the case leaves the overdue list.
    page.goto(f"{base}/staff/cases/{code['late']}/")
    expect(page.get_by_test_id("case-summary").locator("[data-clock='first_contact']")).to_have_attribute(
        "data-state", "overdue"
    )
    look(page, f"{name}-case-overdue")
    call = page.get_by_test_id("first-contact-form")
    call.locator("textarea[name='learned']").fill("已电话联系，排污口在稻田上游约三十米。")
    with page.expect_navigation():
        call.get_by_role("button").click()
    assert not in_todo(page, base, "overdue", code["late"])

    # The unit's sign-off: the head submits the drafted reply for the director's signature.
    page.goto(f"{base}/staff/cases/{code['drafted']}/")
    look(page, f"{name}-case-drafted")
    with page.expect_navigation():
        page.get_by_role("button", name="提请办结签").click()
    expect(page.get_by_test_id("case-summary")).to_contain_text("待办结签")
    look(page, f"{name}-case-submitted")
    assert page.console_errors == []

    sign_in(page, base, "director")
    assert in_todo(page, base, "sign_completion", code["drafted"])
