"""The clocks' pure rules: states, who may extend and by how much."""

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
