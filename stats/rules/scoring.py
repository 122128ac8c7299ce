"""Scoring (季考评、年考核, 二（七））: from the facts found on the case record and a scheme's items to
the lines of each unit's and village's score, caps applied.

Plain Python over plain data: no Django, no clock.

- A fact is one trigger that happened on one day to one case, for one subject (a unit or a village).
- An item of the scheme gives each of its trigger's facts its points (negative: a deduction),
  once per case, subject and period: the case's first fact in the period counts.
- A cap bounds the points an item gives one subject in a period (per quarter, per year): facts are
  taken in order of day and case; the one that reaches the cap gets what is left, later ones get
  0 and stay on the list (marked ``capped``) so that the explanation shows every case.
- A subject's total is the scheme's base, plus its lines, plus the director's adjustments.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

FIRST_CONTACT_LATE: Final = "first_contact_late"
REPLY_OVERDUE: Final = "reply_overdue"
REOPENED: Final = "reopened"
REPEAT_AFTER_REPLY: Final = "repeat_after_reply"
SKIP_LEVEL: Final = "skip_level"
REINVESTIGATION_LATE: Final = "reinvestigation_late"
UNSATISFIED: Final = "unsatisfied"
SATISFIED: Final = "satisfied"
RESOLVED_AT_VILLAGE: Final = "resolved_at_village"
TRIGGERS: Final = (
    FIRST_CONTACT_LATE,
    REPLY_OVERDUE,
    REOPENED,
    REPEAT_AFTER_REPLY,
    SKIP_LEVEL,
    REINVESTIGATION_LATE,
    UNSATISFIED,
    SATISFIED,
    RESOLVED_AT_VILLAGE,
)

UNIT: Final = "unit"
VILLAGE: Final = "village"
BOTH: Final = "both"

QUARTER: Final = "quarter"
YEAR: Final = "year"

Subject = tuple[str, int]
"""``("unit", pk)`` or ``("village", pk)``."""


@dataclass(frozen=True, slots=True)
class Fact:
    trigger: str
    subject: Subject
    case_id: int
    day: date


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    trigger: str
    points: Decimal
    applies_to: str = UNIT
    cap_quarter: Decimal | None = None
    cap_year: Decimal | None = None

    def cap(self, period_kind: str) -> Decimal | None:
        return self.cap_year if period_kind == YEAR else self.cap_quarter

    def applies(self, subject: Subject) -> bool:
        return self.applies_to in (BOTH, subject[0])


@dataclass(frozen=True, slots=True)
class Line:
    subject: Subject
    item_id: int
    case_id: int
    day: date
    points: Decimal
    capped: bool = False


@dataclass(frozen=True, slots=True)
class Total:
    base: Decimal
    deductions: Decimal
    bonuses: Decimal
    adjustments: Decimal

    @property
    def total(self) -> Decimal:
        return self.base + self.deductions + self.bonuses + self.adjustments


def _first_per_case(facts: Iterable[Fact]) -> dict[tuple[str, Subject], list[Fact]]:
    """Each (trigger, subject)'s facts, one per case (its first), in order of day and case."""
    first: dict[tuple[str, Subject, int], Fact] = {}
    for fact in facts:
        key = (fact.trigger, fact.subject, fact.case_id)
        if key not in first or fact.day < first[key].day:
            first[key] = fact
    grouped: dict[tuple[str, Subject], list[Fact]] = defaultdict(list)
    for fact in sorted(first.values(), key=lambda f: (f.day, f.case_id)):
        grouped[(fact.trigger, fact.subject)].append(fact)
    return grouped


def _capped(item: Item, facts: list[Fact], cap: Decimal | None) -> list[Line]:
    lines, used = [], Decimal(0)
    for fact in facts:
        points = item.points
        capped = False
        if cap is not None:
            left = max(cap - used, Decimal(0))
            if abs(points) > left:
                points, capped = (left if points > 0 else -left), True
        used += abs(points)
        lines.append(Line(fact.subject, item.id, fact.case_id, fact.day, points, capped))
    return lines


def score_lines(facts: Iterable[Fact], items: Iterable[Item], *, period_kind: str) -> list[Line]:
    """The lines of every subject: each item's facts, once per case, caps applied."""
    grouped = _first_per_case(facts)
    lines: list[Line] = []
    for item in items:
        for (trigger, subject), of_subject in sorted(grouped.items(), key=lambda kv: kv[0][1]):
            if trigger == item.trigger and item.applies(subject):
                lines.extend(_capped(item, of_subject, item.cap(period_kind)))
    return lines


def score_totals(
    subjects: Iterable[Subject],
    lines: Iterable[Line],
    adjustments: Iterable[tuple[Subject, Decimal]],
    *,
    base: Decimal,
) -> dict[Subject, Total]:
    """Each subject's base, deductions, bonuses and adjustments (every subject, lines or not)."""
    minus: dict[Subject, Decimal] = defaultdict(Decimal)
    plus: dict[Subject, Decimal] = defaultdict(Decimal)
    adjusted: dict[Subject, Decimal] = defaultdict(Decimal)
    for line in lines:
        (minus if line.points < 0 else plus)[line.subject] += line.points
    for subject, points in adjustments:
        adjusted[subject] += points
    return {s: Total(base, minus[s], plus[s], adjusted[s]) for s in subjects}
