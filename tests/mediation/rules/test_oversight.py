"""Who may act on an escalated case, and when (二（二）, 二（四））."""

from datetime import date

import pytest

from mediation.rules import oversight as ov

OPEN = ov.OversightState(escalated=True, assigned=True, terminal=False, slip_open=False, report_pending=False)


def state(**changes) -> ov.OversightState:
    values = {
        "escalated": OPEN.escalated,
        "assigned": OPEN.assigned,
        "terminal": OPEN.terminal,
        "slip_open": OPEN.slip_open,
        "report_pending": OPEN.report_pending,
    }
    values.update(changes)
    return ov.OversightState(**values)


def test_only_the_petition_office_issues_a_slip_for_an_escalated_assigned_case():
    assert ov.refusal(ov.ISSUE_SLIP, OPEN, {ov.PETITION_OFFICE}) is None
    assert ov.refusal(ov.ISSUE_SLIP, OPEN, {ov.LEAD_HEAD, ov.DIRECTOR, ov.OWNER}) == ov.REFUSED_ROLE
    assert ov.refusal(ov.ISSUE_SLIP, state(escalated=False), {ov.PETITION_OFFICE}) == ov.REFUSED_NOT_ESCALATED
    assert ov.refusal(ov.ISSUE_SLIP, state(assigned=False), {ov.PETITION_OFFICE}) == ov.REFUSED_NOT_ASSIGNED
    assert ov.refusal(ov.ISSUE_SLIP, state(slip_open=True), {ov.PETITION_OFFICE}) == ov.REFUSED_SLIP_OPEN
    assert ov.refusal(ov.ISSUE_SLIP, state(terminal=True), {ov.PETITION_OFFICE}) == ov.REFUSED_CLOSED


def test_the_lead_unit_files_the_report_once_a_slip_is_open_and_none_waits():
    open_slip = state(slip_open=True)
    assert ov.refusal(ov.FILE_REPORT, open_slip, {ov.LEAD_HANDLER}) is None
    assert ov.refusal(ov.FILE_REPORT, open_slip, {ov.LEAD_HEAD}) is None
    assert ov.refusal(ov.FILE_REPORT, open_slip, {ov.PETITION_OFFICE, ov.LEAD_SUPERVISOR}) == ov.REFUSED_ROLE
    assert ov.refusal(ov.FILE_REPORT, OPEN, {ov.LEAD_HANDLER}) == ov.REFUSED_NO_SLIP
    assert ov.refusal(ov.FILE_REPORT, state(slip_open=True, report_pending=True), {ov.LEAD_HANDLER}) == (
        ov.REFUSED_REPORT_PENDING
    )


def test_only_the_supervising_leader_signs_or_returns_a_waiting_report():
    waiting = state(slip_open=True, report_pending=True)
    for action in (ov.SIGN_REPORT, ov.RETURN_REPORT):
        assert ov.refusal(action, waiting, {ov.LEAD_SUPERVISOR}) is None
        assert ov.refusal(action, waiting, {ov.DIRECTOR, ov.OWNER, ov.LEAD_HEAD}) == ov.REFUSED_ROLE
        assert ov.refusal(action, state(slip_open=True), {ov.LEAD_SUPERVISOR}) == ov.REFUSED_NO_REPORT


def test_the_owner_or_the_director_records_duties_and_conferences_of_escalated_cases():
    for action in (ov.RECORD_DUTY, ov.RECORD_CONFERENCE):
        assert ov.refusal(action, OPEN, {ov.OWNER}) is None
        assert ov.refusal(action, OPEN, {ov.DIRECTOR}) is None
        assert ov.refusal(action, OPEN, {ov.LEAD_SUPERVISOR, ov.LEAD_HEAD}) == ov.REFUSED_ROLE
        assert ov.refusal(action, state(escalated=False), {ov.OWNER}) == ov.REFUSED_NOT_ESCALATED


def test_allowed_actions_follow_the_refusals():
    assert ov.allowed_actions(OPEN, {ov.PETITION_OFFICE}) == (ov.ISSUE_SLIP, ov.RECORD_ESCALATION)
    assert ov.allowed_actions(state(slip_open=True, report_pending=True), {ov.LEAD_SUPERVISOR, ov.OWNER}) == (
        ov.SIGN_REPORT,
        ov.RETURN_REPORT,
        ov.RECORD_DUTY,
        ov.RECORD_CONFERENCE,
        ov.RECORD_APPOINTMENT,
        ov.RECORD_ESCALATION,
    )
    assert ov.allowed_actions(state(terminal=True), set(ov.ALLOWED[ov.RECORD_DUTY])) == ()


def test_unknown_actions_and_duties_are_refused():
    with pytest.raises(ValueError, match="unknown oversight action"):
        ov.refusal("sign_everything", OPEN, {ov.DIRECTOR})
    with pytest.raises(ValueError, match="unknown duty"):
        ov.duty_check("bribe")
    assert ov.duty_check(ov.DUTY_KNOW) == "know"


def test_five_duties_in_the_rulebooks_order_and_words():
    assert [ov.DUTY_LABELS[d] for d in ov.DUTIES] == [
        "包掌握情况",
        "包思想转化",
        "包解决化解",
        "包承诺息访",
        "包教育稳控",
    ]
    assert ov.duties_outstanding([ov.DUTY_RESOLVE, ov.DUTY_KNOW]) == (
        ov.DUTY_WIN_OVER,
        ov.DUTY_COMMITMENT,
        ov.DUTY_STABILISE,
    )
    assert ov.duties_outstanding(ov.DUTIES) == ()


def test_slip_number_is_printed_with_year_and_sequence():
    assert ov.slip_number(2026, 3) == "预警〔2026〕第3号"
    with pytest.raises(ValueError, match="starts at 1"):
        ov.slip_number(2026, 0)


def test_reinvestigation_overdue_only_after_the_last_day_without_a_report():
    due = date(2026, 12, 7)
    assert not ov.reinvestigation_overdue(due, due, slip_open=True, report_pending=False)
    assert ov.reinvestigation_overdue(due, date(2026, 12, 8), slip_open=True, report_pending=False)
    assert not ov.reinvestigation_overdue(due, date(2026, 12, 8), slip_open=True, report_pending=True)
    assert not ov.reinvestigation_overdue(due, date(2026, 12, 8), slip_open=False, report_pending=False)
