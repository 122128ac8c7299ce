"""The rulebook's targets (二（三）and the time limits) and whether a rate meets them.

A rate is a fraction (numerator, denominator); with nothing to count it is neither met nor
missed. Plain Python over plain data: no Django.
"""

from dataclasses import dataclass
from fractions import Fraction
from typing import Final

MET: Final = "met"
NOT_MET: Final = "not_met"
NOTHING: Final = "nothing"


@dataclass(frozen=True, slots=True)
class Target:
    code: str
    threshold: Fraction
    """The rate must reach this (at least)."""


PROXY: Final = Target("proxy_rate", Fraction(1, 2))
COMPLETION: Final = Target("completion_rate", Fraction(1))
SATISFACTION: Final = Target("satisfaction_rate", Fraction(95, 100))
ON_TIME: Final = Fraction(1)
"""Every time limit is to be kept: on time for every clock that fell due."""

TARGETS: Final = (PROXY, COMPLETION, SATISFACTION)


def rate(numerator: int, denominator: int) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


def judge(value: Fraction | None, threshold: Fraction) -> str:
    if value is None:
        return NOTHING
    return MET if value >= threshold else NOT_MET


def percent(value: Fraction | None) -> str:
    """A rate as people read it: one decimal, "—" for nothing to count."""
    if value is None:
        return "—"
    tenths = int(value * 1000 + Fraction(1, 2))
    return f"{tenths // 10}.{tenths % 10}%"
