"""An emergency return in a real browser: the petition office opens it from the case page (the case
becomes leader-led), the area chief names the team (its members who are users are told), dispatches
it, records the return and the follow-up interview with the police; the same petitioner's next
return is flagged as a repeat."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Routing
from departments.models import Leader, Unit, Village
from leadership.models import ReceptionVisit, ReturnMission
from lobby.models import DutyRoster
from mediation.models import Notification
from tests.browser.conftest import screenshot
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "OneWindow-demo-2026"


@pytest.fixture
def case(transactional_db):
    call_command("load_demo", "--quiet-logins")
    return routed_case(
        lead=Unit.objects.get(code="urban-construction"),
        village=Village.objects.get(code="tangjiao"),
        received_at=timezone.now() - timedelta(days=3),
        request="村道破损多年未修，已赴省反映。",
    )


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


def at(hours_ago: float) -> str:
    return (timezone.localtime() - timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M")


def submit(form):
    with form.page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_return_mission_from_request_to_follow_up_interview(page, live_server, case):
    base = live_server.url
    sign_in(page, base, "petition.clerk")
    page.goto(f"{base}/staff/cases/{case.tracking_code}/")
    section = page.get_by_test_id("case-returns")
    section.locator("summary").click()
    form = page.get_by_test_id("return-open-form")
    form.locator("select[name=level]").select_option("province")
    form.locator("input[name=location]").fill("浙江省信访局来访接待大厅")
    form.locator("input[name=requested_by]").fill("区信访局值班室")
    form.locator("input[name=requested_at]").fill(at(4))
    submit(form)
    mission = ReturnMission.objects.get(case=case)
    assert page.url.endswith(f"/staff/returns/{mission.pk}/")
    assert Routing.objects.get(case=case).leader_led
    screenshot(page, "return-opened")

    sign_in(page, base, "leader.li")  # the east area's chief (片长)
    page.goto(f"{base}/staff/returns/")
    expect(page.get_by_test_id("returns").get_by_text("浙江省信访局来访接待大厅")).to_be_visible()
    screenshot(page, "returns-list")
    page.get_by_test_id("returns").locator("a").first.click()
    team = page.get_by_test_id("team-form")
    screenshot(page, "return-team-form")
    team.locator("textarea[name=liaison_team_names]").fill("东片联村工作组 干部甲")
    team.locator("textarea[name=village_cadre_names]").fill("塘角村 村支书")
    team.locator("select[name=line_office_cadre_users]").select_option(label="褚静")
    team.locator("textarea[name=police_names]").fill("沥海派出所 民警张某")
    submit(team)
    expect(page.get_by_test_id("team")).to_contain_text("沥海派出所 民警张某")
    told = Notification.objects.filter(kind="return_team_named").values_list("user__username", flat=True)
    assert list(told) == ["urban.handler"]  # the line office's cadre, the one member who is a user

    dispatch = page.get_by_test_id("dispatch-form")
    dispatch.locator("input[name=dispatched_at]").fill(at(3))
    submit(dispatch)
    back = page.get_by_test_id("return-form")
    back.locator("input[name=returned_at]").fill(at(1))
    back.locator("input[name=place]").fill("沥海街道信访接待室")
    back.locator("textarea[name=note]").fill("在省信访局劝返，信访人同意随组返回。")
    submit(back)
    interview = page.get_by_test_id("interview-form")
    interview.locator("select[name=kind]").select_option("legal_talk")
    interview.locator("input[name=held_at]").fill(at(0.5))
    interview.locator("input[name=police]").fill("沥海派出所 民警张某")
    interview.locator("textarea[name=note]").fill("法制谈话：讲明越级上访的后果，约定七日内答复。")
    submit(interview)
    expect(page.get_by_test_id("interview")).to_contain_text("沥海派出所 民警张某")
    mission.refresh_from_db()
    assert mission.stage == "interviewed"
    assert mission.interview_prompt is True
    screenshot(page, "return-interviewed")

    sign_in(page, base, "petition.clerk")
    page.goto(f"{base}/staff/cases/{case.tracking_code}/#returns")
    expect(page.get_by_test_id("case-returns")).to_contain_text("已落实约访")
    screenshot(page, "return-on-the-case-page")

    # The same petitioner goes to the province again on the same matter: the new mission is flagged.
    again = routed_case(
        lead=Unit.objects.get(code="urban-construction"),
        village=Village.objects.get(code="tangjiao"),
        received_at=timezone.now() - timedelta(days=1),
        request="村道仍未修复，再次赴省反映。",
    )
    page.goto(f"{base}/staff/cases/{again.tracking_code}/")
    page.get_by_test_id("case-returns").locator("summary").click()
    form = page.get_by_test_id("return-open-form")
    form.locator("select[name=level]").select_option("province")
    form.locator("input[name=location]").fill("浙江省信访局来访接待大厅")
    form.locator("input[name=requested_by]").fill("区信访局值班室")
    form.locator("input[name=requested_at]").fill(at(0.2))
    submit(form)
    expect(page.get_by_test_id("repeat-flag")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("已申请劝返")  # the stage in its own words
    expect(page.get_by_test_id("earlier-returns")).to_contain_text(case.display_code)
    assert ReturnMission.objects.get(case=again).repeat_of == mission
    assert Routing.objects.get(case=again).leader_led
    screenshot(page, "return-repeat-flagged")
    assert page.console_errors == []


def test_the_duty_leader_records_a_visit_and_files_it(page, live_server, transactional_db):
    call_command("load_demo", "--quiet-logins")
    leader = Leader.objects.get(user__username="leader.zhang")
    DutyRoster.objects.update_or_create(date=timezone.localdate(), defaults={"leader": leader})
    base = live_server.url
    page.goto(f"{base}/duty-roster/")
    expect(page.get_by_test_id("public-roster")).to_contain_text(leader.title)
    screenshot(page, "duty-roster-public")
    sign_in(page, base, "leader.zhang")
    page.goto(f"{base}/staff/reception/")
    form = page.get_by_test_id("reception-form")
    form.locator("input[name=visitors]").fill("陈阿姨")
    form.locator("textarea[name=request]").fill("小区门口道路积水，请求修排水沟。")
    form.locator("input[name=file_here]").check()
    form.locator("input[name=name]").fill("陈阿姨")
    form.locator("input[name=phone]").fill("13800138555")
    form.locator("select[name=village]").select_option(label="塘角村")
    form.get_by_label("城建办").check()
    form.locator("textarea[name=split_note]").fill("城建办五个工作日内现场查看。")
    submit(form)
    visit = ReceptionVisit.objects.get()
    expect(page.get_by_test_id("reception-log")).to_contain_text(visit.case.display_code)
    screenshot(page, "reception-day")
    assert page.console_errors == []
