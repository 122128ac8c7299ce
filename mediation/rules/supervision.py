"""督办 (二（一） "分管领导督办"): a leader's written supervision order to the lead unit, and its answer.

The leader supervising the lead unit (or the area chief of a liaison team), the owning leader and the
director issue an order with instructions and a date to answer by; the lead unit (its head or a
handler) answers it in writing. One order is open on a case at a time, so the unit is never asked
two things at once; the issuer sees the answer and may issue the next. The roles are those of
``mediation.rules.oversight``.

Plain Python over plain data: no Django, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final

from mediation.rules import oversight as ov

ISSUE: Final = "issue_supervision"
ANSWER: Final = "answer_supervision"
ACTIONS: Final = (ISSUE, ANSWER)

ALLOWED: Final[Mapping[str, frozenset[str]]] = {
    ISSUE: frozenset({ov.LEAD_SUPERVISOR, ov.OWNER, ov.DIRECTOR}),
    ANSWER: frozenset({ov.LEAD_HEAD, ov.LEAD_HANDLER}),
}

REFUSED_ROLE: Final = "role"
REFUSED_CLOSED: Final = "closed"
REFUSED_NOT_ASSIGNED: Final = "not_assigned"
REFUSED_ORDER_OPEN: Final = "order_open"
REFUSED_NO_ORDER: Final = "no_order"


def refusal(action: str, *, terminal: bool, assigned: bool, order_open: bool, roles: Iterable[str]) -> str | None:
    """Why ``action`` is refused now (a ``REFUSED_*`` code), or None. The case's state comes first."""
    if action not in ALLOWED:
        raise ValueError(f"unknown supervision action {action!r}")
    if terminal:
        return REFUSED_CLOSED
    if not assigned:
        return REFUSED_NOT_ASSIGNED
    if action == ISSUE and order_open:
        return REFUSED_ORDER_OPEN
    if action == ANSWER and not order_open:
        return REFUSED_NO_ORDER
    if not ALLOWED[action] & frozenset(roles):
        return REFUSED_ROLE
    return None


def allowed_actions(*, terminal: bool, assigned: bool, order_open: bool, roles: Iterable[str]) -> tuple[str, ...]:
    held = frozenset(roles)
    return tuple(
        a
        for a in ACTIONS
        if refusal(a, terminal=terminal, assigned=assigned, order_open=order_open, roles=held) is None
    )


def answer_by_valid(answer_by: date, today: date) -> bool:
    """The date to answer by is today or later (a leader cannot ask for yesterday)."""
    return answer_by >= today


def is_overdue(answer_by: date, today: date, *, answered: bool) -> bool:
    return not answered and today > answer_by
