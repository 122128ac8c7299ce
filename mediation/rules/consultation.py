"""每周一会商 (二（一） "基层单位每周一会商"): each unit's weekly consultation over its open cases.

The agenda is the unit's open cases, each with why it is on it: late (a clock past its date),
escalated (一（四）), newly assigned since the last consultation, or simply open. A unit that held no
consultation in a past week that had working days skipped it; the director sees which.

Plain Python over plain data: no Django, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Final

LATE: Final = "late"
ESCALATED: Final = "escalated"
NEW: Final = "new"
OPEN: Final = "open"
REASONS: Final = (LATE, ESCALATED, NEW, OPEN)
REASON_LABELS: Final[Mapping[str, str]] = {
    LATE: "已超期",
    ESCALATED: "升级件（重复、越级、集体、极端）",
    NEW: "新交办",
    OPEN: "在办",
}


def week_start(day: date) -> date:
    """The Monday of the day's week (the consultation's week)."""
    return day - timedelta(days=day.weekday())


def agenda_reasons(*, overdue: bool, escalated: bool, assigned_on: date | None, since: date | None) -> tuple[str, ...]:
    """Why a case is on the agenda, in a fixed order; "open" when nothing more pressing.

    ``since`` is the day of the unit's last consultation (None: it never held one, so every
    assignment is new).
    """
    reasons = []
    if overdue:
        reasons.append(LATE)
    if escalated:
        reasons.append(ESCALATED)
    if assigned_on is not None and (since is None or assigned_on > since):
        reasons.append(NEW)
    return tuple(reasons) or (OPEN,)


def agenda_order(reasons: tuple[str, ...]) -> int:
    """Sort key: late first, then escalated, new, open."""
    return min(REASONS.index(r) for r in reasons)


def weeks_skipped(held: Iterable[date], *, working_weeks: Iterable[date], this_week: date) -> list[date]:
    """The past weeks (Mondays) that had working days and no consultation, oldest first.

    The current week is not skipped yet: the unit may still meet before it ends.
    """
    met = {week_start(d) for d in held}
    return sorted(w for w in set(working_weeks) if w < this_week and w not in met)
