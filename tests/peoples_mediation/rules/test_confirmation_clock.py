"""The 30-day window to apply for judicial confirmation (人民调解法 第三十三条) as a clock: calendar days."""

from datetime import date

import pytest

from mediation.calendar_source import official_calendar
from mediation.rules import clocks
from mediation.rules.deadlines import JUDICIAL_CONFIRMATION, CaseClockFacts, compute_deadlines


@pytest.fixture
def cal():
    return official_calendar()


def _facts(service: str = "mediation", **dates) -> CaseClockFacts:
    return CaseClockFacts(channel="visit", service=service, received_on=date(2025, 2, 10), **dates)


def test_no_window_before_the_agreement_takes_effect(cal):
    assert "judicial_confirmation" not in compute_deadlines(_facts(), cal)


def test_window_is_30_calendar_days_from_the_agreement(cal):
    window = compute_deadlines(_facts(agreement_effective_on=date(2025, 3, 3)), cal)["judicial_confirmation"]
    assert window.due_on == date(2025, 4, 2)  # 30 days, the day of effect not counted; weekends count
    assert window.policy_code == JUDICIAL_CONFIRMATION.code
    assert "第三十三条" in window.basis
    assert "自然日" in window.basis
    assert "调解协议生效当日不计" in window.explanation


def test_window_ending_in_the_national_day_holiday_moves_to_the_next_working_day(cal):
    window = compute_deadlines(_facts(agreement_effective_on=date(2025, 9, 3)), cal)["judicial_confirmation"]
    assert window.due_on == date(2025, 10, 9)
    assert "2025-10-03 为休息日" in window.explanation


def test_window_is_only_for_mediation_cases(cal):
    assert "judicial_confirmation" not in compute_deadlines(
        _facts("petition", agreement_effective_on=date(2025, 3, 3)), cal
    )


def test_window_is_met_by_the_joint_application_or_the_parties_waiving_it():
    assert clocks.clocks_met_by("judicial_confirmation_applied") == ("judicial_confirmation",)
    assert clocks.clocks_met_by("judicial_confirmation_waived") == ("judicial_confirmation",)


def test_the_mediation_outcome_is_the_written_answer():
    assert set(clocks.clocks_met_by("mediation_concluded")) == {"reply", "finish"}
