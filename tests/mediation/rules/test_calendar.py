"""Working-day arithmetic against the official 2024–2026 schedules and the provisional rule;
reading a new year's schedule, and the warning when one is missing."""

import random
from datetime import date, timedelta

import chinese_calendar
import pytest

from mediation.calendar_source import holiday_names, official_calendar, official_calendar_data
from mediation.rules import calendar as calendar_rules
from mediation.rules.calendar import WINDOW_FIRST, WINDOW_LAST, WorkCalendar, empty_calendar


@pytest.fixture
def cal() -> WorkCalendar:
    return official_calendar()


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _oracle_is_working(d: date) -> bool:
    """Independent of the tables: the package for the years it covers, else weekdays but 1 January."""
    if 2004 <= d.year <= 2026:
        return chinese_calendar.is_workday(d)
    return d.weekday() < 5 and (d.month, d.day) != (1, 1)


def _oracle_add_working_days(start: date, n: int) -> date:
    d = start
    if n == 0:
        while not _oracle_is_working(d):
            d += timedelta(days=1)
        return d
    while n:
        d += timedelta(days=1)
        n -= _oracle_is_working(d)
    return d


# -- the official data ---------------------------------------------------------------------------


def test_official_data_covers_2004_to_2026():
    _holidays, _adjusted, known_years = official_calendar_data()
    assert known_years == frozenset(range(2004, 2027))


def test_official_data_has_spring_festival_2025():
    holidays, adjusted, _years = official_calendar_data()
    assert set(_days(date(2025, 1, 28), date(2025, 2, 4))) <= holidays
    assert {date(2025, 1, 26), date(2025, 2, 8)} <= adjusted


def test_official_data_adjusted_workdays_are_weekend_days():
    _holidays, adjusted, _years = official_calendar_data()
    assert all(d.weekday() >= 5 for d in adjusted)


def test_official_calendar_agrees_with_package_every_day_2024_to_2026(cal):
    for d in _days(date(2024, 1, 1), date(2026, 12, 31)):
        assert cal.is_working_day(d) == chinese_calendar.is_workday(d), d


def test_holiday_names_are_chinese():
    names = holiday_names()
    assert names[date(2025, 1, 29)] == "春节"
    assert names[date(2025, 10, 1)] == "国庆节"


# -- which days work -----------------------------------------------------------------------------


def test_spring_festival_2025_is_rest(cal):
    assert not any(cal.is_working_day(d) for d in _days(date(2025, 1, 28), date(2025, 2, 4)))


def test_national_day_2025_is_rest(cal):
    assert not any(cal.is_working_day(d) for d in _days(date(2025, 10, 1), date(2025, 10, 8)))


@pytest.mark.parametrize(
    "day",
    [date(2025, 1, 26), date(2025, 2, 8), date(2025, 9, 28), date(2025, 10, 11)],
)
def test_adjusted_weekend_day_is_working(cal, day):
    assert day.weekday() >= 5
    assert cal.is_working_day(day)


def test_ordinary_weekend_is_rest(cal):
    assert not cal.is_working_day(date(2025, 3, 8))
    assert not cal.is_working_day(date(2025, 3, 9))


# -- add_working_days ----------------------------------------------------------------------------


def test_one_working_day_from_friday_is_monday(cal):
    assert cal.add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)


def test_due_date_skips_adjusted_holiday(cal):
    # Friday 24 January 2025: the adjusted Sunday 26th works, then Spring Festival until 4 February.
    assert cal.add_working_days(date(2025, 1, 24), 1) == date(2025, 1, 26)
    assert cal.add_working_days(date(2025, 1, 24), 2) == date(2025, 1, 27)
    assert cal.add_working_days(date(2025, 1, 24), 3) == date(2025, 2, 5)


def test_fifteen_working_days_span_national_day_2025(cal):
    # 9/28 (adjusted Sunday), 9/29, 9/30, holiday 10/1–10/8, 10/9, 10/10, 10/11 (adjusted Saturday), ...
    assert cal.add_working_days(date(2025, 9, 26), 15) == date(2025, 10, 23)


def test_receipt_on_holiday_counts_from_next_working_day(cal):
    assert cal.add_working_days(date(2025, 10, 3), 1) == date(2025, 10, 9)
    assert cal.add_working_days(date(2025, 10, 3), 0) == date(2025, 10, 9)


def test_zero_working_days_on_working_day_is_same_day(cal):
    assert cal.add_working_days(date(2025, 10, 11), 0) == date(2025, 10, 11)


def test_add_working_days_rejects_negative(cal):
    with pytest.raises(ValueError, match="n must be >= 0"):
        cal.add_working_days(date(2025, 3, 7), -1)


def test_add_working_days_matches_naive_loop_2004_to_2026(cal):
    rng = random.Random(20250126)
    first, last = date(2004, 1, 1).toordinal(), date(2026, 12, 31).toordinal()
    for _ in range(3000):
        start = date.fromordinal(rng.randint(first, last))
        n = rng.randint(0, 40)
        assert cal.add_working_days(start, n) == _oracle_add_working_days(start, n), (start, n)


@pytest.mark.parametrize("start", [date(1999, 12, 20), date(1999, 12, 31), date(2100, 12, 20), date(2100, 12, 31)])
def test_add_working_days_outside_window_matches_naive_loop(cal, start):
    for n in range(30):
        assert cal.add_working_days(start, n) == _oracle_add_working_days(start, n), (start, n)


def test_window_edges_are_consistent(cal):
    assert cal.add_working_days(WINDOW_FIRST - timedelta(days=1), 1) == _oracle_add_working_days(
        WINDOW_FIRST - timedelta(days=1), 1
    )
    assert cal.add_working_days(WINDOW_LAST, 1) == _oracle_add_working_days(WINDOW_LAST, 1)


# -- add_calendar_days ---------------------------------------------------------------------------


def test_calendar_days_ending_on_holiday_move_to_next_working_day(cal):
    # 26 September 2025 + 7 = 3 October, inside National Day: the period ends on 9 October.
    assert cal.add_calendar_days(date(2025, 9, 26), 7) == date(2025, 10, 9)


def test_calendar_days_ending_on_weekend_move_to_monday(cal):
    assert cal.add_calendar_days(date(2025, 3, 8), 7) == date(2025, 3, 17)


def test_calendar_days_ending_on_adjusted_workday_stay(cal):
    assert cal.add_calendar_days(date(2025, 10, 4), 7) == date(2025, 10, 11)


def test_calendar_days_ending_on_working_day_are_plain(cal):
    assert cal.add_calendar_days(date(2025, 4, 30), 7) == date(2025, 5, 7)


def test_add_calendar_days_rejects_negative(cal):
    with pytest.raises(ValueError, match="n must be >= 0"):
        cal.add_calendar_days(date(2025, 3, 7), -1)


def test_add_calendar_days_matches_naive_rule(cal):
    rng = random.Random(20251001)
    first, last = date(2004, 1, 1).toordinal(), date(2026, 12, 31).toordinal()
    for _ in range(3000):
        start = date.fromordinal(rng.randint(first, last))
        n = rng.randint(0, 90)
        expected = start + timedelta(days=n)
        while not _oracle_is_working(expected):
            expected += timedelta(days=1)
        assert cal.add_calendar_days(start, n) == expected, (start, n)


def test_add_calendar_days_past_window(cal):
    # 31 December 2100 + 1 = 1 January 2101 (New Year's Day, a Saturday): Monday 3 January.
    assert cal.add_calendar_days(WINDOW_LAST, 1) == date(2101, 1, 3)


# -- provisional years ---------------------------------------------------------------------------


def test_provisional_year_counts_weekdays_except_new_year(cal):
    # 1 January 2027 is a Friday and a holiday; 2 and 3 January are a weekend.
    assert cal.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert cal.is_provisional(date(2027, 1, 4))
    assert cal.provisional_in(date(2026, 12, 31), date(2027, 1, 4))


def test_provisional_year_ignores_unpublished_spring_festival(cal):
    # Spring Festival 2027 falls on 6 February, but the schedule is unknown: weekdays work.
    assert cal.add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 8)
    assert cal.is_working_day(date(2027, 2, 8))


def test_known_year_is_not_provisional(cal):
    assert not cal.is_provisional(date(2026, 12, 31))
    assert not cal.provisional_in(date(2026, 1, 1), date(2026, 12, 31))


def test_provisional_in_is_empty_for_reversed_range(cal):
    assert not cal.provisional_in(date(2027, 1, 5), date(2027, 1, 4))


def test_empty_calendar_is_all_provisional():
    cal = empty_calendar()
    assert cal.is_provisional(date(2025, 10, 1))
    assert cal.is_working_day(date(2025, 10, 1))  # Wednesday; National Day is unknown to it
    assert not cal.is_working_day(date(2025, 1, 1))
    assert cal.add_working_days(date(2025, 9, 26), 15) == date(2025, 10, 17)


# -- working_days_between ------------------------------------------------------------------------


def test_working_days_between_counts_after_start_through_end(cal):
    assert cal.working_days_between(date(2025, 9, 26), date(2025, 10, 23)) == 15


def test_working_days_between_holiday_only_is_zero(cal):
    assert cal.working_days_between(date(2025, 9, 30), date(2025, 10, 8)) == 0


def test_working_days_between_reversed_or_equal_is_zero(cal):
    assert cal.working_days_between(date(2025, 10, 23), date(2025, 10, 23)) == 0
    assert cal.working_days_between(date(2025, 10, 23), date(2025, 9, 26)) == 0


def test_working_days_between_inverts_add_working_days(cal):
    rng = random.Random(7)
    first, last = date(2004, 1, 1).toordinal(), date(2026, 12, 31).toordinal()
    for _ in range(1000):
        start = date.fromordinal(rng.randint(first, last))
        n = rng.randint(1, 40)
        assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


def test_working_days_between_outside_window(cal):
    assert cal.working_days_between(date(1999, 12, 30), date(2000, 1, 4)) == 3  # 12/31, 1/3, 1/4
    assert cal.working_days_between(date(2100, 12, 30), date(2101, 1, 4)) == 3  # 12/31, 1/3, 1/4


# -- the value itself ----------------------------------------------------------------------------


def test_calendars_with_same_data_are_equal_and_hashable(cal):
    holidays, adjusted, years = official_calendar_data()
    other = WorkCalendar(holidays=holidays, adjusted_workdays=adjusted, known_years=years)
    cal.add_working_days(date(2025, 1, 1), 1)  # builds the tables of one of them only
    assert other == cal
    assert hash(other) == hash(cal)


def test_calendar_is_frozen(cal):
    with pytest.raises(AttributeError):
        cal.known_years = frozenset()  # type: ignore[misc]


def test_repr_is_short(cal):
    assert repr(cal) == "WorkCalendar(known_years=2004..2026, holidays=621, adjusted_workdays=150)"


def test_a_schedule_is_read_with_every_problem_named():
    days = calendar_rules.parse_schedule(2027, "2027-01-01 holiday 元旦\n# comment\n\n2027-02-20 班 春节调休\n")
    assert [(d.day, d.kind, d.name) for d in days] == [
        (date(2027, 1, 1), "holiday", "元旦"),
        (date(2027, 2, 20), "adjusted_workday", "春节调休"),
    ]
    with pytest.raises(calendar_rules.ScheduleError) as error:
        calendar_rules.parse_schedule(
            2027,
            "2027-01-01 holiday 元旦\n2026-12-31 holiday 跨年\n2027-01-01 holiday 重复\n2027-02-01 vacation 某\n"
            "2027-13-01 holiday 坏\n2027-02-01 workday 本是周一\n孤零零",
        )
    problems = error.value.problems
    assert problems[0] == "第2行：日期 2026-12-31 不在 2027 年内"
    assert problems[1] == "第3行：日期 2027-01-01 与第1行重复"
    assert "第4行：类型“vacation”无法识别" in problems[2]
    assert "第5行：日期“2027-13-01”无法识别" in problems[3]
    assert "第6行：2027-02-01 本是工作日" in problems[4]
    assert "第7行：应写为" in problems[5]
    with pytest.raises(calendar_rules.ScheduleError, match="至少应有一个放假日"):
        calendar_rules.parse_schedule(2027, "")


def test_the_missing_year_is_announced_from_the_warning_day():
    known = frozenset({2025, 2026})
    assert calendar_rules.missing_year_to_warn(date(2026, 10, 31), known) is None
    assert calendar_rules.missing_year_to_warn(date(2026, 11, 1), known) == 2027
    assert calendar_rules.missing_year_to_warn(date(2026, 11, 1), known | {2027}) is None
    assert calendar_rules.missing_year_to_warn(date(2027, 2, 1), known) == 2027
    assert calendar_rules.missing_year_to_warn(date(2026, 10, 1), known, (10, 1)) == 2027
