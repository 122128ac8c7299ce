"""The deadline clocks of a case as data: their states, what meets them, extensions.

Plain Python over plain data: no Django, no clock. ``mediation.services.clocks`` applies these
rules; ``mediation.tasks`` applies the state rule set-based, over every open clock at once.

- A clock is **met** when its case records the matching event (``MET_BY``) on or after the day the
  clock started; otherwise it is **overdue** once its due date has passed, **due soon** when at most
  ``DUE_SOON_WORKING_DAYS`` working days are left, and **running** before that.
- An **extension** of the reply clock (《信访工作条例》: up to 30 days, approved by the head of the
  organ, the petitioner told why) is requested by the case's handler or the lead unit's head and
  decided by the director alone: the rulebook lets the director delegate the assignment and
  completion signatures to the duty leader, not the approval of an extension. One request may be
  pending at a time, and a reply clock is extended once.
"""

from datetime import date, timedelta
from typing import Final

from cases.rules import status as st
from mediation.rules.calendar import WorkCalendar

# States (stored values).
RUNNING: Final = "running"
DUE_SOON: Final = "due_soon"
OVERDUE: Final = "overdue"
MET: Final = "met"

OPEN_STATES: Final = frozenset({RUNNING, DUE_SOON, OVERDUE})

# What people read for each clock and state is in ``mediation.clocktext`` (through gettext).

DUE_SOON_WORKING_DAYS: Final = 1
"""A clock is due soon when this many working days or fewer are left (the due day itself included).

The default of ``settings.DEADLINES_DUE_SOON_WORKING_DAYS``, which ``mediation.calendar.due_soon_cutoff``
reads for every caller (sweep, case page, queue pages, live screens)."""

# The case events that meet each clock (event kinds written by the services).
_CONSULTED: Final = ("legal_consultation_given", "legal_consultation_held")
"""A legal consultation answered (on the spot, or the booked one held) is the case's answer (issue 16)."""
_CONSULTATION_TAKEN_UP: Final = (*_CONSULTED, "legal_consultation_booked")
_CONSULTATION_ENDED: Final = (*_CONSULTED, "legal_consultation_closed_unattended")
"""A missed consultation closed (the resident wants no other date, or cannot be reached) ends the
center's duty as an answer does; the no-show itself meets nothing: the answer is still owed."""
"""Booking the duty lawyer is the first contact and the acceptance; the answer is still to come."""

MET_BY: Final = {
    "first_contact": ("first_contact", *_CONSULTATION_TAKEN_UP, "legal_aid_decided"),
    # A governance case is answered by the measure taken, a people's mediation by its agreement or
    # referral, a legal-aid application by its written decision, not by a petition's reply (their own steps).
    "reply": ("reply_delivered", *_CONSULTATION_ENDED, "governance_closed", "mediation_concluded", "legal_aid_decided"),
    "finish": (
        "reply_delivered",
        *_CONSULTATION_ENDED,
        "governance_closed",
        "mediation_concluded",
        "legal_aid_decided",
    ),
    "accept": (
        "routing_confirmed",
        "routing_overridden",
        *_CONSULTATION_TAKEN_UP,
        "governance_dispatched",
        "legal_aid_decided",
    ),
    "legal_aid_decision": ("legal_aid_decided",),
    "legal_aid_lawyer": ("legal_aid_lawyer_assigned",),  # 法律援助法 第四十三条: within 3 days of the grant
    # 人民调解法 第三十三条: the parties applied jointly, or declared they will not.
    "judicial_confirmation": ("judicial_confirmation_applied", "judicial_confirmation_waived"),
    "reinvestigation": ("reinvestigation_filed",),  # the report filed within 7 working days (二（二））
    "governance_response": ("governance_closed",),  # the measure taken by the competent unit
    # A named conduct report: the reporter is told of the acceptance by the handler's first call.
    "report_notice": ("first_contact",),
}


def clocks_met_by(event_kind: str) -> tuple[str, ...]:
    """The clocks an event of ``event_kind`` meets (the services mark them met as they write it)."""
    return tuple(clock for clock, kinds in MET_BY.items() if event_kind in kinds)


def state_cutoffs(today: date, calendar: WorkCalendar, due_soon_days: int = DUE_SOON_WORKING_DAYS) -> date:
    """The first due date that is not yet "due soon": at most ``due_soon_days`` working days left before it."""
    return calendar.add_working_days(today, due_soon_days + 1)


def due_soon_last_day(not_soon_from: date) -> date:
    """The last due date that is still "due soon" (inclusive bound, for ``due_on <= ...`` queries)."""
    return not_soon_from - timedelta(days=1)


def clock_state(due_on: date, today: date, not_soon_from: date, *, met: bool = False) -> str:
    """The state of a clock due on ``due_on``: met, overdue (past), due soon (before ``not_soon_from``), running."""
    if met:
        return MET
    if due_on < today:
        return OVERDUE
    if due_on < not_soon_from:
        return DUE_SOON
    return RUNNING


# --- extensions ----------------------------------------------------------------------------------

EXTENSION_MAX_DAYS: Final = 30
EXTENSION_REQUESTERS: Final = frozenset({st.HANDLER, st.UNIT_HEAD})
EXTENSION_DECIDERS: Final = frozenset({st.DIRECTOR})
EXTENSION_STATUSES: Final = frozenset(
    {st.ASSIGNED, st.IN_PROGRESS, st.OBJECTED, st.REPLY_DRAFTED, st.AWAITING_SIGNOFF, st.SIGNED_OFF}
)
"""A case whose reply is still to be delivered, and that is with its lead unit."""


class ExtensionRefused(Exception):
    """An extension that may not be requested or decided; ``message`` is Chinese, for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_extension_request(
    *, roles: frozenset[str], status: str, days: int, pending: bool, already_extended: bool
) -> None:
    """Refuse a request the rules do not allow (raises ExtensionRefused)."""
    if not roles & EXTENSION_REQUESTERS:
        raise ExtensionRefused("role_not_allowed", "只有承办人或承办单位主要负责人可以申请延期")
    if status not in EXTENSION_STATUSES:
        raise ExtensionRefused("wrong_status", "案件当前状态不能申请延期")
    if pending:
        raise ExtensionRefused("pending", "已有一项延期申请待主要领导审批")
    if already_extended:
        raise ExtensionRefused("already_extended", "答复期限已延期一次，不得再次延期")
    if days < 1:
        raise ExtensionRefused("days", "延期至少1日")
    if days > EXTENSION_MAX_DAYS:
        raise ExtensionRefused("days", f"延期不得超过{EXTENSION_MAX_DAYS}日（《信访工作条例》）")


def check_extension_decision(*, roles: frozenset[str], pending: bool) -> None:
    """Only the director decides a pending request (no delegation for extensions)."""
    if not roles & EXTENSION_DECIDERS:
        raise ExtensionRefused("role_not_allowed", "延期只能由主要领导审批")
    if not pending:
        raise ExtensionRefused("not_pending", "没有待审批的延期申请")
