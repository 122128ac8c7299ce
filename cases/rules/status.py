"""The life of a case as data: statuses, the actions that move it, and who may take them.

Rulebook 沥工委〔2020〕38号:

- 二（一） "2211": the director signs every case out to its lead unit (交办签) and signs it off
  when done (办结签); both signatures may be delegated to the duty leader. Every case gets a
  follow-up visit (每件一回访);
- 一（二） "一问一核实": the handler phones the petitioner, and goes on site when the call was not
  enough; both are recorded while the case is being handled;
- 一（五） the case is finished with a written reply; 三（三） the reply answers the actual request.

A case is registered by the petition office, which confirms the proposed routing; the director
signs it out to the lead unit's shared queue; a handler picks it (or the unit head assigns it),
and may release it; the unit head may take it back, or object to the routing, which leaves the
case in the queue until the director upholds the assignment or reassigns it. The reply is drafted,
submitted for the director's completion signature (who may return it for revision), delivered,
and followed up; an unsatisfied petitioner may reopen it, and the director signs it out again.

Time limits (the 5 working days for an objection, the reopening period) are not checked here: the
service checks them with ``mediation.rules.deadlines`` before asking ``check_transition``.

Plain Python over plain data: no Django, no clock.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

# Statuses (stored values).
REGISTERED: Final = "registered"
ROUTED: Final = "routed"
ASSIGNED: Final = "assigned"
IN_PROGRESS: Final = "in_progress"
OBJECTED: Final = "objected"
REPLY_DRAFTED: Final = "reply_drafted"
AWAITING_SIGNOFF: Final = "awaiting_signoff"
SIGNED_OFF: Final = "signed_off"
REPLIED: Final = "replied"
FOLLOW_UP_DONE: Final = "follow_up_done"
REOPENED: Final = "reopened"
CLOSED: Final = "closed"
WITHDRAWN: Final = "withdrawn"

STATUS_LABELS: Final[Mapping[str, str]] = {
    REGISTERED: "已登记，待确认分流",
    ROUTED: "已分流，待交办签",
    ASSIGNED: "已交办，待领取",
    IN_PROGRESS: "办理中",
    OBJECTED: "承办单位有异议，待主要领导决定",
    REPLY_DRAFTED: "答复意见已起草",
    AWAITING_SIGNOFF: "待办结签",
    SIGNED_OFF: "已办结签，待送达答复",
    REPLIED: "已答复",
    FOLLOW_UP_DONE: "已回访",
    REOPENED: "信访人不满意，已重新启动，待重新交办",
    CLOSED: "案结事了",
    WITHDRAWN: "已撤回",
}
STATUSES: Final = frozenset(STATUS_LABELS)
TERMINAL_STATUSES: Final = frozenset({CLOSED, WITHDRAWN})
QUEUE_STATUSES: Final = frozenset({ASSIGNED, OBJECTED})
"""Statuses in which a case waits in its lead unit's shared queue, picked by nobody."""

# Roles an actor may hold towards a case (computed by the service, not stored here).
CLERK: Final = "clerk"
HANDLER: Final = "handler"
UNIT_HEAD: Final = "unit_head"
DIRECTOR: Final = "director"
DUTY_LEADER_DELEGATE: Final = "duty_leader_delegate"
SUPERVISING_LEADER: Final = "supervising_leader"
SYSTEM: Final = "system"
PETITIONER: Final = "petitioner"
GOVERNANCE_OFFICE: Final = "governance_office"

ROLE_LABELS: Final[Mapping[str, str]] = {
    CLERK: "信访办登记员",
    HANDLER: "承办人",
    UNIT_HEAD: "承办单位主要负责人",
    DIRECTOR: "主要领导",
    DUTY_LEADER_DELEGATE: "受主要领导委托的带班领导",
    SUPERVISING_LEADER: "分管领导（片长）",
    SYSTEM: "系统",
    PETITIONER: "信访人",
    GOVERNANCE_OFFICE: "综治办",
}
ROLES: Final = frozenset(ROLE_LABELS)


@dataclass(frozen=True, slots=True)
class Transition:
    """One action: the statuses it may start from, where it leads (None: unchanged), and who may."""

    action: str
    from_statuses: frozenset[str]
    to_status: str | None
    roles: frozenset[str]


class TransitionRefused(Exception):
    """An action that may not be taken; ``code`` is for programs, ``message`` (Chinese) for people."""

    UNKNOWN_ACTION: Final = "unknown_action"
    UNKNOWN_STATUS: Final = "unknown_status"
    WRONG_STATUS: Final = "wrong_status"
    ROLE_NOT_ALLOWED: Final = "role_not_allowed"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_SIGNERS: Final = frozenset({DIRECTOR, DUTY_LEADER_DELEGATE})
"""二（一） the two signatures are the director's; the duty leader signs only by delegation."""
_WORKERS: Final = frozenset({HANDLER, UNIT_HEAD})
_LEADER_WORKERS: Final = _WORKERS | {SUPERVISING_LEADER}
"""一（四） a leader-led case is handled by its supervising leader (or area chief) in person."""
_BEFORE_REPLY: Final = frozenset(
    {REGISTERED, ROUTED, ASSIGNED, IN_PROGRESS, OBJECTED, REPLY_DRAFTED, AWAITING_SIGNOFF, REOPENED}
)


def _t(action: str, from_statuses: Iterable[str], to_status: str | None, roles: Iterable[str]) -> Transition:
    return Transition(action, frozenset(from_statuses), to_status, frozenset(roles))


_TRANSITION_LIST: Final = (
    # The petition office confirms (or corrects) the proposed routing.
    _t("confirm_routing", {REGISTERED, ROUTED}, ROUTED, {CLERK}),
    # 二（一） 交办签: the director signs the case out to the lead unit, again after a reopening.
    _t("sign_assignment", {ROUTED, REOPENED}, ASSIGNED, _SIGNERS),
    # The lead unit's shared queue: pick, release, assign to a handler, take back.
    _t("pick", {ASSIGNED}, IN_PROGRESS, _WORKERS),
    _t("release", {IN_PROGRESS}, ASSIGNED, _WORKERS),
    _t("assign_directly", {ASSIGNED, IN_PROGRESS}, IN_PROGRESS, {UNIT_HEAD}),
    _t("take_back", {IN_PROGRESS, REPLY_DRAFTED}, ASSIGNED, {UNIT_HEAD}),
    # The lead unit objects to the routing; the case stays in its queue until the director decides.
    _t("object", {ASSIGNED, IN_PROGRESS}, OBJECTED, {UNIT_HEAD}),
    _t("decide_objection", {OBJECTED}, ASSIGNED, {DIRECTOR}),
    # The director moves any open, routed case to another lead unit, signing it out at once.
    _t(
        "reassign",
        {ROUTED, ASSIGNED, IN_PROGRESS, OBJECTED, REPLY_DRAFTED, AWAITING_SIGNOFF, REOPENED},
        ASSIGNED,
        {DIRECTOR},
    ),
    # 一（二） 一问一核实.
    _t("record_first_contact", {IN_PROGRESS}, None, _LEADER_WORKERS),
    _t("record_site_visit", {IN_PROGRESS}, None, _LEADER_WORKERS),
    # 一（五）、三（三） the written reply.
    _t("draft_reply", {IN_PROGRESS, REPLY_DRAFTED}, REPLY_DRAFTED, _LEADER_WORKERS),
    _t("submit_for_signoff", {REPLY_DRAFTED}, AWAITING_SIGNOFF, _LEADER_WORKERS),
    # 二（一） 办结签, or back for revision.
    _t("return_reply", {AWAITING_SIGNOFF}, REPLY_DRAFTED, _SIGNERS),
    _t("sign_completion", {AWAITING_SIGNOFF}, SIGNED_OFF, _SIGNERS),
    _t("deliver_reply", {SIGNED_OFF}, REPLIED, {CLERK, HANDLER, UNIT_HEAD, SYSTEM}),
    # 二（一） 每件一回访.
    _t("record_follow_up", {REPLIED}, FOLLOW_UP_DONE, {CLERK, HANDLER, UNIT_HEAD}),
    _t("reopen", {REPLIED, FOLLOW_UP_DONE}, REOPENED, {PETITIONER, CLERK}),
    # 案结事了: only after the follow-up visit.
    _t("close", {FOLLOW_UP_DONE}, CLOSED, {CLERK, DIRECTOR, SYSTEM}),
    _t("withdraw", _BEFORE_REPLY, WITHDRAWN, {PETITIONER, CLERK}),
)

TRANSITIONS: Final[Mapping[str, Transition]] = {transition.action: transition for transition in _TRANSITION_LIST}
ACTIONS: Final = tuple(TRANSITIONS)

ACTION_LABELS: Final[Mapping[str, str]] = {
    "confirm_routing": "确认分流",
    "sign_assignment": "交办签",
    "pick": "领取",
    "release": "退回待领",
    "assign_directly": "指派承办人",
    "take_back": "收回",
    "object": "提出异议",
    "decide_objection": "裁定异议（维持交办）",
    "reassign": "改派承办单位",
    "record_first_contact": "记录“一问”电话联系",
    "record_site_visit": "记录“一核实”现场核实",
    "draft_reply": "起草答复意见",
    "submit_for_signoff": "提请办结签",
    "return_reply": "退回修改答复意见",
    "sign_completion": "办结签",
    "deliver_reply": "送达答复意见",
    "record_follow_up": "记录回访",
    "reopen": "重新启动",
    "close": "案结事了，办结归档",
    "withdraw": "撤回",
    # governance (its own table below)
    "dispatch": "派遣处置单位",
    "redispatch": "改派处置单位",
    "close_with_measure": "记录处置措施并办结",
}


# --- governance (综治 / 社会治理): a table of its own, the petition table above unchanged --------
#
# An incident a grid worker reports is received by the governance office, which dispatches it to the
# competent unit (no routing confirmation, no assignment signature: the office itself sends it); the
# unit picks it from its shared queue and closes it with the measure taken (no five-section reply,
# no completion signature). The office may dispatch it again to another unit while it is open.

_GOVERNANCE_DISPATCHERS: Final = frozenset({GOVERNANCE_OFFICE, DIRECTOR})

_GOVERNANCE_LIST: Final = (
    _t("dispatch", {REGISTERED, ROUTED, REOPENED}, ASSIGNED, _GOVERNANCE_DISPATCHERS),
    _t("redispatch", {ASSIGNED, IN_PROGRESS}, ASSIGNED, _GOVERNANCE_DISPATCHERS),
    _t("pick", {ASSIGNED}, IN_PROGRESS, _WORKERS),
    _t("release", {IN_PROGRESS}, ASSIGNED, _WORKERS),
    _t("assign_directly", {ASSIGNED, IN_PROGRESS}, IN_PROGRESS, {UNIT_HEAD}),
    _t("take_back", {IN_PROGRESS}, ASSIGNED, {UNIT_HEAD}),
    _t("close_with_measure", {IN_PROGRESS}, CLOSED, _WORKERS),
)
GOVERNANCE_TRANSITIONS: Final[Mapping[str, Transition]] = {t.action: t for t in _GOVERNANCE_LIST}

GOVERNANCE_STATUS_LABELS: Final[Mapping[str, str]] = {
    REGISTERED: "待派遣",
    ROUTED: "待派遣",
    REOPENED: "待派遣",
    ASSIGNED: "已派遣，待处置单位领取",
    IN_PROGRESS: "处置中",
    CLOSED: "已处置办结",
}
"""How a governance case's statuses read: no routing to confirm, no assignment signature, no reply.
The office receives it awaiting dispatch (待派遣), the unit picks and deals with it (处置), and the
measure taken closes it."""


def transitions_for(service: str) -> Mapping[str, Transition]:
    """The transition table a case of ``service`` follows (the petition table unless it has its own)."""
    return SERVICE_TRANSITIONS.get(service, TRANSITIONS)


def _role_names(roles: Iterable[str]) -> str:
    labels = {**ROLE_LABELS, **SERVICE_ROLE_LABELS}
    return "、".join(labels.get(role, role) for role in sorted(roles)) or "无"


def check_transition(action: str, status: str, roles: frozenset[str], *, service: str = "petition") -> str:
    """The status a case moves to when an actor with ``roles`` takes ``action`` in ``status``.

    ``service`` picks the table (``transitions_for``): a governance case has its own steps.
    Raises ``TransitionRefused`` with a Chinese message: unknown action or status, an action not
    allowed from this status (naming it), or no role of the actor allowed to take it.
    """
    transition = transitions_for(service).get(action)
    if transition is None:
        raise TransitionRefused(TransitionRefused.UNKNOWN_ACTION, f"未知操作“{action}”")
    label = ACTION_LABELS.get(action) or SERVICE_ACTION_LABELS[action]
    return _checked(transition, label, status, roles, service=service)


def _checked(transition: Transition, label: str, status: str, roles: frozenset[str], *, service: str) -> str:
    if status not in ALL_STATUSES:
        raise TransitionRefused(TransitionRefused.UNKNOWN_STATUS, f"未知状态“{status}”，不能{label}")
    if status not in transition.from_statuses:
        raise TransitionRefused(
            TransitionRefused.WRONG_STATUS, f"本件当前状态为“{status_label(status, service)}”，不能{label}"
        )
    if not roles & transition.roles:
        raise TransitionRefused(
            TransitionRefused.ROLE_NOT_ALLOWED,
            f"您的身份（{_role_names(roles)}）不能{label}；可由{_role_names(transition.roles)}办理",
        )
    return transition.to_status or status


def allowed_actions(status: str, roles: frozenset[str], *, service: str = "petition") -> tuple[str, ...]:
    """The actions an actor with ``roles`` may take on a case of ``service`` in ``status``, in table order."""
    return tuple(
        action
        for action, transition in transitions_for(service).items()
        if status in transition.from_statuses and roles & transition.roles
    )


# --- the services' own workflows (issue 16) ---------------------------------------------------------
#
# A service other than the petition may have actions of its own, with statuses of its own. The
# petition table above stays as it is. Governance replaces it with a table of its own (above); the
# legal consultation adds its own actions to it (``service_actions``), and keeps every petition step.
#
# Legal consultation (法律咨询, 司法所): the legal-service staff answer the question at the window and
# the case is closed at once, with no 交办签, written reply, 办结签 or follow-up visit; or they book
# the duty lawyer, and the case closes when the booked consultation is recorded as held. A resident
# who does not come at the booked time is recorded as a no-show (预约未到): the staff book again, or,
# when the resident does not want another date or cannot be reached, close the case unattended.

CONSULTATION_BOOKED: Final = "consultation_booked"
CONSULTATION_MISSED: Final = "consultation_missed"

SERVICE_STATUS_LABELS: Final[Mapping[str, str]] = {
    CONSULTATION_BOOKED: "已预约值班律师，待咨询",
    CONSULTATION_MISSED: "预约未到场，待重新预约",
}
ALL_STATUS_LABELS: Final[Mapping[str, str]] = {**STATUS_LABELS, **SERVICE_STATUS_LABELS}
ALL_STATUSES: Final = frozenset(ALL_STATUS_LABELS)
"""Every status a case may be in: the petition's and the services' own."""


def status_label(status: str, service: str = "petition") -> str:
    """How ``status`` reads on a case of ``service`` (a governance case has words of its own)."""
    if service == "governance" and status in GOVERNANCE_STATUS_LABELS:
        return GOVERNANCE_STATUS_LABELS[status]
    return ALL_STATUS_LABELS.get(status, status)


LEGAL_STAFF: Final = "legal_staff"
SERVICE_ROLE_LABELS: Final[Mapping[str, str]] = {LEGAL_STAFF: "司法所工作人员"}

LEGAL_CONSULTATION: Final = "legal_consultation"
LEGAL_AID: Final = "legal_aid"
_CONSULTATION_OPEN: Final = frozenset({REGISTERED, ROUTED, ASSIGNED, IN_PROGRESS, REOPENED})
"""A consultation not yet answered: wherever the generic flow has got to, before any reply."""

_OWN_TRANSITIONS: Final[Mapping[str, Mapping[str, Transition]]] = {
    LEGAL_CONSULTATION: {
        t.action: t
        for t in (
            # Answered on the spot: closed at the window.
            _t("give_consultation", _CONSULTATION_OPEN, CLOSED, {LEGAL_STAFF}),
            # Booked with the duty lawyer: open until the consultation is held.
            _t("book_consultation", _CONSULTATION_OPEN, CONSULTATION_BOOKED, {LEGAL_STAFF}),
            # The resident came (on the day, or after a missed booking): the advice closes the case.
            _t("hold_consultation", {CONSULTATION_BOOKED, CONSULTATION_MISSED}, CLOSED, {LEGAL_STAFF}),
            # The resident did not come at the booked time: booked again, or closed unattended.
            _t("record_consultation_no_show", {CONSULTATION_BOOKED}, CONSULTATION_MISSED, {LEGAL_STAFF}),
            _t("rebook_consultation", {CONSULTATION_MISSED}, CONSULTATION_BOOKED, {LEGAL_STAFF}),
            _t("close_missed_consultation", {CONSULTATION_MISSED}, CLOSED, {LEGAL_STAFF}),
        )
    },
    # 法律援助法 第四十三条: a refusal ends the application; after a grant, assigning the lawyer hands
    # the matter to the lawyer and ends the center's part. No routing, signatures or follow-up of a petition.
    LEGAL_AID: {
        t.action: t
        for t in (
            _t("refuse_legal_aid", _CONSULTATION_OPEN, CLOSED, {LEGAL_STAFF}),
            _t("hand_over_to_lawyer", _CONSULTATION_OPEN, CLOSED, {LEGAL_STAFF}),
        )
    },
}
"""The actions a service adds to the petition table."""

SERVICE_TRANSITIONS: Final[Mapping[str, Mapping[str, Transition]]] = {
    "governance": GOVERNANCE_TRANSITIONS,
    LEGAL_CONSULTATION: {**TRANSITIONS, **_OWN_TRANSITIONS[LEGAL_CONSULTATION]},
    LEGAL_AID: {**TRANSITIONS, **_OWN_TRANSITIONS[LEGAL_AID]},
}
"""Services whose cases follow a table of their own; every other service follows ``TRANSITIONS``."""

SERVICE_ACTION_LABELS: Final[Mapping[str, str]] = {
    "refuse_legal_aid": "决定不予法律援助并办结",
    "hand_over_to_lawyer": "指派法律援助律师并办结",
    "give_consultation": "当场解答法律咨询并办结",
    "book_consultation": "预约值班律师",
    "hold_consultation": "记录预约咨询已进行并办结",
    "record_consultation_no_show": "记录咨询人预约未到场",
    "rebook_consultation": "重新预约值班律师",
    "close_missed_consultation": "咨询人未再到场，办结",
}


FINISHING_ACTIONS: Final = frozenset(
    {
        "sign_completion",
        "close",
        "close_with_measure",
        "give_consultation",
        "hold_consultation",
        "close_missed_consultation",
        "refuse_legal_aid",
        "hand_over_to_lawyer",
    }
)
"""The actions that finish a case, of any service: a leader-led case takes none of them until its owner has
done what 二（二）、二（四） ask (``mediation.rules.oversight.completion_requirements``, checked by the services'
status move).

- petition (and every service on its table): the completion signature (办结签) and 案结事了 (``close``, again
  for a case that became leader-led after it was signed off);
- governance: the incident closed with the measure taken;
- legal consultation: the advice given at the window, the booked consultation held, or the case closed after
  a missed booking: a leader-led consultation is not answered on the spot before its owner has done the duties;
- legal aid: the refusal, or the lawyer assigned after a grant (both end the center's part).

People's mediation finishes its case with its own answer (the agreement, or the end with a referral), not
with an action of these tables; its service checks the same requirements there. Withdrawing is the
petitioner's, not a finish by the owner: it is not held."""


def service_actions(service: str) -> frozenset[str]:
    """The actions the service adds to the petition table (none for the petition)."""
    return frozenset(_OWN_TRANSITIONS.get(service, {}))


def service_allowed_actions(service: str, status: str, roles: frozenset[str]) -> tuple[str, ...]:
    """The service's added actions an actor with ``roles`` may take on a case in ``status``."""
    return tuple(
        action
        for action, transition in _OWN_TRANSITIONS.get(service, {}).items()
        if status in transition.from_statuses and roles & transition.roles
    )
