"""A report's own time limit (issue 16): the acceptance told to a named reporter of a conduct report.

The discipline office is a 纪检监察 organ: its rules give a named reporter the acceptance within
15 working days of receipt. An anonymous reporter cannot be told anything (they follow the report
by code and passphrase), and a report about anything else has no limit of its own: it runs the
petition's limits.
"""

from datetime import date

import pytest

from mediation.calendar_source import official_calendar
from mediation.rules.clocks import clocks_met_by
from mediation.rules.deadlines import REPORT_NOTICE, CaseClockFacts, compute_deadlines


@pytest.fixture
def cal():
    return official_calendar()


def _facts(**kw) -> CaseClockFacts:
    return CaseClockFacts(channel="letter", service="complaint", received_on=date(2025, 1, 24), **kw)


def test_named_conduct_report_is_told_of_its_acceptance_within_15_working_days_across_the_spring_festival(cal):
    # Friday 24 January 2025: 26 Jan (adjusted Sunday) and 27 Jan work, the holiday runs to 4 Feb,
    # 8 Feb (adjusted Saturday) works: the 15th working day is Thursday 20 February.
    notice = compute_deadlines(_facts(conduct=True), cal)["report_notice"]
    assert notice.due_on == date(2025, 2, 20)
    assert notice.policy_code == REPORT_NOTICE.code
    assert "纪检监察机关处理检举控告工作规则" in notice.basis
    assert "15个工作日" in notice.basis
    assert "工作日（收到当日不计）" in notice.explanation


def test_anonymous_conduct_report_has_nobody_to_tell(cal):
    assert "report_notice" not in compute_deadlines(_facts(conduct=True, contactable=False), cal)


@pytest.mark.parametrize("service", ["complaint", "petition"])
def test_other_reports_run_the_petition_limits(cal, service):
    clocks = compute_deadlines(
        CaseClockFacts(channel="letter", service=service, received_on=date(2025, 1, 24), conduct=False), cal
    )
    assert "report_notice" not in clocks
    petition = compute_deadlines(
        CaseClockFacts(channel="letter", service="petition", received_on=date(2025, 1, 24)), cal
    )
    assert {k: (v.due_on, v.policy_code) for k, v in clocks.items()} == {
        k: (v.due_on, v.policy_code) for k, v in petition.items()
    }


def test_a_conduct_petition_that_is_not_a_report_gets_no_report_clock(cal):
    facts = CaseClockFacts(channel="letter", service="petition", received_on=date(2025, 1, 24), conduct=True)
    assert "report_notice" not in compute_deadlines(facts, cal)


def test_the_first_call_tells_the_reporter():
    assert "report_notice" in clocks_met_by("first_contact")
