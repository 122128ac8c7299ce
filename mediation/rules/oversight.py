"""Oversight of escalated cases: the warning slip, the re-investigation, the five duties, the conference.

Rulebook 沥工委〔2020〕38号:

- 一（三） "对5人以上赴街道集体信访或个别信访人采取吵闹、静坐、滞留等极端方式信访的，在信访办出面接待的
  同时，相关事权责任线办（联村工作组）主要负责人或分管领导（片长）必须同步出面接待";
- 一（四） "因初信初访办理不到位，引起多次重复访（3次以上）、越级访（到绍赴省进京）、集体访、极端信访行为
  等问题，必须由分管领导（或片长）直接负责承办";
- 二（二） "由街道信访办对责任线（办）主要负责人、联村工作组组长发放《信访事项预警提醒单》，同时抄报街道
  分管领导（或片长）、主要领导。责任线（办）、联村工作组在收到《信访事项预警提醒单》后，必须在7个工作日内
  再次作出调查核实，剖析问题原因，会商化解和稳控方案……原因分析、化解、稳控措施落实材料经分管领导（或片长）
  审阅签字后报街道信访办";
- 二（四） "要严格落实包掌握情况、包思想转化、包解决化解、包承诺息访、包教育稳控的‘五包责任制’。承担包案
  化解的分管领导（或片长）要牵头召开专题分析会，查找问题症结，研究化解措施".

Who may do what is data (``ALLOWED``): the petition office issues the slip (the discipline office
for a complaint about an official's conduct, which the petition office never sees); a member of
the lead unit (its head or a handler) files the re-investigation report; the supervising leader
of the lead unit (the area chief for a liaison team) signs it or returns it; the owning leader
(or the director) records the five duties and the case conference.

Plain Python over plain data: no Django, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from mediation.rules.routing import OrgSnapshot, RoutingDecision

# Actions (also the refusal vocabulary's subjects).
ISSUE_SLIP: Final = "issue_slip"
FILE_REPORT: Final = "file_report"
SIGN_REPORT: Final = "sign_report"
RETURN_REPORT: Final = "return_report"
RECORD_DUTY: Final = "record_duty"
RECORD_CONFERENCE: Final = "record_conference"
RECORD_APPOINTMENT: Final = "record_appointment"
RECORD_ESCALATION: Final = "record_escalation"
"""A skip-level petition, a group visit or extreme behaviour that happens after intake (issue 17)."""
ACTIONS: Final = (
    ISSUE_SLIP,
    FILE_REPORT,
    SIGN_REPORT,
    RETURN_REPORT,
    RECORD_DUTY,
    RECORD_CONFERENCE,
    RECORD_APPOINTMENT,
    RECORD_ESCALATION,
)

# What a person is towards an escalated case (computed by the service).
PETITION_OFFICE: Final = "petition_office"
"""A clerk or head of the petition office (of the discipline office for a conduct complaint)."""
LEAD_HANDLER: Final = "lead_handler"
LEAD_HEAD: Final = "lead_head"
LEAD_SUPERVISOR: Final = "lead_supervisor"
"""The leader supervising the lead unit (Leader.supervised_units), or the chief of a liaison team's area."""
OWNER: Final = "owner"
"""The owning leader of the case (Routing.owner)."""
DIRECTOR: Final = "director"

ALLOWED: Final[Mapping[str, frozenset[str]]] = {
    ISSUE_SLIP: frozenset({PETITION_OFFICE}),
    FILE_REPORT: frozenset({LEAD_HANDLER, LEAD_HEAD}),
    SIGN_REPORT: frozenset({LEAD_SUPERVISOR}),
    RETURN_REPORT: frozenset({LEAD_SUPERVISOR}),
    RECORD_DUTY: frozenset({OWNER, DIRECTOR}),
    RECORD_CONFERENCE: frozenset({OWNER, DIRECTOR}),
    RECORD_APPOINTMENT: frozenset({OWNER, DIRECTOR}),
    RECORD_ESCALATION: frozenset({PETITION_OFFICE, LEAD_HANDLER, LEAD_HEAD, LEAD_SUPERVISOR, OWNER, DIRECTOR}),
}

# The five duties of 二（四）, in the rulebook's order, with its words.
DUTY_KNOW: Final = "know"
DUTY_WIN_OVER: Final = "win_over"
DUTY_RESOLVE: Final = "resolve"
DUTY_COMMITMENT: Final = "commitment"
DUTY_STABILISE: Final = "stabilise"
DUTY_LABELS: Final[Mapping[str, str]] = {
    DUTY_KNOW: "包掌握情况",
    DUTY_WIN_OVER: "包思想转化",
    DUTY_RESOLVE: "包解决化解",
    DUTY_COMMITMENT: "包承诺息访",
    DUTY_STABILISE: "包教育稳控",
}
DUTIES: Final = tuple(DUTY_LABELS)

# Refusal codes (the service turns each into a translated message).
REFUSED_ROLE: Final = "role"
REFUSED_NOT_ESCALATED: Final = "not_escalated"
REFUSED_NOT_ASSIGNED: Final = "not_assigned"
REFUSED_CLOSED: Final = "closed"
REFUSED_SLIP_OPEN: Final = "slip_open"
REFUSED_NO_SLIP: Final = "no_slip"
REFUSED_REPORT_PENDING: Final = "report_pending"
REFUSED_NO_REPORT: Final = "no_report"
REFUSED_UNKNOWN_DUTY: Final = "unknown_duty"


@dataclass(frozen=True, slots=True)
class OversightState:
    """Where an escalated case stands: is it escalated, signed out, and how far its slip has gone."""

    escalated: bool
    assigned: bool
    """Signed out to a lead unit (the slip goes to that unit)."""
    terminal: bool
    """Closed or withdrawn."""
    slip_open: bool
    """A warning slip whose re-investigation report is not signed yet."""
    report_pending: bool
    """A filed report waits for the supervising leader's signature."""


def roles_allowed(action: str) -> frozenset[str]:
    """Who may take ``action`` (unknown actions: nobody)."""
    return ALLOWED.get(action, frozenset())


def refusal(action: str, state: OversightState, roles: Iterable[str]) -> str | None:
    """Why ``action`` is refused now (a ``REFUSED_*`` code), or None if it may go ahead.

    The state is checked before the role, so that a person is told what the case lacks.
    """
    if action not in ALLOWED:
        raise ValueError(f"unknown oversight action {action!r}")
    if state.terminal:
        return REFUSED_CLOSED
    if not state.escalated and action == ISSUE_SLIP:
        return REFUSED_NOT_ESCALATED
    if not state.assigned and action == ISSUE_SLIP:
        return REFUSED_NOT_ASSIGNED
    if action == ISSUE_SLIP and state.slip_open:
        return REFUSED_SLIP_OPEN
    if action == FILE_REPORT:
        if not state.slip_open:
            return REFUSED_NO_SLIP
        if state.report_pending:
            return REFUSED_REPORT_PENDING
    if action in {SIGN_REPORT, RETURN_REPORT} and not state.report_pending:
        return REFUSED_NO_REPORT
    if action in {RECORD_DUTY, RECORD_CONFERENCE, RECORD_APPOINTMENT} and not state.escalated:
        return REFUSED_NOT_ESCALATED
    if not roles_allowed(action) & frozenset(roles):
        return REFUSED_ROLE
    return None


def allowed_actions(state: OversightState, roles: Iterable[str]) -> tuple[str, ...]:
    """The actions the person may take now, in a fixed order (for forms and buttons)."""
    held = frozenset(roles)
    return tuple(action for action in ACTIONS if refusal(action, state, held) is None)


def duty_check(code: str) -> str:
    """The duty code if it is one of the five, else ValueError."""
    if code not in DUTY_LABELS:
        raise ValueError(f"unknown duty {code!r}; expected one of {list(DUTIES)}")
    return code


def duties_outstanding(done: Iterable[str]) -> tuple[str, ...]:
    """The duties not recorded yet, in the rulebook's order."""
    recorded = frozenset(done)
    return tuple(code for code in DUTIES if code not in recorded)


# --- what a leader-led case needs before its completion (二（四）, 一（二）) --------------------------

REQUIRE_CONFERENCE: Final = "conference"
REQUIRE_REINVESTIGATION: Final = "reinvestigation"
REQUIRE_APPOINTMENT: Final = "appointment"
REQUIRE_SITE_VISIT: Final = "site_visit"
REQUIREMENT_LABELS: Final[Mapping[str, str]] = {
    **DUTY_LABELS,
    REQUIRE_CONFERENCE: "召开专题分析会（二（四））",
    REQUIRE_REINVESTIGATION: "预警提醒单的再次调查核实材料经分管领导（片长）审阅签字（二（二））",
    REQUIRE_APPOINTMENT: "主动约访听取诉求（二（四））",
    REQUIRE_SITE_VISIT: "电话联系仍无法问清诉求，须先赴现场核实（一（二））",
}

# Where the petitioner was received past the subdistrict (越级访 "到绍赴省进京", 二（五） the four levels).
SKIP_LEVEL_DESTINATIONS: Final[Mapping[str, str]] = {
    "district": "区级信访部门",
    "city": "绍兴市级信访部门",
    "province": "浙江省级信访部门",
    "beijing": "国家信访部门（进京）",
}


def completion_requirements(
    *,
    leader_led: bool,
    duties_done: Iterable[str],
    conference_held: bool,
    slips_issued: int,
    slip_open: bool,
    appointment_recorded: bool,
    anonymous: bool = False,
) -> tuple[str, ...]:
    """What a leader-led case still lacks before its completion signature, in a fixed order.

    二（四）: the owner records the five duties, holds the case conference and makes (or offers)
    the proactive appointment; 二（二）: the slip's re-investigation is signed by the supervising
    leader. An anonymous report has nobody to meet: no appointment is asked of it. A case that
    is not leader-led lacks nothing here.
    """
    if not leader_led:
        return ()
    missing = list(duties_outstanding(duties_done))
    if not conference_held:
        missing.append(REQUIRE_CONFERENCE)
    if slips_issued == 0 or slip_open:
        missing.append(REQUIRE_REINVESTIGATION)
    if not appointment_recorded and not anonymous:
        missing.append(REQUIRE_APPOINTMENT)
    return tuple(missing)


def reply_requirements(*, request_unclear: bool, site_visit_recorded: bool) -> tuple[str, ...]:
    """一（二）: when the first call left the request unclear, the site visit comes before the reply."""
    return (REQUIRE_SITE_VISIT,) if request_unclear and not site_visit_recorded else ()


def slip_number(year: int, seq: int) -> str:
    """The slip's number as printed: 预警〔2026〕第3号."""
    if seq < 1:
        raise ValueError(f"a slip number starts at 1, got {seq}")
    return f"预警〔{year}〕第{seq}号"


def reinvestigation_overdue(due_on: date, today: date, *, slip_open: bool, report_pending: bool) -> bool:
    """The re-investigation is overdue: its last day has passed and no report is filed or signed."""
    return slip_open and not report_pending and today > due_on


# --- who receives the warning slip (二（二）) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class WarningSlipRecipients:
    """Who receives a warning slip (``to``) and who gets a copy (``cc``), as person or leader ids."""

    to: tuple[str, ...]
    cc: tuple[str, ...]


def _distinct(ids: Iterable[str | None], *, excluded: frozenset[str]) -> tuple[str, ...]:
    """The given ids in order, without ``None``, repeats or excluded ids."""
    seen: list[str] = []
    for person in ids:
        if person and person not in excluded and person not in seen:
            seen.append(person)
    return tuple(seen)


def warning_slip_recipients(
    decision: RoutingDecision,
    org: OrgSnapshot,
    *,
    lead_head: str | None,
    liaison_team_leader: str | None,
    line_office_head: str | None = None,
    accused_persons: frozenset[str] = frozenset(),
) -> WarningSlipRecipients:
    """Recipients of the warning slip of 二（二）.

    The slip goes to the head of the responsible unit (``lead_head``; for an execution case,
    whose lead is the liaison team, also ``line_office_head`` of the responsible line office,
    which the rulebook names as "责任线（办）主要负责人") and to the liaison team leader, and is
    copied to the case's owner (the supervising leader or area chief) and the director. Anyone
    in ``accused_persons`` receives nothing (a conduct complaint never reaches the person it is
    about); a person who receives the slip is not copied as well. A case that draws no slip
    (not escalated) has no recipients.
    """
    if not decision.escalation.warning_slip:
        return WarningSlipRecipients(to=(), cc=())
    to = _distinct((lead_head, line_office_head, liaison_team_leader), excluded=accused_persons)
    cc = _distinct((decision.owner, org.director), excluded=accused_persons | frozenset(to))
    return WarningSlipRecipients(to=to, cc=cc)
