"""Reception days (班子成员定点接访, rulebook 二（六）), as plain data.

"街道班子成员要根据信访办的每周排班情况（周一至周五，原则上为当天的带班领导），主动到街道信访接待室开展定点
接访工作……信访办要协助班子成员抓好接待登记、现场会商、跟踪落实等工作".

``roster_plan`` fills the roster of coming working days from the week template (a leader per
weekday, Monday to Friday) and the exceptions (a day with another leader, or a day left open);
an adjusted working day at a weekend takes only an exception. ``RECORD`` says who writes the
reception log: the day's duty leader, the petition office assisting at the desk, the director.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

WEEKDAYS: Final = (0, 1, 2, 3, 4)  # Monday to Friday
MAX_WEEKS: Final = 12

# Who is who towards a reception day (computed by the service).
DUTY_LEADER: Final = "duty_leader"
PETITION_OFFICE: Final = "petition_office"
DIRECTOR: Final = "director"
RECORD: Final = frozenset({DUTY_LEADER, PETITION_OFFICE, DIRECTOR})


@dataclass(frozen=True)
class Plan:
    """What the roster should say: day → leader id, and the working days nobody covers."""

    days: Mapping[date, int]
    gaps: tuple[date, ...]


def roster_plan(
    *,
    start: date,
    weeks: int,
    template: Mapping[int, int],
    exceptions: Mapping[date, int | None],
    is_working_day: Callable[[date], bool],
) -> Plan:
    """The duty leader of every working day from ``start`` (inclusive), ``weeks`` weeks long.

    ``template`` maps a weekday (0 = Monday … 4 = Friday) to a leader id; ``exceptions`` maps a
    date to a leader id, or None for a day deliberately left open. A public holiday is no working
    day and gets nobody; a working day without a leader is a gap, reported, never guessed.
    """
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be 1 to {MAX_WEEKS}")
    days: dict[date, int] = {}
    gaps: list[date] = []
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        if not is_working_day(day):
            continue
        if day in exceptions:
            leader = exceptions[day]
        else:
            leader = template.get(day.weekday()) if day.weekday() in WEEKDAYS else None
        if leader is None:
            gaps.append(day)
        else:
            days[day] = leader
    return Plan(days=days, gaps=tuple(gaps))


def roster_changes(plan: Plan, current: Mapping[date, int]) -> dict[date, int]:
    """Only the days whose leader the plan changes (running the fill twice changes nothing)."""
    return {day: leader for day, leader in plan.days.items() if current.get(day) != leader}


def may_record(roles: Iterable[str]) -> bool:
    return bool(RECORD & frozenset(roles))
