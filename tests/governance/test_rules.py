"""Governance as pure rules: its own status table, the response clock by risk level, the screening."""

from datetime import date

import pytest

from cases.rules import status as st
from governance import rules
from mediation.calendar_source import official_calendar
from mediation.rules import clocks as clock_rules
from mediation.rules.deadlines import (
    DEFAULT_POLICIES,
    GOVERNANCE_RESPONSE_HIGH,
    CaseClockFacts,
    compute_deadlines,
)

GOV = "governance"
WORKERS = {st.HANDLER, st.UNIT_HEAD}
DISPATCHERS = {st.GOVERNANCE_OFFICE, st.DIRECTOR}

# Written out independently of the module: action -> (from statuses, to status, roles).
EXPECTED = {
    "dispatch": ({st.REGISTERED, st.ROUTED, st.REOPENED}, st.ASSIGNED, DISPATCHERS),
    "redispatch": ({st.ASSIGNED, st.IN_PROGRESS}, st.ASSIGNED, DISPATCHERS),
    "pick": ({st.ASSIGNED}, st.IN_PROGRESS, WORKERS),
    "release": ({st.IN_PROGRESS}, st.ASSIGNED, WORKERS),
    "assign_directly": ({st.ASSIGNED, st.IN_PROGRESS}, st.IN_PROGRESS, {st.UNIT_HEAD}),
    "take_back": ({st.IN_PROGRESS}, st.ASSIGNED, {st.UNIT_HEAD}),
    "close_with_measure": ({st.IN_PROGRESS}, st.CLOSED, WORKERS),
}


def test_governance_table_declares_exactly_its_steps():
    assert set(st.GOVERNANCE_TRANSITIONS) == set(EXPECTED)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_governance_step_allowed_exactly_where_declared(action):
    from_statuses, to_status, roles = EXPECTED[action]
    for status in st.STATUSES:
        for role in st.ROLES:
            if status in from_statuses and role in roles:
                assert st.check_transition(action, status, frozenset({role}), service=GOV) == to_status
            else:
                with pytest.raises(st.TransitionRefused):
                    st.check_transition(action, status, frozenset({role}), service=GOV)


def test_the_petition_table_is_unchanged_and_knows_no_governance_step():
    assert "dispatch" not in st.TRANSITIONS
    assert "close_with_measure" not in st.TRANSITIONS
    assert st.transitions_for("petition") is st.TRANSITIONS
    assert st.transitions_for("mediation") is st.TRANSITIONS
    with pytest.raises(st.TransitionRefused) as refused:
        st.check_transition("dispatch", st.REGISTERED, frozenset({st.GOVERNANCE_OFFICE}))
    assert refused.value.code == st.TransitionRefused.UNKNOWN_ACTION


@pytest.mark.parametrize("action", ["confirm_routing", "sign_assignment", "draft_reply", "sign_completion"])
def test_a_governance_case_takes_no_petition_step(action):
    with pytest.raises(st.TransitionRefused) as refused:
        st.check_transition(action, st.IN_PROGRESS, frozenset(st.ROLES), service=GOV)
    assert refused.value.code == st.TransitionRefused.UNKNOWN_ACTION


def test_happy_path_reported_dispatched_picked_closed_with_measure():
    status = st.REGISTERED
    status = st.check_transition("dispatch", status, frozenset({st.GOVERNANCE_OFFICE}), service=GOV)
    assert status == st.ASSIGNED
    assert status in st.QUEUE_STATUSES
    status = st.check_transition("pick", status, frozenset({st.HANDLER}), service=GOV)
    status = st.check_transition("close_with_measure", status, frozenset({st.HANDLER}), service=GOV)
    assert status == st.CLOSED
    assert status in st.TERMINAL_STATUSES
    assert st.allowed_actions(status, frozenset(st.ROLES), service=GOV) == ()


def test_the_office_cannot_close_and_the_unit_cannot_dispatch():
    refused = st.TransitionRefused
    with pytest.raises(refused, match="综治办"):
        st.check_transition("dispatch", st.REGISTERED, frozenset({st.HANDLER}), service=GOV)
    with pytest.raises(refused, match="记录处置措施并办结"):
        st.check_transition("close_with_measure", st.IN_PROGRESS, frozenset({st.GOVERNANCE_OFFICE}), service=GOV)


def test_allowed_actions_follow_the_service():
    roles = frozenset({st.GOVERNANCE_OFFICE, st.CLERK})
    assert st.allowed_actions(st.REGISTERED, roles, service=GOV) == ("dispatch",)
    assert st.allowed_actions(st.REGISTERED, roles) == ("confirm_routing", "withdraw")


# --- the response clock ------------------------------------------------------------------------


@pytest.fixture
def cal():
    return official_calendar()


def _response(level: str, assigned_on: date, cal):
    facts = CaseClockFacts(
        channel="online", service=GOV, received_on=assigned_on, assigned_on=assigned_on, risk_level=level
    )
    return compute_deadlines(facts, cal)["governance_response"]


@pytest.mark.parametrize(
    ("level", "due_on"),
    [
        # Dispatched Friday 26 September 2025, just before National Day (1–8 October, 28 September worked).
        ("high", date(2025, 9, 28)),  # the adjusted working Sunday
        ("medium", date(2025, 9, 30)),  # Sunday 28, Monday 29, Tuesday 30
        ("low", date(2025, 10, 10)),  # then the holiday: Thursday 9, Friday 10
    ],
)
def test_response_clock_by_risk_level_in_working_days_from_dispatch(cal, level, due_on):
    deadline = _response(level, date(2025, 9, 26), cal)
    assert deadline.due_on == due_on
    assert deadline.basis.startswith("本中心规定")  # the center's own rule, said so


def test_high_risk_is_due_the_next_working_day(cal):
    assert _response("high", date(2025, 11, 3), cal).due_on == date(2025, 11, 4)  # Monday → Tuesday
    assert _response("high", date(2025, 11, 7), cal).due_on == date(2025, 11, 10)  # Friday → Monday


def test_no_response_clock_without_a_dispatch_or_a_risk_level(cal):
    facts = CaseClockFacts(channel="online", service=GOV, received_on=date(2025, 11, 3), risk_level="high")
    assert "governance_response" not in compute_deadlines(facts, cal)
    facts = CaseClockFacts(channel="online", service=GOV, received_on=date(2025, 11, 3), assigned_on=date(2025, 11, 3))
    assert "governance_response" not in compute_deadlines(facts, cal)


def test_a_petition_gets_no_response_clock_and_a_governance_case_no_first_call(cal):
    petition = CaseClockFacts(
        channel="online",
        service="petition",
        received_on=date(2025, 11, 3),
        assigned_on=date(2025, 11, 3),
        risk_level="high",
    )
    assert "governance_response" not in compute_deadlines(petition, cal)
    assert "first_contact" in compute_deadlines(petition, cal)
    assert "first_contact" not in compute_deadlines(
        CaseClockFacts(channel="online", service=GOV, received_on=date(2025, 11, 3), assigned_on=date(2025, 11, 3)),
        cal,
    )


def test_unknown_risk_level_is_refused():
    with pytest.raises(ValueError, match="risk_level"):
        CaseClockFacts(channel="online", service=GOV, received_on=date(2025, 11, 3), risk_level="extreme")


def test_one_response_policy_per_risk_level():
    levels = [p.risk_levels for p in DEFAULT_POLICIES if p.clock == "governance_response"]
    assert sorted(next(iter(level)) for level in levels) == ["high", "low", "medium"]
    assert GOVERNANCE_RESPONSE_HIGH.starts_from == "assigned"


def test_the_measure_meets_the_response_reply_and_finish_clocks_and_the_dispatch_the_acceptance():
    assert set(clock_rules.clocks_met_by("governance_closed")) == {"governance_response", "reply", "finish"}
    assert clock_rules.clocks_met_by("governance_dispatched") == ("accept",)


# --- the screening -----------------------------------------------------------------------------


def test_screening_month_is_the_first_of_the_month():
    assert rules.screening_month(date(2026, 11, 30)) == date(2026, 11, 1)


def test_only_high_risk_escalates():
    assert [rules.escalates(level) for level in rules.RISK_LEVELS] == [False, False, True]
    with pytest.raises(ValueError, match="unknown risk level"):
        rules.escalates("urgent")


def test_villages_not_filed_keep_their_order():
    assert rules.villages_not_filed([5, 3, 9, 1], filed=[9, 5]) == [3, 1]


def test_a_governance_case_awaiting_dispatch_reads_as_such():
    for status in (st.REGISTERED, st.ROUTED, st.REOPENED):
        assert st.status_label(status, GOV) == "待派遣"
    assert st.status_label(st.ASSIGNED, GOV) == "已派遣，待处置单位领取"
    assert st.status_label(st.IN_PROGRESS, GOV) == "处置中"
    assert st.status_label(st.CLOSED, GOV) == "已处置办结"
    # A petition keeps its own words.
    assert st.status_label(st.REGISTERED) == "已登记，待确认分流"
    assert st.status_label(st.CLOSED, "petition") == "案结事了"


def test_every_status_a_governance_case_can_reach_has_governance_words():
    reachable = {st.REGISTERED} | {t.to_status for t in st.GOVERNANCE_TRANSITIONS.values() if t.to_status}
    reachable |= {status for t in st.GOVERNANCE_TRANSITIONS.values() for status in t.from_statuses}
    assert reachable <= set(st.GOVERNANCE_STATUS_LABELS)
    for label in st.GOVERNANCE_STATUS_LABELS.values():
        assert not any(word in label for word in ("分流", "交办签", "办结签", "答复", "信访"))


def test_a_refused_governance_step_names_the_status_in_governance_words():
    with pytest.raises(st.TransitionRefused) as refused:
        st.check_transition("close_with_measure", st.REGISTERED, frozenset({st.HANDLER}), service=GOV)
    assert "待派遣" in refused.value.message
    assert "分流" not in refused.value.message
