"""Deadline policies: which apply, how each is counted, the strictest governs, extensions."""

from dataclasses import replace
from datetime import date

import pytest

from mediation.calendar_source import official_calendar
from mediation.rules.calendar import WorkCalendar
from mediation.rules.deadlines import (
    DEFAULT_POLICIES,
    NATIONAL_FINISH,
    REPLY_LETTER_VISIT,
    CaseClockFacts,
    Deadline,
    DeadlinePolicy,
    applicable_policies,
    compute_deadlines,
    extend,
)


@pytest.fixture
def cal() -> WorkCalendar:
    return official_calendar()


def _facts(channel: str = "letter", service: str = "petition", **dates: date) -> CaseClockFacts:
    return CaseClockFacts(channel=channel, service=service, received_on=dates.pop("received_on"), **dates)


# -- which policies apply ------------------------------------------------------------------------


def test_applicable_policies_filter_channel_and_service():
    codes = {p.code for p in applicable_policies(_facts("phone", "legal_aid", received_on=date(2025, 3, 3)))}
    assert "local_reply_phone_online_1_week" in codes
    assert "local_reply_letter_visit_15_working_days" not in codes
    assert "legal_aid_decision_7_days" in codes


def test_legal_aid_policy_skipped_for_other_services(cal):
    deadlines = compute_deadlines(_facts("visit", "mediation", received_on=date(2025, 3, 3)), cal)
    assert "legal_aid_decision" not in deadlines


def test_unknown_channel_is_refused():
    with pytest.raises(ValueError, match="unknown channel"):
        CaseClockFacts(channel="fax", service="petition", received_on=date(2025, 3, 3))


def test_policy_with_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="unknown unit"):
        replace(REPLY_LETTER_VISIT, unit="weeks")


def test_default_policies_have_unique_codes_and_chinese_basis():
    codes = [p.code for p in DEFAULT_POLICIES]
    assert len(codes) == len(set(codes))
    assert all("〔" in p.basis or "《" in p.basis for p in DEFAULT_POLICIES)


# -- reply: the strictest policy wins for each channel -------------------------------------------


@pytest.mark.parametrize(
    ("channel", "due_on", "code"),
    [
        # Received Friday 26 September 2025, just before National Day (1–8 October).
        ("letter", date(2025, 10, 23), "local_reply_letter_visit_15_working_days"),
        ("visit", date(2025, 10, 23), "local_reply_letter_visit_15_working_days"),
        ("kiosk", date(2025, 10, 23), "local_reply_letter_visit_15_working_days"),
        ("phone", date(2025, 10, 9), "local_reply_phone_online_1_week"),
        ("online", date(2025, 10, 9), "local_reply_phone_online_1_week"),
    ],
)
def test_strictest_reply_policy_wins_for_each_channel(cal, channel, due_on, code):
    reply = compute_deadlines(_facts(channel, received_on=date(2025, 9, 26)), cal)["reply"]
    assert reply.due_on == due_on
    assert reply.policy_code == code
    assert reply.candidates == ("national_finish_60_days",)
    assert not reply.provisional


def test_national_finish_governs_when_local_rule_is_laxer(cal):
    lax = replace(REPLY_LETTER_VISIT, code="lax_reply_90_working_days", amount=90)
    reply = compute_deadlines(_facts(received_on=date(2025, 3, 3)), cal, (lax, NATIONAL_FINISH))["reply"]
    # 3 March 2025 + 60 days = Friday 2 May, inside the Labour Day holiday (1–5 May): Tuesday 6 May.
    assert reply.due_on == date(2025, 5, 6)
    assert reply.policy_code == "national_finish_60_days"
    assert reply.candidates == ("lax_reply_90_working_days",)
    assert reply.clock == "reply"


def test_tie_goes_to_first_listed_policy(cal):
    twin = replace(REPLY_LETTER_VISIT, code="twin")
    reply = compute_deadlines(_facts(received_on=date(2025, 3, 3)), cal, (REPLY_LETTER_VISIT, twin))["reply"]
    assert reply.policy_code == REPLY_LETTER_VISIT.code
    assert reply.candidates == ("twin",)


def test_accept_clock_is_separate_15_calendar_days(cal):
    deadlines = compute_deadlines(_facts("phone", received_on=date(2025, 9, 26)), cal)
    # 26 September + 15 = Saturday 11 October 2025, an adjusted working day: it stays.
    assert deadlines["accept"].due_on == date(2025, 10, 11)
    assert deadlines["accept"].policy_code == "national_accept_15_days"
    assert "finish" not in deadlines
    assert "extension" not in deadlines


def test_reply_over_spring_festival_2025(cal):
    # Received Friday 24 January 2025: 26 Jan (adjusted Sunday) and 27 Jan work, then
    # 5, 6, 7 Feb, 8 Feb (adjusted Saturday), 10–14, 17–20 Feb.
    reply = compute_deadlines(_facts("visit", received_on=date(2025, 1, 24)), cal)["reply"]
    assert reply.due_on == date(2025, 2, 20)


# -- first contact and re-investigation ----------------------------------------------------------


def test_first_contact_skipped_without_assignment(cal):
    assert "first_contact" not in compute_deadlines(_facts(received_on=date(2025, 3, 7)), cal)


def test_first_contact_is_one_working_day_from_friday_assignment(cal):
    facts = _facts(received_on=date(2025, 3, 6), assigned_on=date(2025, 3, 7))
    first_contact = compute_deadlines(facts, cal)["first_contact"]
    assert first_contact.due_on == date(2025, 3, 10)
    assert "一（二）" in first_contact.basis


def test_first_contact_on_adjusted_sunday(cal):
    facts = _facts(received_on=date(2025, 9, 26), assigned_on=date(2025, 9, 26))
    assert compute_deadlines(facts, cal)["first_contact"].due_on == date(2025, 9, 28)


def test_reinvestigation_skipped_without_warning_slip(cal):
    assert "reinvestigation" not in compute_deadlines(_facts(received_on=date(2025, 3, 7)), cal)


def test_reinvestigation_is_7_working_days_from_warning_slip(cal):
    facts = _facts(received_on=date(2025, 4, 1), warning_slip_on=date(2025, 4, 30))
    # Labour Day 1–5 May 2025; 6, 7, 8, 9 May, 12, 13, 14 May.
    assert compute_deadlines(facts, cal)["reinvestigation"].due_on == date(2025, 5, 14)


# -- legal aid -----------------------------------------------------------------------------------


def test_legal_aid_decision_is_7_calendar_days(cal):
    facts = _facts("visit", "legal_aid", received_on=date(2025, 4, 28), legal_aid_complete_on=date(2025, 4, 30))
    decision = compute_deadlines(facts, cal)["legal_aid_decision"]
    assert decision.due_on == date(2025, 5, 7)
    assert "第四十三条" in decision.basis


def test_legal_aid_decision_ending_on_holiday_moves(cal):
    facts = _facts("visit", "legal_aid", received_on=date(2025, 9, 26), legal_aid_complete_on=date(2025, 9, 26))
    decision = compute_deadlines(facts, cal)["legal_aid_decision"]
    assert decision.due_on == date(2025, 10, 9)
    assert "2025-10-03 为休息日" in decision.explanation


# -- provisional deadlines and explanations ------------------------------------------------------


def test_deadline_into_2027_is_provisional(cal):
    reply = compute_deadlines(_facts(received_on=date(2026, 12, 20)), cal)["reply"]
    # 12/21–12/25, 12/28–12/31 (9), 1 Jan 2027 off, 1/4–1/8 (14), 1/11 (15).
    assert reply.due_on == date(2027, 1, 11)
    assert reply.provisional
    assert "暂按周一至周五" in reply.explanation


def test_deadline_within_2026_is_not_provisional(cal):
    reply = compute_deadlines(_facts(received_on=date(2026, 3, 2)), cal)["reply"]
    assert not reply.provisional
    assert "暂按" not in reply.explanation


def test_explanation_says_how_it_was_computed(cal):
    reply = compute_deadlines(_facts(received_on=date(2025, 9, 26)), cal)["reply"]
    assert reply.explanation == "自 2025-09-26 起 15 个工作日（收到当日不计），遇节假日顺延，至 2025-10-23 届满"


# -- extensions ----------------------------------------------------------------------------------


def _reply(cal: WorkCalendar) -> Deadline:
    return compute_deadlines(_facts(received_on=date(2025, 9, 26)), cal)["reply"]


def test_extend_adds_calendar_days_and_moves_off_rest_day(cal):
    extended = extend(_reply(cal), 30, cal)
    # 23 October + 30 = Saturday 22 November 2025: Monday 24 November.
    assert extended.due_on == date(2025, 11, 24)
    assert extended.clock == "reply"
    assert extended.policy_code == "national_extension_30_days"
    assert "local_reply_letter_visit_15_working_days" in extended.explanation


def test_extend_rejects_more_than_30_days(cal):
    with pytest.raises(ValueError, match="延期不得超过30日"):
        extend(_reply(cal), 31, cal)


def test_extend_rejects_less_than_one_day(cal):
    with pytest.raises(ValueError, match="延期至少1日"):
        extend(_reply(cal), 0, cal)


def test_extend_honours_custom_maximum(cal):
    with pytest.raises(ValueError, match="延期不得超过10日"):
        extend(_reply(cal), 11, cal, max_days=10)


def test_extend_twice_is_refused(cal):
    with pytest.raises(ValueError, match="不得再次延期"):
        extend(extend(_reply(cal), 10, cal), 10, cal)


def test_extend_into_2027_is_provisional(cal):
    reply = compute_deadlines(_facts(received_on=date(2026, 11, 20)), cal)["reply"]
    assert not reply.provisional
    assert extend(reply, 30, cal).provisional


def test_policy_rejects_negative_amount():
    with pytest.raises(ValueError, match="amount must be >= 0"):
        DeadlinePolicy(
            code="x",
            clock="reply",
            amount=-1,
            unit="working_days",
            channels=frozenset(),
            services=frozenset(),
            levels=frozenset(),
            basis="",
            starts_from="received",
        )
