"""The pure scoring rule: items, once per case, caps, totals (no database)."""

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

from stats.rules import scoring as r

AGRI, URBAN, TANGJIAO = ("unit", 1), ("unit", 2), ("village", 7)
D = Decimal


def fact(trigger, subject, case, day=1):
    return r.Fact(trigger, subject, case, date(2026, 4, day))


OVERDUE = r.Item(10, r.REPLY_OVERDUE, D(-2), r.UNIT, cap_quarter=D(5), cap_year=D(20))
SKIP = r.Item(11, r.SKIP_LEVEL, D(-5), r.BOTH)
VILLAGE_BONUS = r.Item(12, r.RESOLVED_AT_VILLAGE, D("1.5"), r.VILLAGE, cap_quarter=D(2))


def test_rules_import_no_django():
    tree = ast.parse(Path(r.__file__).read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(name and name.startswith("django") for name in names)


def test_each_fact_gives_the_items_points():
    lines = r.score_lines(
        [fact(r.REPLY_OVERDUE, AGRI, 100), fact(r.REPLY_OVERDUE, URBAN, 101)], [OVERDUE], period_kind=r.QUARTER
    )
    assert [(x.subject, x.case_id, x.points, x.capped) for x in lines] == [
        (AGRI, 100, D(-2), False),
        (URBAN, 101, D(-2), False),
    ]


def test_a_case_counts_once_per_item_and_subject_on_its_first_day():
    facts = [fact(r.REPLY_OVERDUE, AGRI, 100, day=9), fact(r.REPLY_OVERDUE, AGRI, 100, day=3)]
    (line,) = r.score_lines(facts, [OVERDUE], period_kind=r.QUARTER)
    assert (line.day, line.points) == (date(2026, 4, 3), D(-2))


def test_the_cap_cuts_the_case_that_reaches_it_and_zeroes_the_later_ones():
    facts = [fact(r.REPLY_OVERDUE, AGRI, 100 + n, day=n + 1) for n in range(4)]
    lines = r.score_lines(facts, [OVERDUE], period_kind=r.QUARTER)
    assert [(x.case_id, x.points, x.capped) for x in lines] == [
        (100, D(-2), False),
        (101, D(-2), False),
        (102, D(-1), True),
        (103, D(0), True),
    ]


def test_the_year_takes_the_yearly_cap():
    facts = [fact(r.REPLY_OVERDUE, AGRI, 100 + n, day=n + 1) for n in range(4)]
    lines = r.score_lines(facts, [OVERDUE], period_kind=r.YEAR)
    assert sum(x.points for x in lines) == D(-8)


def test_an_item_applies_to_units_villages_or_both():
    facts = [fact(r.SKIP_LEVEL, AGRI, 100), fact(r.SKIP_LEVEL, TANGJIAO, 100), fact(r.RESOLVED_AT_VILLAGE, AGRI, 101)]
    lines = r.score_lines(facts, [SKIP, VILLAGE_BONUS], period_kind=r.QUARTER)
    assert [(x.subject, x.item_id) for x in lines] == [(AGRI, 11), (TANGJIAO, 11)]


def test_a_bonus_cap_bounds_the_bonus():
    facts = [fact(r.RESOLVED_AT_VILLAGE, TANGJIAO, 100 + n, day=n + 1) for n in range(3)]
    lines = r.score_lines(facts, [VILLAGE_BONUS], period_kind=r.QUARTER)
    assert [x.points for x in lines] == [D("1.5"), D("0.5"), D(0)]


def test_a_trigger_without_an_item_scores_nothing():
    assert r.score_lines([fact(r.UNSATISFIED, AGRI, 100)], [OVERDUE], period_kind=r.QUARTER) == []


def test_totals_add_base_lines_and_adjustments_for_every_subject():
    lines = [r.Line(AGRI, 10, 100, date(2026, 4, 1), D(-2)), r.Line(AGRI, 12, 101, date(2026, 4, 2), D("1.5"))]
    totals = r.score_totals([AGRI, URBAN], lines, [(AGRI, D("-0.5")), (URBAN, D(3))], base=D(100))
    assert totals[AGRI] == r.Total(D(100), D(-2), D("1.5"), D("-0.5"))
    assert totals[AGRI].total == D(99)
    assert totals[URBAN].total == D(103)
