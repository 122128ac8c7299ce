"""Exact figures of a known November (tests/stats/scenario.py), as the director reads them."""

import math
from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.core.cache import cache

from mediation.calendar import calendar_changed, work_calendar
from mediation.models import CalendarDay, CalendarYear, WorkingDayNumber
from stats.dimensions import BY_CODE
from stats.rules.periods import period_parse, trend_window
from stats.scope import stats_scope_for
from stats.selectors.breakdown import figures_by, has_target_figures, targets_by
from stats.selectors.measures import LABELS, measure_q
from stats.selectors.trend import trend
from tests.mediation.factories import routed_case
from tests.stats.history import bj, step
from tests.stats.scenario import TODAY, november

NOVEMBER = period_parse("2026-11")


@pytest.fixture
def story(org):
    return november(org)


@pytest.fixture
def director(org):
    return stats_scope_for(org.director.user)


def test_director_reads_every_figure_of_the_month(org, story, director):
    total = figures_by(director, NOVEMBER, BY_CODE["unit"], today=TODAY).total
    counts = {code: n for code, n in total.counts.items() if n}
    assert counts == {
        "received": 5,  # A, C (midnight sharp), D (23:59 on the 30th), F, G; not B (31 Oct), not E (1 Dec)
        "signed_out": 2,  # A, B (ten past midnight, and again after the reopening: once)
        "replied": 3,  # A, B, F
        "reopened": 1,
        "repeat": 1,
        "collective": 1,
        "skip_level": 1,
        "extreme": 1,
        "proxy": 1,
        "withdrawn": 1,
        "completed": 2,  # A and F answered; C and D not yet; G withdrawn
        "satisfied": 1,  # A
        "basically": 1,  # B's last visit of the month
        "unsatisfied": 1,  # F
        "extension_requested": 1,
        "extension_approved": 1,
    }
    assert total.proxy_rate == Fraction(1, 5)
    assert total.completion_rate == Fraction(2, 4)
    assert total.satisfaction_rate == Fraction(2, 3)
    assert {clock: dict(states) for clock, states in total.clocks.items()} == {
        "first_contact": {"on_time": 1, "late": 1, "pending": 0},  # A on the day; C never called
        "reply": {"on_time": 1, "late": 1, "pending": 0},  # B early, A a day late; C's falls in December
    }
    assert total.on_time_rate("reply") == Fraction(1, 2)


def test_days_to_first_call_and_to_answer_with_the_90th_percentile(org, story, director):
    total = figures_by(director, NOVEMBER, BY_CODE["unit"], today=TODAY).total
    # first calls: A Mon 2 → Tue 3 (1 day, 1 working day); F Sun 15 → Wed 18 (3, 3)
    assert (total.contact.cases, total.contact.calendar_avg, total.contact.calendar_p90) == (2, 2.0, 3)
    assert (total.contact.working_avg, total.contact.working_p90) == (2.0, 3)
    # first answers: A 2 → 10 (8 days, 6 working); B Sat 31 Oct → Thu 5 (5, 4); F 15 → 20 (5, 5)
    assert (total.reply.cases, total.reply.calendar_avg, total.reply.calendar_p90) == (3, 6.0, 8)
    assert (total.reply.working_avg, total.reply.working_p90) == (5.0, 6)


def test_rows_add_up_to_the_total_in_every_dimension(org, story, director):
    for dimension in BY_CODE.values():
        breakdown = figures_by(director, NOVEMBER, dimension, today=TODAY)
        for code in ("received", "replied", "satisfied", "unsatisfied", "proxy"):
            assert sum(row.counts[code] for row in breakdown.rows) == breakdown.total.counts[code], dimension.code


def test_breakdown_by_unit(org, story, director):
    rows = {row.name: row for row in figures_by(director, NOVEMBER, BY_CODE["unit"], today=TODAY).rows}
    assert set(rows) == {"农业农村办", "城建办", "纪工委"}
    agri = rows["农业农村办"]
    assert (agri.counts["received"], agri.counts["replied"], agri.counts["reopened"]) == (2, 2, 1)
    assert agri.satisfaction_rate == 1
    assert agri.completion_rate == 1  # A answered; G withdrawn does not count
    urban = rows["城建办"]
    assert (urban.counts["received"], urban.counts["proxy"], urban.counts["extension_approved"]) == (2, 1, 1)
    assert urban.proxy_rate == Fraction(1, 2)
    assert urban.completion_rate == 0


def test_the_month_before_and_after(org, story, director):
    october = figures_by(director, period_parse("2026-10"), BY_CODE["unit"], today=TODAY).total
    assert october.counts["received"] == 1  # B at 23:30 on the 31st
    assert october.counts["signed_out"] == 0  # signed ten minutes after midnight
    december = figures_by(director, period_parse("2026-12"), BY_CODE["unit"], today=TODAY).total
    assert december.counts["received"] == 1  # E
    assert dict(december.clocks["reply"]) == {"on_time": 0, "late": 0, "pending": 1}  # C, extended
    quarter = figures_by(director, period_parse("2026-Q4"), BY_CODE["unit"], today=TODAY).total
    assert quarter.counts["received"] == 7


def test_every_figure_lists_exactly_the_cases_it_counts(org, story, director):
    total = figures_by(director, NOVEMBER, BY_CODE["unit"], today=TODAY).total
    for code in LABELS:
        if code in ("on_time", "late", "pending", "not_proxy", "not_completed"):
            continue
        listed = director.cases.filter(measure_q(code, NOVEMBER, today=TODAY)).count()
        assert listed == total.counts[code], code
    for clock, states in total.clocks.items():
        for state, n in states.items():
            assert director.cases.filter(measure_q(f"{state}:{clock}", NOVEMBER, today=TODAY)).count() == n
    not_completed = director.cases.filter(measure_q("not_completed", NOVEMBER, today=TODAY))
    assert set(not_completed) == {story.c, story.d}
    assert director.cases.filter(measure_q("not_proxy", NOVEMBER, today=TODAY)).count() == 4


def test_monthly_trend_counts_each_month_as_a_period(org, story, director):
    months = {m.label: m for m in trend(director, period_parse("2026-Q4"), today=TODAY)}
    assert list(months) == ["2026-10", "2026-11", "2026-12"]
    november_total = figures_by(director, NOVEMBER, BY_CODE["unit"], today=TODAY).total
    for code in ("received", "replied", "completed", "proxy", "satisfied", "basically", "unsatisfied"):
        assert months["2026-11"].n(code) == november_total.counts[code], code
    assert months["2026-11"].n("on_time") == 2
    assert months["2026-11"].n("late") == 2
    assert months["2026-10"].n("received") == 1
    assert months["2026-12"].n("received") == 1


def test_working_days_agree_with_the_official_calendar(org, director):
    """Across the National Day holiday and its adjusted working days, SQL counts as the rules do."""
    pairs = [((2026, 9, 30), (2026, 10, 12)), ((2026, 9, 25), (2026, 10, 9)), ((2026, 10, 3), (2026, 10, 31))]
    expected = []
    for start, end in pairs:
        case = routed_case(lead=org.units["agri"], received_at=bj(*start))
        step(case, "reply_delivered", bj(*end))
        expected.append(work_calendar().working_days_between(date(*start), date(*end)))
    reply = figures_by(director, period_parse("2026-10"), BY_CODE["unit"], today=TODAY).total.reply
    assert reply.cases == 3
    assert reply.working_avg == pytest.approx(sum(expected) / 3)
    assert reply.working_p90 == max(expected)


def test_working_days_follow_the_calendar_in_use(org, director, calendar_reloaded_after):
    """The stored working-day numbers follow a year entered later, and come back after being lost."""
    case = routed_case(lead=org.units["agri"], received_at=bj(2027, 2, 5))  # a Friday
    step(case, "reply_delivered", bj(2027, 2, 12))  # the next Friday
    february = period_parse("2027-02")

    def working_days():
        return figures_by(director, february, BY_CODE["unit"], today=TODAY).total.reply.working_avg

    assert working_days() == 5  # 2027 not entered yet: Mondays to Fridays
    CalendarYear.objects.create(year=2027, source=CalendarYear.Source.ADMIN, notice="国办发明电〔2026〕X号")
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=date(2027, 2, day), kind=CalendarDay.Kind.HOLIDAY) for day in (8, 9, 10)]
    )
    calendar_changed()
    assert working_days() == 2 == work_calendar().working_days_between(date(2027, 2, 5), date(2027, 2, 12))
    WorkingDayNumber.objects.all().delete()  # as a flushed database would have them
    cache.delete(f"one-window:working-day-numbers:{work_calendar().fingerprint()}")
    assert working_days() == 2
    assert WorkingDayNumber.objects.count() == 36890


def test_days_to_the_answer_per_unit_and_whole_are_exact(org, director):
    """The averages and 90th percentiles of every unit and of the whole, read off the day counts,
    are those of the cases themselves (nearest rank), ties and a second answer included."""
    answered = {"agri": [1, 1, 2, 3, 5, 8, 13, 13, 21, 30, 31], "urban": [0, 4, 4, 9]}
    calendar_days: dict[str, list[int]] = {}
    for unit, days in answered.items():
        for i, n in enumerate(days):
            received = bj(2026, 10, 1 + i % 3, 9)
            case = routed_case(lead=org.units[unit], received_at=received)
            step(case, "reply_delivered", received + timedelta(days=n, hours=2))
            step(case, "reply_delivered", received + timedelta(days=n + 40))  # a second answer: not counted
            calendar_days.setdefault(unit, []).append(n)
    result = figures_by(director, period_parse("2026-Q4"), BY_CODE["unit"], today=TODAY)

    def nearest_rank_p90(values):
        ordered = sorted(values)
        return ordered[math.ceil(len(ordered) * 9 / 10) - 1]

    by_unit = {row.key: row.reply for row in result.rows}
    everything = [n for days in calendar_days.values() for n in days]
    for reply, values in [(by_unit[org.units[u].pk], calendar_days[u]) for u in answered] + [
        (result.total.reply, everything)
    ]:
        assert reply.cases == len(values)
        assert reply.calendar_avg == pytest.approx(sum(values) / len(values))
        assert reply.calendar_p90 == nearest_rank_p90(values)


TARGET_COUNTS = ("received", "proxy", "withdrawn", "completed", "satisfied", "basically", "unsatisfied")


def _target_view(breakdown) -> dict:
    return {
        row.key: (
            {code: row.counts[code] for code in TARGET_COUNTS},
            {clock: dict(states) for clock, states in row.clocks.items()},
            row.provisional,
        )
        for row in breakdown.rows
        if has_target_figures(row)
    }


@pytest.mark.parametrize("period", ["2026-10", "2026-11", "2026-12", "2026-Q4"])
def test_the_targets_read_what_the_whole_breakdown_gives(org, story, director, period):
    """``targets_by`` counts only what the targets read, and gives exactly the full breakdown's figures."""
    unit = BY_CODE["unit"]
    full = figures_by(director, period_parse(period), unit, today=TODAY)
    light = targets_by(director, period_parse(period), unit, today=TODAY)
    assert _target_view(light) == _target_view(full)
    assert [row.key for row in light.rows] == [row.key for row in full.rows if has_target_figures(row)]
    assert light.clocks == full.clocks
    assert {code: light.total.counts[code] for code in TARGET_COUNTS} == {
        code: full.total.counts[code] for code in TARGET_COUNTS
    }


def test_a_unit_with_nothing_a_target_reads_has_no_targets_row(org, director):
    # A case received in October whose only November figure is a step: the unit has a row of
    # figures for November, and nothing to judge a target on.
    case = routed_case(lead=org.units["urban"], received_at=bj(2026, 10, 20, 9), village=org.village)
    step(case, "assignment_signed", bj(2026, 11, 3, 10))
    full = figures_by(director, NOVEMBER, BY_CODE["unit"], today=TODAY)
    (row,) = full.rows
    assert row.counts["signed_out"] == 1
    assert not has_target_figures(row)
    assert targets_by(director, NOVEMBER, BY_CODE["unit"], today=TODAY).rows == []


@pytest.mark.parametrize("code", ["2026-Q4", "2026", "2026-11"])
def test_the_trend_reads_the_same_from_the_breakdown_of_its_months(
    org, story, director, code, django_assert_num_queries
):
    """Counted with the breakdown (``by_month``), the trend's received cases and clocks are what its
    own queries give; it then runs only its two other queries."""
    period = period_parse(code)
    window = trend_window(period)
    own = [(m.label, {k: n for k, n in m.counts.items() if n}) for m in trend(director, window, today=TODAY)]
    for dimension in BY_CODE.values():
        breakdown = figures_by(director, window, dimension, today=TODAY, by_month=True)
        with django_assert_num_queries(2):
            shared = trend(director, window, today=TODAY, known=breakdown.monthly)
        assert [(m.label, {k: n for k, n in m.counts.items() if n}) for m in shared] == own, dimension.code
    assert figures_by(director, window, BY_CODE["unit"], today=TODAY).monthly is None
    assert any(m.n("received") for m in shared)
    assert any(m.n("on_time") or m.n("late") for m in shared)
