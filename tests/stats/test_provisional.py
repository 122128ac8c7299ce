"""Provisional deadlines in the figures: January 2027, counted Monday to Friday (1 January off) until
the administrator enters 2027's official schedule, then on it (here 1 and 4 January are holidays).

Every case is a visit received at 10:00 (Beijing time), routed and signed out on the spot
(``routing_confirmed`` meets the acceptance clock), first called the next day at 9:00. Its reply is
due 15 working days after receipt, the day of receipt not counted:

- received Thursday 17 December 2026: Friday 8 January for now, Monday 11 January once 4 January is
  a holiday; the acceptance (15 days) Monday 4 January for now, Tuesday 5 January then;
- the same, extended by 21 days: Friday 29 January for now, Monday 1 February then (February);
- received Monday 28 December: Tuesday 19 January for now, Wednesday 20 January then;
- received Thursday 7 January 2027: Thursday 28 January either way (the due date stays, and is no
  longer provisional).

Today is Wednesday 20 January 2027; the schedule is entered on Monday 18 January.
"""

from datetime import date, datetime, timedelta
from fractions import Fraction
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.utils import translation

from cases.models import CaseEvent
from cases.rules import status as st
from mediation.calendar import work_calendar
from mediation.models import CaseClock
from mediation.rules.calendar import ScheduleDay
from mediation.services.calendar import calendar_year_enter
from mediation.services.clocks import clocks_refresh_many
from reports.content import ReportData, report_data
from reports.render import build_tables, report_pdf, write_report_xlsx
from stats.dimensions import BY_CODE
from stats.rules.periods import period_parse
from stats.scope import stats_scope_for
from stats.selectors.breakdown import figures_by
from stats.selectors.measures import measure_q
from stats.selectors.trend import trend
from tests.factories import UserFactory
from tests.mediation.factories import routed_case
from tests.reports.conftest import pdf_text, sheets_of
from tests.stats.history import bj, extension, step

TODAY = date(2027, 1, 20)
ENTERED = bj(2027, 1, 18, 9)
JANUARY = period_parse("2027-01")
FEBRUARY = period_parse("2027-02")


def _case(org, received, *, status=st.IN_PROGRESS, replied=None):
    at = bj(*received)
    case = routed_case(lead=org.units["agri"], status=status, received_at=at, assigned_at=at, village=org.village)
    step(case, "routing_confirmed", at)
    step(case, "first_contact", at + timedelta(hours=23))  # 9:00 the next day
    if replied:
        step(case, "reply_delivered", bj(*replied))
    return case


def january(org) -> SimpleNamespace:
    """Seven cases whose reply clocks fall due in January 2027, their clocks stored on today's calendar."""
    worker = org.people[("agri", "handler")]
    story = SimpleNamespace(
        early=_case(org, (2026, 12, 17), status=st.REPLIED, replied=(2027, 1, 7)),
        on_the_day=_case(org, (2026, 12, 17), status=st.REPLIED, replied=(2027, 1, 11)),
        closed=_case(org, (2026, 12, 17), status=st.CLOSED, replied=(2027, 1, 11)),
        unanswered=_case(org, (2026, 12, 17)),
        extended=_case(org, (2026, 12, 17)),
        waiting=_case(org, (2026, 12, 28)),
        recent=_case(org, (2027, 1, 7)),
    )
    step(story.closed, "closed", bj(2027, 1, 15))
    # 21 days more, approved on 5 January: from 8 January to Friday 29 January for now.
    extension(story.extended, bj(2027, 1, 5), worker, approved=True, due_before=date(2027, 1, 8), days=21)
    clocks_refresh_many(list(vars(story).values()), now=bj(2027, 1, 5))
    return story


@pytest.fixture
def story(org, calendar_reloaded_after):
    assert work_calendar().is_provisional(date(2027, 1, 4)), "2027 must not be entered yet"
    return january(org)


@pytest.fixture
def director(org):
    return stats_scope_for(org.director.user)


def _enter_2027() -> int:
    admin = UserFactory(username="calendar.admin", is_superuser=True, is_staff=True)
    days = [ScheduleDay(date(2027, 1, d), "holiday", "元旦") for d in (1, 4)]
    return calendar_year_enter(actor=admin, year=2027, notice="2027年节假日安排", days=days, now=ENTERED)


def _clocks(director, period):
    total = figures_by(director, period, BY_CODE["unit"], today=TODAY).total
    return {clock: dict(states) for clock, states in total.clocks.items()}


def _listed(director, code, period=JANUARY) -> set:
    return set(director.cases.filter(measure_q(code, period, today=TODAY)))


def _reply(case) -> tuple[date, bool]:
    clock = CaseClock.objects.get(case=case, clock="reply")
    return clock.due_on, clock.provisional


def test_the_clocks_are_provisional_until_the_year_is_entered(org, story):
    assert _reply(story.early) == (date(2027, 1, 8), True)
    assert _reply(story.extended) == (date(2027, 1, 29), True)
    assert _reply(story.waiting) == (date(2027, 1, 19), True)
    assert _reply(story.recent) == (date(2027, 1, 28), True)
    assert _enter_2027() > 0
    assert _reply(story.early) == (date(2027, 1, 11), False)
    assert _reply(story.closed) == (date(2027, 1, 11), False)
    assert _reply(story.extended) == (date(2027, 2, 1), False)
    assert _reply(story.waiting) == (date(2027, 1, 20), False)
    assert _reply(story.recent) == (date(2027, 1, 28), False)
    assert not CaseClock.objects.filter(provisional=True).exists()


def test_january_before_the_schedule_is_entered(org, story, director):
    assert _clocks(director, JANUARY) == {
        "accept": {"on_time": 7, "late": 0, "pending": 0},  # all routed on the day of receipt
        "first_contact": {"on_time": 1, "late": 0, "pending": 0},  # the case received on 7 January
        "reply": {"on_time": 1, "late": 4, "pending": 2},
    }
    assert _listed(director, "on_time:reply") == {story.early}
    # 11 January is after Friday the 8th; 19 January is before today.
    assert _listed(director, "late:reply") == {story.on_the_day, story.closed, story.unanswered, story.waiting}
    assert _listed(director, "pending:reply") == {story.extended, story.recent}
    assert _clocks(director, FEBRUARY) == {}
    # Every clock of the month is provisional: 7 acceptances, 1 first call, 7 replies.
    assert figures_by(director, JANUARY, BY_CODE["unit"], today=TODAY).total.provisional == 15


def test_january_once_the_schedule_is_entered(org, story, director):
    _enter_2027()
    assert _clocks(director, JANUARY) == {
        "accept": {"on_time": 7, "late": 0, "pending": 0},
        "first_contact": {"on_time": 1, "late": 0, "pending": 0},
        "reply": {"on_time": 3, "late": 1, "pending": 2},
    }
    # Answered on Monday 11 January: on time now that 4 January is a holiday, closed case or not.
    assert _listed(director, "on_time:reply") == {story.early, story.on_the_day, story.closed}
    assert _listed(director, "late:reply") == {story.unanswered}
    # Due today, 20 January, and still open: not yet due (no longer late).
    assert _listed(director, "pending:reply") == {story.waiting, story.recent}
    # The extended clock moved to Monday 1 February: it counts in February now.
    assert _clocks(director, FEBRUARY) == {"reply": {"on_time": 0, "late": 0, "pending": 1}}
    assert _listed(director, "pending:reply", FEBRUARY) == {story.extended}
    total = figures_by(director, JANUARY, BY_CODE["unit"], today=TODAY).total
    assert total.on_time_rate("reply") == Fraction(3, 4)
    assert total.provisional == 0


def test_december_does_not_move(org, story, director):
    december = period_parse("2026-12")
    before = _clocks(director, december)
    assert before == {"first_contact": {"on_time": 6, "late": 0, "pending": 0}}
    _enter_2027()
    assert _clocks(director, december) == before


def test_the_trend_follows_the_recomputed_dates(org, story, director):
    def months():
        return {m.label: (m.n("on_time"), m.n("late")) for m in trend(director, period_parse("2027-Q1"), today=TODAY)}

    assert months() == {"2027-01": (9, 4), "2027-02": (0, 0), "2027-03": (0, 0)}
    _enter_2027()
    assert months() == {"2027-01": (11, 1), "2027-02": (0, 0), "2027-03": (0, 0)}


def test_the_recomputed_reply_dates_are_recorded(org, story):
    _enter_2027()
    moved = CaseEvent.objects.filter(kind="deadline_recomputed", data__clock="reply")
    assert {(e.case, e.data["from"], e.data["to"]) for e in moved} >= {
        (story.on_the_day, "2027-01-08", "2027-01-11"),
        (story.extended, "2027-01-29", "2027-02-01"),
        (story.waiting, "2027-01-19", "2027-01-20"),
    }


def test_the_page_says_how_many_due_dates_may_still_move(org, story, client):
    """Read on the real today (the page's): only what does not depend on it is asserted."""
    client.force_login(org.director.user)

    def page(path="/staff/stats/", **query):
        return client.get(path, {"period": "2027-01", **query}).content.decode()

    assert "其中 15 项期限为暂定" in page()
    on_time = page("/staff/stats/cases/", measure="on_time:reply")
    assert story.early.display_code in on_time
    assert story.on_the_day.display_code not in on_time
    _enter_2027()
    assert 'data-testid="clocks-provisional"' not in page()
    on_time = page("/staff/stats/cases/", measure="on_time:reply")
    assert all(case.display_code in on_time for case in (story.early, story.on_the_day, story.closed))
    assert story.unanswered.display_code not in on_time


def _report(director) -> tuple[dict, str]:
    """January 2027's monthly report for the whole center: its cover sheet and its PDF's text."""
    with translation.override("zh-hans"):
        data = ReportData(
            period=JANUARY,
            kind_label="月报",
            scope_name="全中心",
            requested_by="主任",
            generated_at=datetime(2027, 1, 20, 9),  # noqa: DTZ001 - naive Beijing time, as a report keeps it
            today=TODAY,
        )
        report_data(data, director)
        tables = build_tables(data)
        out = BytesIO()
        write_report_xlsx(out, data, tables)
        text = pdf_text(report_pdf(data, tables))
    return dict(sheets_of(out.getvalue())["封面"][1:]), text


def test_a_printed_report_says_how_many_due_dates_may_still_move(org, story, director):
    cover, text = _report(director)
    assert cover["暂定期限"].startswith("其中 15 项期限为暂定")
    assert "其中 15 项期限为暂定" in text
    _enter_2027()
    cover, text = _report(director)
    assert "暂定期限" not in cover
    assert "期限为暂定" not in text
