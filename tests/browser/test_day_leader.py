"""The owning leader's working day in a real browser, on a desk screen and on a phone: a
leader-led, escalated case of theirs (包案领导), its re-investigation report to sign and the five
duties to record. The case stays on each list until the step is done: signing closes the warning
slip; the five duties leave the list only when the fifth is recorded."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Routing
from cases.rules import status as st
from departments.models import Leader, Unit
from mediation.rules.oversight import DUTIES, DUTY_LABELS
from mediation.services.clocks import case_clocks_refresh
from mediation.services.reinvestigation import reinvestigation_report_file
from mediation.services.warning_slips import warning_slip_issue
from tests.browser.day import VIEWPORTS, in_todo, look, sign_in, viewports
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owned(transactional_db):
    call_command("load_demo", "--quiet-logins")
    users = get_user_model().objects
    case = routed_case(
        lead=Unit.objects.get(code="agriculture"),
        owner=Leader.objects.get(user__username="leader.li"),
        status=st.IN_PROGRESS,
        picked_by=users.get(username="agri.handler"),
        repeat_count=3,
        request="第三次反映：土地流转补偿款至今未发放，涉及十二户村民。",
    )
    Routing.objects.filter(case=case).update(leader_led=True)
    case_clocks_refresh(case, timezone.now())
    warning_slip_issue(case=case, actor=users.get(username="petition.clerk"))
    reinvestigation_report_file(
        case=case,
        actor=users.get(username="agri.handler"),
        analysis="初次答复后补偿款未落实到位。",
        resolution_plan="两周内由农业农村办兑现补偿款。",
        stabilisation_plan="联村干部每周走访一次。",
    )
    return case


@viewports
def test_owning_leader_signs_the_report_and_records_the_five_duties(owned, page, live_server, width):
    page.set_viewport_size(VIEWPORTS[width])
    base, code = live_server.url, owned.tracking_code
    name = f"day-leader-{width}"
    sign_in(page, base, "leader.li")
    look(page, f"{name}-home")
    page.goto(base + "/staff/queues/")
    look(page, f"{name}-queues")
    assert in_todo(page, base, "duties", code)
    assert in_todo(page, base, "reinvestigations", code)
    look(page, f"{name}-inbox")

    page.locator(f"#todo-reinvestigations a[href$='/staff/cases/{code}/']").click()
    page.wait_for_url(f"**/staff/cases/{code}/")
    expect(page.locator(".case-nav a[href='#escalation']")).to_be_visible()
    look(page, f"{name}-case")
    with page.expect_navigation():
        page.get_by_role("button", name="审阅签字").click()
    expect(page.locator("#escalation")).to_contain_text("李")  # signed by the leader
    assert not in_todo(page, base, "reinvestigations", code)
    assert in_todo(page, base, "duties", code)

    today = timezone.localdate().isoformat()
    for number, duty in enumerate(DUTIES, start=1):
        page.goto(f"{base}/staff/cases/{code}/")
        form = page.locator("form[action$='/duties/']")
        form.locator("select[name='duty']").select_option(duty)
        form.locator("input[name='done_on']").fill(today)
        form.locator("textarea[name='note']").fill(f"{DUTY_LABELS[duty]}：已落实（第{number}项）。")
        with page.expect_navigation():
            form.get_by_role("button", name="记录").click()
        expect(page.locator("#escalation")).to_contain_text(f"已落实（第{number}项）")
        if number == len(DUTIES) - 1:
            assert in_todo(page, base, "duties", code)  # four of five: still outstanding
    page.goto(f"{base}/staff/cases/{code}/#escalation")
    look(page, f"{name}-case-duties")
    assert not in_todo(page, base, "duties", code)
    assert page.console_errors == []
