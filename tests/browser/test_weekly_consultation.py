"""每周一会商 in a real browser (issue 17, 二（一））, from the agenda to the actions: the unit head opens
this week's consultation, finds the unit's late, escalated and newly assigned cases on the agenda,
records who came and a decision per case; a decision's action goes to its owner, who finds it on
their list and on the case, and marks it done; the director sees which units skipped last week. A
village's consultation is held by its area's liaison team over the village's cases."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CaseEvent, Routing
from cases.rules import status as st
from departments.models import Unit, Village
from mediation.models import ConsultationItem, WeeklyConsultation
from mediation.rules import consultation as rules
from mediation.selectors.consultation import working_weeks
from mediation.services.clocks import case_clocks_refresh
from tests.browser.day import VIEWPORTS, in_todo, look, sign_in, viewports
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unit_week(transactional_db):
    call_command("load_demo", "--quiet-logins")
    agri, ecology = Unit.objects.get(code="agriculture"), Unit.objects.get(code="ecology")
    users = get_user_model().objects
    handler = users.get(username="agri.handler")
    now = timezone.now()
    this_week = rules.week_start(timezone.localdate())
    for unit, held_on, who in (
        (agri, this_week - timedelta(weeks=3), "agri.head"),  # agriculture skipped the last two weeks
        (ecology, this_week - timedelta(weeks=1), "ecology.head"),  # ecology met last week
    ):
        WeeklyConsultation.objects.create(
            unit=unit,
            week=held_on,
            held_on=held_on,
            place="会议室",
            recorded_by=users.get(username=who),
            recorded_at=now,
        )
    late = routed_case(
        lead=agri,
        status=st.IN_PROGRESS,
        picked_by=handler,
        request="养殖场排污影响稻田，请求处理。",
        received_at=now - timedelta(days=30),
        assigned_at=now - timedelta(days=30),
    )
    case_clocks_refresh(late, now)
    escalated = routed_case(
        lead=agri,
        status=st.IN_PROGRESS,
        picked_by=handler,
        repeat_count=3,
        request="第三次反映：土地流转补偿款至今未发放。",
        received_at=now - timedelta(days=25),
        assigned_at=now - timedelta(days=25),
    )
    Routing.objects.filter(case=escalated).update(leader_led=True)
    new = routed_case(lead=agri, request="承包地被邻户占用约两分，请求协调。", received_at=now - timedelta(hours=3))
    return {"late": late, "escalated": escalated, "new": new, "this_week": this_week}


@viewports
def test_a_weekly_consultation_from_agenda_to_actions(unit_week, page, live_server, width):
    page.set_viewport_size(VIEWPORTS[width])
    base, name = live_server.url, f"consultation-{width}"
    late, escalated, new = unit_week["late"], unit_week["escalated"], unit_week["new"]
    sign_in(page, base, "agri.head")
    page.goto(f"{base}/staff/consultations/")
    look(page, f"{name}-head-overview")
    page.get_by_role("link", name="农业农村办每周会商").click()
    page.wait_for_url("**/staff/units/agriculture/consultation/")
    row = {c: page.locator(f"tr[data-case='{c.tracking_code}']") for c in (late, escalated, new)}
    expect(row[late]).to_contain_text("已超期")
    expect(row[escalated]).to_contain_text("升级件")
    expect(row[new]).to_contain_text("新交办")
    look(page, f"{name}-agenda")

    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    form = page.locator("form.consultation-form")
    expect(form.get_by_label("召开日期")).to_have_value(timezone.localdate().isoformat())  # today, filled in
    form.get_by_label("地点").fill("农业农村办会议室")
    form.get_by_role("checkbox", name="吴强").check()
    form.get_by_role("checkbox", name="郑涛").check()
    form.get_by_label("其他参会人员").fill("东片联村工作组 施勇")
    row[late].locator("textarea").fill("排污问题限期一周整改到位。")
    row[late].get_by_label("措施").fill("现场督促养殖场整改并回复信访人")
    row[late].get_by_label("责任人").select_option(label="郑涛")
    row[late].get_by_label("期限").fill(due)
    row[escalated].locator("textarea").fill("提请包案领导本周约见信访人。")
    with page.expect_navigation():
        form.get_by_role("button", name="记录会商纪要").click()
    expect(page.get_by_test_id("week-done")).to_be_visible()  # once a week: no second form
    expect(page.locator("#minutes")).to_contain_text("农业农村办会议室")
    expect(page.locator("#minutes")).to_contain_text("吴强、郑涛、东片联村工作组 施勇")
    expect(page.locator("#minutes")).to_contain_text("现场督促养殖场整改并回复信访人")
    look(page, f"{name}-minutes")
    consultation = WeeklyConsultation.objects.get(unit__code="agriculture", week=unit_week["this_week"])
    assert {i.case_id for i in consultation.items.all()} == {late.pk, escalated.pk}
    assert CaseEvent.objects.filter(case=escalated, kind="consultation_decision").exists()

    sign_in(page, base, "agri.handler")
    assert in_todo(page, base, "consultation_actions", late.tracking_code)
    page.goto(f"{base}/staff/cases/{late.tracking_code}/#consultations")
    section = page.get_by_test_id("case-consultations")
    expect(section).to_contain_text("排污问题限期一周整改到位。")
    expect(section).to_contain_text(due)
    look(page, f"{name}-case-action")
    with page.expect_navigation():
        section.get_by_role("button", name="措施已落实").click()
    expect(page.get_by_test_id("case-consultations")).to_contain_text("已落实")
    assert ConsultationItem.objects.get(case=late).action_done_at is not None
    assert not in_todo(page, base, "consultation_actions", late.tracking_code)

    sign_in(page, base, "director")
    page.goto(f"{base}/staff/consultations/")
    gaps = page.locator("table.consultation-gaps")
    last_week = unit_week["this_week"] - timedelta(weeks=1)
    if last_week in working_weeks(this_week=unit_week["this_week"]):
        expect(gaps.locator("tr[data-unit='agriculture'] td.last-week")).to_have_text("未会商")
        expect(gaps.locator("tr[data-unit='ecology'] td.last-week")).to_have_text("正常")
        expect(gaps.locator("tbody tr").first).to_contain_text("未会商")  # who skipped last week comes first
    expect(gaps.locator("tr[data-village='tangjiao']")).to_be_visible()  # villages meet too
    look(page, f"{name}-director")
    assert page.console_errors == []


def test_the_liaison_team_holds_a_villages_consultation(page, live_server, transactional_db):
    call_command("load_demo", "--quiet-logins")
    tangjiao = Village.objects.get(code="tangjiao")
    case = routed_case(
        lead=Unit.objects.get(code="liaison-east"),
        village=tangjiao,
        request="村道路灯损坏半年未修。",
        received_at=timezone.now() - timedelta(days=2),
    )
    base = live_server.url
    sign_in(page, base, "east.leader")
    page.goto(f"{base}/staff/consultations/")
    page.get_by_role("link", name="塘角村每周会商").click()
    page.wait_for_url("**/staff/villages/tangjiao/consultation/")
    row = page.locator(f"tr[data-case='{case.tracking_code}']")
    expect(row).to_contain_text("新交办")
    form = page.locator("form.consultation-form")
    form.get_by_label("地点").fill("塘角村村委会")
    form.get_by_role("checkbox", name="张帆").check()
    form.get_by_label("其他参会人员").fill("塘角村 村支书")
    row.locator("textarea").fill("本周内修复路灯。")
    row.get_by_label("措施").fill("联系供电所更换灯具")
    row.get_by_label("责任人").select_option(label="张帆")
    row.get_by_label("期限").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    with page.expect_navigation():
        form.get_by_role("button", name="记录会商纪要").click()
    expect(page.locator("#minutes")).to_contain_text("联系供电所更换灯具")
    look(page, "consultation-village")
    consultation = WeeklyConsultation.objects.get(village=tangjiao)
    assert consultation.unit is None
    assert consultation.items.get().action_owner.username == "east.member"

    sign_in(page, base, "agri.head")  # not the village's: the page is missing for them
    assert page.request.get(f"{base}/staff/villages/tangjiao/consultation/").status == 404
    assert page.console_errors == []
