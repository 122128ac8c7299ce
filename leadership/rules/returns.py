"""Emergency returns (应急劝返, rulebook 沥工委〔2020〕38号 二（五）), as plain data.

"对信访人赴区、市、省、国家四级信访部门及相关部门上访并要求劝返的，或者在重大节会期间（特别是等级响应
期间）上访并要求劝返的，一律由片长牵头，联村工作组、所属村干部和事权线办干部、公安派出所民警组成应急劝返组
负责劝返。劝返回来后，由片长牵头会同公安派出所在第一时间落实约访（或约谈、法制谈话、训戒……）".

A mission goes opened → dispatched → returned → interviewed (done); before the return it may be
called off (the petitioner came back alone, the request was withdrawn). Who may do what is
``ALLOWED``; the team a mission needs before it is dispatched is ``team_missing``; the follow-up
interview is "at once" when it is held within ``PROMPT_HOURS`` of the return.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Final

# Stages.
OPENED: Final = "opened"
DISPATCHED: Final = "dispatched"
RETURNED: Final = "returned"
INTERVIEWED: Final = "interviewed"
CALLED_OFF: Final = "called_off"
STAGES: Final = (OPENED, DISPATCHED, RETURNED, INTERVIEWED, CALLED_OFF)
FINISHED: Final = frozenset({INTERVIEWED, CALLED_OFF})

# Actions.
OPEN: Final = "open"
EDIT_TEAM: Final = "edit_team"
DISPATCH: Final = "dispatch"
RECORD_RETURN: Final = "record_return"
RECORD_INTERVIEW: Final = "record_interview"
CALL_OFF: Final = "call_off"
ACTIONS: Final = (OPEN, EDIT_TEAM, DISPATCH, RECORD_RETURN, RECORD_INTERVIEW, CALL_OFF)

# What a person is towards the case or the mission (computed by the service).
PETITION_OFFICE: Final = "petition_office"
"""A clerk or head of the petition office: the request for a return usually reaches it first."""
AREA_CHIEF: Final = "area_chief"
"""The chief of the area of the petitioner's village (片长), or the leader supervising the lead unit."""
OWNER: Final = "owner"
"""The leader who owns the case (包案)."""
CHIEF: Final = "chief"
"""The leader who leads this mission (片长牵头)."""
DIRECTOR: Final = "director"

ALLOWED: Final[Mapping[str, frozenset[str]]] = {
    OPEN: frozenset({PETITION_OFFICE, AREA_CHIEF, OWNER, DIRECTOR}),
    EDIT_TEAM: frozenset({CHIEF, DIRECTOR}),
    DISPATCH: frozenset({CHIEF, DIRECTOR}),
    RECORD_RETURN: frozenset({CHIEF, DIRECTOR}),
    RECORD_INTERVIEW: frozenset({CHIEF, DIRECTOR}),
    CALL_OFF: frozenset({CHIEF, DIRECTOR}),
}

# The stage each action needs, and the stage it leads to (EDIT_TEAM keeps the stage).
FROM: Final[Mapping[str, frozenset[str]]] = {
    EDIT_TEAM: frozenset({OPENED, DISPATCHED}),
    DISPATCH: frozenset({OPENED}),
    RECORD_RETURN: frozenset({DISPATCHED}),
    RECORD_INTERVIEW: frozenset({RETURNED}),
    CALL_OFF: frozenset({OPENED, DISPATCHED}),
}
TO: Final[Mapping[str, str]] = {
    DISPATCH: DISPATCHED,
    RECORD_RETURN: RETURNED,
    RECORD_INTERVIEW: INTERVIEWED,
    CALL_OFF: CALLED_OFF,
}

# Where the petitioner went (the four levels of 二（五）; the same codes as the case's skip-level record).
LEVELS: Final = ("district", "city", "province", "beijing")

# Who is on the team (应急劝返组).
TEAM_AREA_CHIEF: Final = "area_chief"
TEAM_LIAISON: Final = "liaison_team"
TEAM_VILLAGE: Final = "village_cadre"
TEAM_LINE_OFFICE: Final = "line_office_cadre"
TEAM_POLICE: Final = "police"
TEAM_ROLES: Final = (TEAM_AREA_CHIEF, TEAM_LIAISON, TEAM_VILLAGE, TEAM_LINE_OFFICE, TEAM_POLICE)

# The follow-up interview after the return.
INTERVIEW_APPOINTMENT: Final = "appointment"  # 约访
INTERVIEW_TALK: Final = "talk"  # 约谈
INTERVIEW_LEGAL_TALK: Final = "legal_talk"  # 法制谈话
INTERVIEW_ADMONITION: Final = "admonition"  # 训诫
INTERVIEW_KINDS: Final = (INTERVIEW_APPOINTMENT, INTERVIEW_TALK, INTERVIEW_LEGAL_TALK, INTERVIEW_ADMONITION)
PROMPT_HOURS: Final = 24
""""在第一时间": the center's reading, the interview within a day of the return."""

# Refusals.
REFUSED_ROLE: Final = "not_allowed"
REFUSED_STAGE: Final = "wrong_stage"
REFUSED_MISSION_OPEN: Final = "mission_open"
REFUSED_TEAM: Final = "team_incomplete"
REFUSED_ORDER: Final = "time_order"
REFUSED_FUTURE: Final = "in_future"
REFUSED_POLICE: Final = "police_absent"


def refusal(action: str, *, stage: str | None, roles: Iterable[str], open_mission: bool = False) -> str | None:
    """Why ``action`` is refused to a person with ``roles`` on a mission at ``stage`` (None: allowed).

    For OPEN, ``stage`` is None and ``open_mission`` says the case already has a mission under way:
    one return at a time per case."""
    if not ALLOWED[action] & frozenset(roles):
        return REFUSED_ROLE
    if action == OPEN:
        return REFUSED_MISSION_OPEN if open_mission else None
    if stage not in FROM[action]:
        return REFUSED_STAGE
    return None


def next_stage(action: str, stage: str) -> str:
    return TO.get(action, stage)


def team_missing(roles_on_team: Iterable[str], *, line_office_involved: bool) -> tuple[str, ...]:
    """The team roles still missing before dispatch: the area chief, the liaison team, the village
    cadres and the police station always; the line office's cadre when a line office has the matter."""
    present = frozenset(roles_on_team)
    needed = [TEAM_AREA_CHIEF, TEAM_LIAISON, TEAM_VILLAGE, TEAM_POLICE]
    if line_office_involved:
        needed.insert(3, TEAM_LINE_OFFICE)
    return tuple(role for role in needed if role not in present)


def time_refusal(when: datetime, *, after: datetime, now: datetime) -> str | None:
    """A step's time must not be before the step it follows, nor in the future."""
    if when > now:
        return REFUSED_FUTURE
    if when < after:
        return REFUSED_ORDER
    return None


def interview_prompt(returned_at: datetime, interview_at: datetime) -> bool:
    """Whether the follow-up interview was held "at once" (第一时间) after the return."""
    return interview_at - returned_at <= timedelta(hours=PROMPT_HOURS)


def is_repeat(earlier_missions: int) -> bool:
    """A return for a petitioner already brought back before: the matter is back again (确保不出现重复上访)."""
    return earlier_missions > 0
