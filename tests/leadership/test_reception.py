"""The reception log and the roster fill from every side; a conduct complaint's entry never reaches the accused."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.management import call_command
from django.utils import timezone

from cases.errors import ActionRefused, NotAllowed
from cases.models import Case, CaseEvent
from leadership import selectors
from leadership.models import DutyException, DutyWeekday, ReceptionVisit
from leadership.services import DeskFiling, duty_roster_fill, reception_visit_record
from lobby.models import DutyRoster
from mediation.calendar import work_calendar
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_duty(org):
    DutyRoster.objects.create(date=timezone.localdate(), leader=org.leaders["li"])
    return org.leaders["li"]


def record(actor, **kwargs):
    kwargs.setdefault("visitors", "王大伯等2人")
    kwargs.setdefault("visitor_count", 2)
    kwargs.setdefault("request", "反映土地流转补偿款未发放。")
    return reception_visit_record(actor=actor, **kwargs)


def test_the_duty_leader_files_a_visit_as_a_new_case(org, on_duty):
    visit = record(
        on_duty.user,
        filing=DeskFiling(name="王大伯", phone="13800138111", village=org.village),
        units=[org.units["agri"]],
        split_note="农业农村办三日内答复。",
        onsite_office=True,
        onsite_note="现场召集农业农村办、村两委会商。",
    )
    assert visit.filed_here
    assert visit.duty_leader == on_duty
    assert visit.case.channel == "visit"
    assert visit.case.petitioners.get().name == "王大伯"
    assert list(visit.units.all()) == [org.units["agri"]]
    assert CaseEvent.objects.filter(case=visit.case, kind="reception_visit").exists()
    assert selectors.reception_list_for_user(on_duty.user, day=visit.day).get() == visit


def test_the_petition_office_assists_and_links_an_existing_case(org, on_duty):
    case = routed_case(lead=org.units["agri"], village=org.village)
    visit = record(org.people["petition", "clerk"], case_code=case.display_code)
    assert visit.case == case
    assert not visit.filed_here
    assert selectors.reception_list_for_user(org.people["agri", "handler"]).get() == visit
    assert not selectors.reception_list_for_user(org.people["urban", "handler"]).exists()
    assert not selectors.reception_list_for_user(AnonymousUser()).exists()


@pytest.mark.parametrize("who", ["leader.zhang", "agri.head", "urban.handler", "outsider", "anonymous"])
def test_others_cannot_write_the_reception_log(org, on_duty, who):
    users = {
        "leader.zhang": org.leaders["zhang"].user,
        "agri.head": org.people["agri", "head"],
        "urban.handler": org.people["urban", "handler"],
        "outsider": org.outsider,
        "anonymous": AnonymousUser(),
    }
    with pytest.raises(NotAllowed):
        record(users[who], filing=DeskFiling(name="王大伯", phone="13800138111"))
    assert not ReceptionVisit.objects.exists()
    assert not Case.objects.exists()


def test_yesterdays_duty_leader_is_not_on_duty_today(org):
    DutyRoster.objects.create(date=timezone.localdate() - timedelta(days=1), leader=org.leaders["li"])
    with pytest.raises(NotAllowed):
        record(org.leaders["li"].user, filing=DeskFiling(name="王大伯", phone="13800138111"))
    with pytest.raises(ActionRefused) as refused:  # nobody on the roster today
        record(org.director.user, filing=DeskFiling(name="王大伯", phone="13800138111"))
    assert refused.value.code == "no_duty_leader"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"case_code": "NOPE-NOPE"}, "case_code"),
        ({}, "case"),
        ({"case_code": "X", "filing": DeskFiling(name="a", phone="1")}, "case"),
        ({"visitors": " ", "filing": DeskFiling(name="a", phone="1")}, "visitors"),
        ({"visitor_count": 0, "filing": DeskFiling(name="a", phone="1")}, "visitor_count"),
        ({"onsite_office": True, "filing": DeskFiling(name="a", phone="1")}, "onsite_note"),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(org, on_duty, kwargs, code):
    with pytest.raises(ActionRefused) as refused:
        record(on_duty.user, **kwargs)
    assert refused.value.code == code
    assert not ReceptionVisit.objects.exists()
    assert not Case.objects.exists()


def test_a_conduct_complaints_entry_never_reaches_the_accused(org):
    DutyRoster.objects.create(date=timezone.localdate(), leader=org.leaders["zhang"])
    case = routed_case(
        lead=org.units["discipline"],
        kind="conduct",
        is_conduct_complaint=True,
        accused_units=[org.units["agri"]],
        village=org.village,
    )
    with pytest.raises(ActionRefused):  # the petition office may not even learn the code exists
        record(org.people["petition", "clerk"], case_code=case.tracking_code)
    visit = record(
        org.director.user, case_code=case.tracking_code, visitors="举报人", request="反映农业农村办干部吃拿卡要。"
    )
    for user in (org.director.user, org.people["discipline", "clerk"]):
        assert selectors.reception_list_for_user(user).get() == visit
    for user in (
        org.people["agri", "handler"],
        org.people["agri", "head"],
        org.leaders["li"].user,  # supervises the accused office
        org.leaders["zhang"].user,  # on duty, but may not see a conduct complaint
        org.people["petition", "clerk"],
        org.outsider,
    ):
        assert not selectors.reception_list_for_user(user).exists(), user


# --- the roster ---------------------------------------------------------------------------------


def _next_monday(today: date) -> date:
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def test_the_roster_is_filled_from_the_template_and_its_exceptions(org):
    leaders = list(org.leaders.values())
    for weekday in range(5):
        DutyWeekday.objects.create(weekday=weekday, leader=leaders[weekday % len(leaders)])
    monday = _next_monday(timezone.localdate())
    DutyException.objects.create(date=monday, leader=org.director, note="主要领导接访日")
    DutyException.objects.create(date=monday + timedelta(days=1), leader=None, note="全体外出学习")
    result = duty_roster_fill(weeks=3)
    calendar = work_calendar()
    roster = dict(DutyRoster.objects.values_list("date", "leader_id"))
    if calendar.is_working_day(monday):
        assert roster[monday] == org.director.pk
    tuesday = monday + timedelta(days=1)
    assert tuesday not in roster
    if calendar.is_working_day(tuesday):
        assert tuesday in result.gaps
    for day, leader_id in roster.items():
        assert calendar.is_working_day(day)
        if day.weekday() < 5 and day not in (monday, tuesday):
            assert leader_id == leaders[day.weekday() % len(leaders)].pk
    assert duty_roster_fill(weeks=3).changed == 0  # the second run changes nothing


def test_the_fill_never_touches_past_days_and_needs_the_roster_permission(org):
    DutyWeekday.objects.create(weekday=0, leader=org.leaders["li"])
    past = timezone.localdate() - timedelta(days=7)
    DutyRoster.objects.create(date=past, leader=org.leaders["zhang"])
    duty_roster_fill(start=past - timedelta(days=7), weeks=2)
    assert DutyRoster.objects.get(date=past).leader == org.leaders["zhang"]
    with pytest.raises(NotAllowed):
        duty_roster_fill(actor=org.people["petition", "head"], weeks=1)
    keeper = org.people["petition", "clerk"]
    keeper.user_permissions.add(Permission.objects.get(codename="change_dutyroster"))
    keeper = type(keeper).objects.get(pk=keeper.pk)
    assert duty_roster_fill(actor=keeper, weeks=1).changed >= 0
    with pytest.raises(ActionRefused):
        duty_roster_fill(weeks=13)


def test_the_command_fills_and_names_the_gaps(org, capsys):
    DutyWeekday.objects.create(weekday=0, leader=org.leaders["li"])
    call_command("duty_roster_fill", "--weeks", "2")
    out = capsys.readouterr().out
    assert "day(s) changed" in out
    assert "no duty leader on" in out  # Tuesday to Friday have nobody in this template
