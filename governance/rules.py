"""Governance as data: risk levels, the screening month, which screened disputes become cases.

Plain Python over plain data: no Django, no clock (``today`` is a parameter).
"""

from collections.abc import Iterable
from datetime import date
from typing import Final

LOW: Final = "low"
MEDIUM: Final = "medium"
HIGH: Final = "high"
RISK_LEVELS: Final = (LOW, MEDIUM, HIGH)

ESCALATED_RISK_LEVELS: Final = frozenset({HIGH})
"""A screened dispute of these risk levels becomes a case at the center on its own (矛盾纠纷排查)."""


def screening_month(day: date) -> date:
    """The month a screening filed on ``day`` is for: the first day of that month."""
    return day.replace(day=1)


def escalates(risk_level: str) -> bool:
    """Whether a screened dispute of ``risk_level`` becomes a case at the center."""
    if risk_level not in RISK_LEVELS:
        raise ValueError(f"unknown risk level {risk_level!r}; expected one of {RISK_LEVELS}")
    return risk_level in ESCALATED_RISK_LEVELS


def villages_not_filed(villages: Iterable[int], filed: Iterable[int]) -> list[int]:
    """The villages (ids, in the order given) that have not filed this month's screening."""
    done = set(filed)
    return [village for village in villages if village not in done]
