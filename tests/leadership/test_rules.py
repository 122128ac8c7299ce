"""The pure rules of emergency returns and reception days (no database)."""

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from leadership.rules import duty
from leadership.rules import returns as rr

RULES = Path(__file__).resolve().parents[2] / "leadership" / "rules"


def test_rules_import_no_django():
    for path in RULES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.startswith("django") for n in names), path


@pytest.mark.parametrize(
    ("action", "stage", "roles", "expected"),
    [
        (rr.DISPATCH, rr.OPENED, {rr.CHIEF}, None),
        (rr.DISPATCH, rr.OPENED, {rr.DIRECTOR}, None),
        (rr.DISPATCH, rr.OPENED, {rr.PETITION_OFFICE, rr.OWNER}, rr.REFUSED_ROLE),
        (rr.DISPATCH, rr.DISPATCHED, {rr.CHIEF}, rr.REFUSED_STAGE),
        (rr.RECORD_RETURN, rr.OPENED, {rr.CHIEF}, rr.REFUSED_STAGE),
        (rr.RECORD_RETURN, rr.DISPATCHED, {rr.CHIEF}, None),
        (rr.RECORD_INTERVIEW, rr.DISPATCHED, {rr.CHIEF}, rr.REFUSED_STAGE),
        (rr.RECORD_INTERVIEW, rr.RETURNED, {rr.CHIEF}, None),
        (rr.RECORD_INTERVIEW, rr.INTERVIEWED, {rr.CHIEF}, rr.REFUSED_STAGE),
        (rr.CALL_OFF, rr.DISPATCHED, {rr.CHIEF}, None),
        (rr.CALL_OFF, rr.RETURNED, {rr.CHIEF}, rr.REFUSED_STAGE),
        (rr.EDIT_TEAM, rr.RETURNED, {rr.CHIEF}, rr.REFUSED_STAGE),
        (rr.EDIT_TEAM, rr.DISPATCHED, {rr.CHIEF}, None),
    ],
)
def test_mission_steps_follow_their_order_and_roles(action, stage, roles, expected):
    assert rr.refusal(action, stage=stage, roles=roles) == expected


@pytest.mark.parametrize("role", [rr.PETITION_OFFICE, rr.AREA_CHIEF, rr.OWNER, rr.DIRECTOR])
def test_open_is_for_petition_office_area_chief_owner_director(role):
    assert rr.refusal(rr.OPEN, stage=None, roles={role}) is None
    assert rr.refusal(rr.OPEN, stage=None, roles={role}, open_mission=True) == rr.REFUSED_MISSION_OPEN


def test_open_refused_to_a_handler():
    assert rr.refusal(rr.OPEN, stage=None, roles={rr.CHIEF}) == rr.REFUSED_ROLE
    assert rr.refusal(rr.OPEN, stage=None, roles=set()) == rr.REFUSED_ROLE


def test_next_stages_run_to_the_interview():
    stage = rr.OPENED
    for action in (rr.DISPATCH, rr.RECORD_RETURN, rr.RECORD_INTERVIEW):
        stage = rr.next_stage(action, stage)
    assert stage == rr.INTERVIEWED
    assert rr.next_stage(rr.EDIT_TEAM, rr.OPENED) == rr.OPENED
    assert rr.next_stage(rr.CALL_OFF, rr.DISPATCHED) == rr.CALLED_OFF


def test_team_needs_chief_liaison_village_and_police():
    assert rr.team_missing([], line_office_involved=False) == (
        rr.TEAM_AREA_CHIEF,
        rr.TEAM_LIAISON,
        rr.TEAM_VILLAGE,
        rr.TEAM_POLICE,
    )
    full = [rr.TEAM_AREA_CHIEF, rr.TEAM_LIAISON, rr.TEAM_VILLAGE, rr.TEAM_POLICE]
    assert rr.team_missing(full, line_office_involved=False) == ()
    assert rr.team_missing(full, line_office_involved=True) == (rr.TEAM_LINE_OFFICE,)


def test_times_follow_each_other_and_not_the_future():
    now = datetime(2026, 5, 6, 12, tzinfo=UTC)
    assert rr.time_refusal(now - timedelta(hours=1), after=now - timedelta(hours=2), now=now) is None
    assert rr.time_refusal(now - timedelta(hours=3), after=now - timedelta(hours=2), now=now) == rr.REFUSED_ORDER
    assert rr.time_refusal(now + timedelta(minutes=1), after=now, now=now) == rr.REFUSED_FUTURE


def test_interview_at_once_means_within_a_day():
    back = datetime(2026, 5, 6, 20, tzinfo=UTC)
    assert rr.interview_prompt(back, back + timedelta(hours=24))
    assert not rr.interview_prompt(back, back + timedelta(hours=25))


def test_a_second_return_is_a_repeat():
    assert not rr.is_repeat(0)
    assert rr.is_repeat(1)


# --- the roster ---------------------------------------------------------------------------------

MONDAY = date(2026, 9, 28)  # the week before National Day
HOLIDAYS = {date(2026, 10, d) for d in range(1, 8)}
ADJUSTED = {date(2026, 10, 10)}  # a Saturday made a working day


def working(day: date) -> bool:
    if day in HOLIDAYS:
        return False
    return day in ADJUSTED or day.weekday() < 5


TEMPLATE = {0: 1, 1: 2, 2: 3, 3: 4, 4: 5}


def test_roster_follows_the_template_on_working_days():
    plan = duty.roster_plan(start=MONDAY, weeks=1, template=TEMPLATE, exceptions={}, is_working_day=working)
    assert plan.days == {MONDAY: 1, MONDAY + timedelta(days=1): 2, MONDAY + timedelta(days=2): 3}
    assert plan.gaps == ()  # 1-2 October are holidays, nobody on duty


def test_exceptions_replace_or_leave_open_and_adjusted_days_need_one():
    exceptions = {MONDAY: 9, MONDAY + timedelta(days=1): None}
    plan = duty.roster_plan(start=MONDAY, weeks=2, template=TEMPLATE, exceptions=exceptions, is_working_day=working)
    assert plan.days[MONDAY] == 9
    assert MONDAY + timedelta(days=1) in plan.gaps
    assert date(2026, 10, 10) in plan.gaps  # adjusted Saturday: no template day
    assert date(2026, 10, 8) in plan.days  # Thursday after the holiday
    plan = duty.roster_plan(
        start=MONDAY, weeks=2, template=TEMPLATE, exceptions={date(2026, 10, 10): 7}, is_working_day=working
    )
    assert plan.days[date(2026, 10, 10)] == 7


def test_missing_weekday_in_the_template_is_a_gap():
    plan = duty.roster_plan(start=MONDAY, weeks=1, template={0: 1}, exceptions={}, is_working_day=working)
    assert plan.gaps == (MONDAY + timedelta(days=1), MONDAY + timedelta(days=2))


def test_roster_changes_only_what_differs():
    plan = duty.roster_plan(start=MONDAY, weeks=1, template=TEMPLATE, exceptions={}, is_working_day=working)
    assert duty.roster_changes(plan, dict(plan.days)) == {}
    assert duty.roster_changes(plan, {MONDAY: 5}) == {
        MONDAY: 1,
        MONDAY + timedelta(days=1): 2,
        MONDAY + timedelta(days=2): 3,
    }


@pytest.mark.parametrize("weeks", [0, 13])
def test_roster_weeks_are_bounded(weeks):
    with pytest.raises(ValueError, match="weeks"):
        duty.roster_plan(start=MONDAY, weeks=weeks, template=TEMPLATE, exceptions={}, is_working_day=working)


def test_who_records_the_reception_log():
    assert duty.may_record({duty.DUTY_LEADER})
    assert duty.may_record({duty.PETITION_OFFICE})
    assert duty.may_record({duty.DIRECTOR})
    assert not duty.may_record(set())
