"""The clocks' pure rules: states, who may extend and by how much, reading a year's schedule, the warning."""

from datetime import date

import pytest

from cases.rules import status as st
from mediation.rules import clocks as rules
from mediation.rules.calendar import empty_calendar


def test_states_follow_the_due_date_and_the_working_days_left():
    cal = empty_calendar()
    today = date(2027, 3, 5)  # a Friday
    cutoff = rules.state_cutoffs(today, cal)  # 1 working day left: due today or on Monday
    assert cutoff == date(2027, 3, 9)
    assert rules.clock_state(date(2027, 3, 4), today, cutoff) == rules.OVERDUE
    assert rules.clock_state(today, today, cutoff) == rules.DUE_SOON
    assert rules.clock_state(date(2027, 3, 8), today, cutoff) == rules.DUE_SOON
    assert rules.clock_state(date(2027, 3, 9), today, cutoff) == rules.RUNNING
    assert rules.clock_state(date(2027, 3, 4), today, cutoff, met=True) == rules.MET


def _request(**kw):
    args = {"roles": frozenset({st.HANDLER}), "status": st.IN_PROGRESS, "days": 10, "pending": False}
    args["already_extended"] = False
    args.update(kw)
    rules.check_extension_request(**args)


def test_extension_requests():
    _request()
    _request(roles=frozenset({st.UNIT_HEAD}), days=30)
    refusals = {
        "role_not_allowed": {"roles": frozenset({st.CLERK, st.DIRECTOR})},
        "wrong_status": {"status": st.REPLIED},
        "pending": {"pending": True},
        "already_extended": {"already_extended": True},
        "days": {"days": 31},
    }
    for code, kw in refusals.items():
        with pytest.raises(rules.ExtensionRefused) as refused:
            _request(**kw)
        assert refused.value.code == code
    with pytest.raises(rules.ExtensionRefused, match="不得超过30日"):
        _request(days=31)
    with pytest.raises(rules.ExtensionRefused, match="至少1日"):
        _request(days=0)


def test_only_the_director_decides_extensions():
    rules.check_extension_decision(roles=frozenset({st.DIRECTOR}), pending=True)
    for roles in ({st.DUTY_LEADER_DELEGATE}, {st.UNIT_HEAD}, {st.SUPERVISING_LEADER}):
        with pytest.raises(rules.ExtensionRefused, match="主要领导"):
            rules.check_extension_decision(roles=frozenset(roles), pending=True)
    with pytest.raises(rules.ExtensionRefused) as refused:
        rules.check_extension_decision(roles=frozenset({st.DIRECTOR}), pending=False)
    assert refused.value.code == "not_pending"


def test_a_schedule_is_read_with_every_problem_named():
    days = rules.parse_schedule(2027, "2027-01-01 holiday 元旦\n# comment\n\n2027-02-20 班 春节调休\n")
    assert [(d.day, d.kind, d.name) for d in days] == [
        (date(2027, 1, 1), "holiday", "元旦"),
        (date(2027, 2, 20), "adjusted_workday", "春节调休"),
    ]
    with pytest.raises(rules.ScheduleError) as error:
        rules.parse_schedule(
            2027,
            "2027-01-01 holiday 元旦\n2026-12-31 holiday 跨年\n2027-01-01 holiday 重复\n2027-02-01 vacation 某\n"
            "2027-13-01 holiday 坏\n2027-02-01 workday 本是周一\n孤零零",
        )
    problems = error.value.problems
    assert problems[0] == "第2行：日期 2026-12-31 不在 2027 年内"
    assert problems[1] == "第3行：日期 2027-01-01 与第1行重复"
    assert "第4行：类型“vacation”无法识别" in problems[2]
    assert "第5行：日期“2027-13-01”无法识别" in problems[3]
    assert "第6行：2027-02-01 本是工作日" in problems[4]
    assert "第7行：应写为" in problems[5]
    with pytest.raises(rules.ScheduleError, match="至少应有一个放假日"):
        rules.parse_schedule(2027, "")


def test_the_missing_year_is_announced_from_the_warning_day():
    known = frozenset({2025, 2026})
    assert rules.missing_year_to_warn(date(2026, 10, 31), known) is None
    assert rules.missing_year_to_warn(date(2026, 11, 1), known) == 2027
    assert rules.missing_year_to_warn(date(2026, 11, 1), known | {2027}) is None
    assert rules.missing_year_to_warn(date(2027, 2, 1), known) == 2027
    assert rules.missing_year_to_warn(date(2026, 10, 1), known, (10, 1)) == 2027
