"""Writes of the leaders' duties: one function per business action, keyword-only, atomic."""

from leadership.services.duty import RosterFill, duty_roster_fill
from leadership.services.proxy import proxy_reward_record
from leadership.services.reception import DeskFiling, reception_visit_record
from leadership.services.returns import (
    TeamMemberInput,
    return_mission_call_off,
    return_mission_dispatch,
    return_mission_interview,
    return_mission_open,
    return_mission_return,
    return_team_set,
)

__all__ = [
    "DeskFiling",
    "RosterFill",
    "TeamMemberInput",
    "duty_roster_fill",
    "proxy_reward_record",
    "reception_visit_record",
    "return_mission_call_off",
    "return_mission_dispatch",
    "return_mission_interview",
    "return_mission_open",
    "return_mission_return",
    "return_team_set",
]
