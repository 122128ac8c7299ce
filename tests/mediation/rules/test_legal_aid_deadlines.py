"""Legal aid (法律援助法 第四十三条): the decision within 7 days of the complete application, the lawyer
within 3 days of the grant, both counted in calendar days."""

from datetime import date

import pytest

from mediation.calendar_source import official_calendar
from mediation.rules import clocks
from mediation.rules.deadlines import (
    LEGAL_AID_DECISION,
    LEGAL_AID_LAWYER,
    CaseClockFacts,
    compute_deadlines,
    waiting_clocks,
)


@pytest.fixture
def cal():
    return official_calendar()


def _facts(service="legal_aid", **dates):
    return CaseClockFacts(channel="visit", service=service, received_on=date(2025, 2, 24), **dates)


def test_no_lawyer_clock_before_legal_aid_is_granted(cal):
    assert "legal_aid_lawyer" not in compute_deadlines(_facts(), cal)


def test_the_lawyer_is_assigned_within_3_calendar_days_of_the_grant(cal):
    lawyer = compute_deadlines(_facts(legal_aid_granted_on=date(2025, 3, 3)), cal)["legal_aid_lawyer"]
    assert lawyer.due_on == date(2025, 3, 6)
    assert lawyer.policy_code == "legal_aid_lawyer_3_days"
    assert "第四十三条" in lawyer.basis
    assert "三日内指派" in lawyer.basis
    assert "作出给予法律援助决定当日不计" in lawyer.explanation


def test_the_lawyer_deadline_ending_on_a_holiday_moves_to_the_next_working_day(cal):
    # Granted on 30 April 2025: the third day, 3 May, falls in the Labour Day holiday (1–5 May).
    lawyer = compute_deadlines(_facts(legal_aid_granted_on=date(2025, 4, 30)), cal)["legal_aid_lawyer"]
    assert lawyer.due_on == date(2025, 5, 6)
    assert "2025-05-03 为休息日" in lawyer.explanation


def test_the_lawyer_clock_counts_days_as_the_decision_clock_does():
    assert LEGAL_AID_LAWYER.unit == LEGAL_AID_DECISION.unit == "calendar_days"
    assert LEGAL_AID_LAWYER.services == LEGAL_AID_DECISION.services == frozenset({"legal_aid"})


def test_only_legal_aid_has_a_lawyer_clock(cal):
    assert "legal_aid_lawyer" not in compute_deadlines(
        _facts(service="legal_consultation", legal_aid_granted_on=date(2025, 3, 3)), cal
    )


def test_the_lawyer_clock_is_met_by_the_assignment():
    assert clocks.clocks_met_by("legal_aid_lawyer_assigned") == ("legal_aid_lawyer",)


# -- the decision: 7 days from the complete application -------------------------------------------


def test_no_decision_clock_while_the_application_is_incomplete(cal):
    facts = _facts()
    assert "legal_aid_decision" not in compute_deadlines(facts, cal)
    assert waiting_clocks(facts) == {"legal_aid_decision": LEGAL_AID_DECISION}


def test_the_decision_clock_runs_from_the_complete_application_not_from_receipt(cal):
    # Received 24 Feb 2025, complete 3 Mar: 7 days from 3 Mar (that day not counted).
    decision = compute_deadlines(_facts(legal_aid_complete_on=date(2025, 3, 3)), cal)["legal_aid_decision"]
    assert decision.due_on == date(2025, 3, 10)
    assert decision.policy_code == "legal_aid_decision_7_days"
    assert "收到完整申请材料当日不计" in decision.explanation
    assert "自收到完整申请材料之日起七日内" in decision.basis
    assert "第四十三条" in decision.basis
    assert waiting_clocks(_facts(legal_aid_complete_on=date(2025, 3, 3))) == {}


def test_the_decision_deadline_falling_in_the_national_day_week_moves_past_it(cal):
    # 2026: 25–27 Sep (Mid-Autumn) and 1–7 Oct (National Day) are off. Complete on Thursday 24 Sep:
    # the seventh day, 1 Oct, is a holiday, so the deadline moves to the first working day, 8 Oct.
    facts = CaseClockFacts(
        channel="online",
        service="legal_aid",
        received_on=date(2026, 9, 14),
        legal_aid_complete_on=date(2026, 9, 24),
    )
    decision = compute_deadlines(facts, cal)["legal_aid_decision"]
    assert decision.due_on == date(2026, 10, 8)
    assert "2026-10-01 为休息日" in decision.explanation
    assert not decision.provisional


def test_the_decision_deadline_on_an_adjusted_working_saturday_stays(cal):
    # Complete on 3 Oct 2026, in the holiday: the seventh day is Saturday 10 Oct, a working day
    # in the 2026 schedule (调休上班), so the deadline stays on it.
    facts = _facts(legal_aid_complete_on=date(2026, 10, 3))
    decision = compute_deadlines(facts, cal)["legal_aid_decision"]
    assert decision.due_on == date(2026, 10, 10)
    assert "为休息日" not in decision.explanation


def test_only_legal_aid_waits_for_a_complete_application():
    assert waiting_clocks(_facts(service="legal_consultation")) == {}
    assert waiting_clocks(_facts(service="petition")) == {}
