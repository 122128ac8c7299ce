"""Periods as the statistics read them: codes, half-open day ranges, neighbours, trend windows."""

from datetime import date

import pytest

from stats.rules.periods import (
    PeriodError,
    months_in,
    neighbours,
    period_parse,
    range_of,
    trend_window,
)
from stats.rules.targets import MET, NOT_MET, NOTHING, judge, percent, rate


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2026-11", date(2026, 11, 1), date(2026, 12, 1)),
        ("2026-12", date(2026, 12, 1), date(2027, 1, 1)),
        ("2026-Q4", date(2026, 10, 1), date(2027, 1, 1)),
        ("2026-q1", date(2026, 1, 1), date(2026, 4, 1)),
        ("2026", date(2026, 1, 1), date(2027, 1, 1)),
        ("2026-11-03~2026-11-20", date(2026, 11, 3), date(2026, 11, 21)),
        ("2024-02", date(2024, 2, 1), date(2024, 3, 1)),
    ],
)
def test_period_parse_gives_half_open_days(code, start, end):
    period = period_parse(code)
    assert (period.start, period.end) == (start, end)
    assert period_parse(period.code) == period


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("", PeriodError.UNKNOWN),
        ("2026-13", PeriodError.UNKNOWN),
        ("2026-Q5", PeriodError.UNKNOWN),
        ("November", PeriodError.UNKNOWN),
        ("1999", PeriodError.OUT_OF_RANGE),
        ("2026-02-30~2026-03-01", PeriodError.UNKNOWN),
        ("2026-11-20~2026-11-03", PeriodError.BACKWARDS),
        ("2020-01-01~2026-01-01", PeriodError.TOO_LONG),
    ],
)
def test_period_parse_refuses_what_names_no_period(code, error):
    with pytest.raises(PeriodError) as raised:
        period_parse(code)
    assert raised.value.code == error


def test_neighbours_step_by_the_same_kind():
    assert [p.code for p in neighbours(period_parse("2026-01"))] == ["2025-12", "2026-02"]
    assert [p.code for p in neighbours(period_parse("2026-Q1"))] == ["2025-Q4", "2026-Q2"]
    assert [p.code for p in neighbours(period_parse("2026"))] == ["2025", "2027"]
    assert neighbours(range_of(date(2026, 1, 5), date(2026, 1, 9))) == (None, None)


def test_trend_window_is_the_periods_months_or_the_twelve_before_a_month():
    assert [m.code for m in months_in(period_parse("2026-Q4"))] == ["2026-10", "2026-11", "2026-12"]
    window = trend_window(period_parse("2026-11"))
    assert months_in(window)[0].code == "2025-12"
    assert months_in(window)[-1].code == "2026-11"
    assert len(months_in(window)) == 12
    ranged = trend_window(range_of(date(2026, 10, 20), date(2026, 11, 3)))
    assert (ranged.start, ranged.end) == (date(2026, 10, 1), date(2026, 12, 1))


def test_targets_judge_rates_and_nothing_to_count():
    assert judge(rate(1, 2), rate(1, 2)) == MET
    assert judge(rate(94, 100), rate(95, 100)) == NOT_MET
    assert judge(rate(0, 0), rate(1, 1)) == NOTHING
    assert percent(rate(2, 3)) == "66.7%"
    assert percent(rate(1, 8)) == "12.5%"
    assert percent(None) == "—"
