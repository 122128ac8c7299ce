"""The legal-aid lawyer's 3 days (法律援助法 第四十三条), counted from the grant in calendar days."""

from datetime import date

import pytest

from mediation.calendar_source import official_calendar
from mediation.rules import clocks
from mediation.rules.deadlines import LEGAL_AID_DECISION, LEGAL_AID_LAWYER, CaseClockFacts, compute_deadlines


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
