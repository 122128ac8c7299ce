"""Deadlines of a case: which time limits apply, and when each falls due.

Time limits are data (``DeadlinePolicy``), not code: each says which clock it sets, how long it
runs, in which unit, for which channels and services, from which event, and the rule text that
sets it. ``compute_deadlines`` applies every policy whose start event is known and, where several
set the same clock, the strictest (earliest due date) governs; the others are kept as candidates.

The national time limit to finish a case (60 days) and the local time limit to reply (one week or
15 working days) both say when the written answer is due, so they compete on the ``reply`` clock.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from mediation.rules.calendar import WorkCalendar

CHANNELS = frozenset({"visit", "kiosk", "letter", "phone", "online"})
SERVICES = frozenset({"petition", "complaint", "legal_consultation", "legal_aid", "mediation", "governance"})
LEVELS = frozenset({"subdistrict", "national"})
NEEDS_CONTACT = frozenset({"first_contact", "report_notice"})  # clocks owed to someone who can be reached
CLOCKS = frozenset(
    {
        "first_contact",
        "reply",
        "accept",
        "finish",
        "reinvestigation",
        "legal_aid_decision",
        "legal_aid_lawyer",
        "extension",
        "governance_response",
        "judicial_confirmation",
        "report_notice",
    }
)
RISK_LEVELS = frozenset({"low", "medium", "high"})
"""Risk levels of a governance incident or screened dispute (a response clock per level)."""
UNITS = frozenset({"working_days", "calendar_days"})
WAITING_EVENTS = frozenset({"legal_aid_complete"})
"""Start events whose clock shows as waiting until they happen (``waiting_clocks``): the legal-aid decision
waits for a complete application. A clock waiting on any other event simply has not begun."""
START_EVENTS = WAITING_EVENTS | frozenset(
    {"received", "assigned", "warning_slip", "deadline", "legal_aid_granted", "agreement_effective"}
)

# A policy's clock -> the clock it competes on (the national "finish" limit bounds the reply).
GOVERNING_CLOCK = {"finish": "reply"}

# How each start event reads in an explanation: "（收到当日不计）".
EVENT_LABELS = {
    "received": "收到",
    "assigned": "交办",
    "warning_slip": "收到预警提醒单",
    "deadline": "原期限届满",
    "legal_aid_complete": "收到完整申请材料",
    "legal_aid_granted": "作出给予法律援助决定",
    "agreement_effective": "调解协议生效",
}

PROVISIONAL_NOTE = "；期间涉及尚未公布放假安排的年份，暂按周一至周五（元旦除外）计算，公布后应重新核算"


def _check_member(name: str, value: str, allowed: frozenset[str]) -> None:
    """Refuse a value outside its vocabulary: a mistyped channel would silently drop a deadline."""
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(allowed)}")


def _check_subset(name: str, values: frozenset[str], allowed: frozenset[str]) -> None:
    """Refuse a set with values outside its vocabulary."""
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"unknown {name} {sorted(unknown)}; expected some of {sorted(allowed)}")


@dataclass(frozen=True, slots=True)
class DeadlinePolicy:
    """One time limit: ``amount`` ``unit`` from the ``starts_from`` event sets ``clock``.

    ``channels`` and ``services`` restrict where it applies (empty = any). ``levels`` records the
    level of government whose rule it is (``subdistrict`` or ``national``); every level binds the
    center, so it does not restrict anything. ``basis`` is the rule text, in Chinese.
    """

    code: str
    clock: str
    amount: int
    unit: str
    channels: frozenset[str]
    services: frozenset[str]
    levels: frozenset[str]
    basis: str
    starts_from: str
    risk_levels: frozenset[str] = frozenset()
    """The risk levels it applies to (empty = any case, with or without a risk level)."""
    conduct_only: bool = False
    """Only for a report about an official's conduct (handled by the discipline office)."""

    def __post_init__(self) -> None:
        _check_member("clock", self.clock, CLOCKS)
        _check_subset("risk_levels", self.risk_levels, RISK_LEVELS)
        _check_member("unit", self.unit, UNITS)
        _check_member("starts_from", self.starts_from, START_EVENTS)
        _check_subset("channels", self.channels, CHANNELS)
        _check_subset("services", self.services, SERVICES)
        _check_subset("levels", self.levels, LEVELS)
        if self.amount < 0:
            raise ValueError(f"amount must be >= 0, got {self.amount}")

    def applies_to(self, channel: str, service: str, risk_level: str = "") -> bool:
        """Whether the policy covers this channel, service and risk level (an empty set covers all)."""
        return (
            (not self.channels or channel in self.channels)
            and (not self.services or service in self.services)
            and (not self.risk_levels or risk_level in self.risk_levels)
        )


@dataclass(frozen=True, slots=True)
class CaseClockFacts:
    """The facts of a case that start its clocks: how it came in, what it is, and when things happened."""

    channel: str
    service: str
    received_on: date
    assigned_on: date | None = None
    warning_slip_on: date | None = None
    legal_aid_complete_on: date | None = None
    """The day a legal-aid application became complete (its documents checklist: nothing missing)."""
    legal_aid_granted_on: date | None = None
    contactable: bool = True
    """False for an anonymous report: nobody to phone, so no clock that asks for a call."""
    risk_level: str = ""
    """A governance case's risk level ("" when the case has none, or it is not known here)."""
    agreement_effective_on: date | None = None
    """The day a people's mediation agreement took effect (signed by the parties and the mediators, sealed)."""
    conduct: bool = False
    """A report about an official's conduct (flagged at intake, or routed as such)."""

    def __post_init__(self) -> None:
        _check_member("channel", self.channel, CHANNELS)
        _check_member("service", self.service, SERVICES)
        if self.risk_level:
            _check_member("risk_level", self.risk_level, RISK_LEVELS)

    def event_date(self, event: str) -> date | None:
        """The date of a start event, or None if it has not happened (or is not a case event)."""
        if event == "received":
            return self.received_on
        if event == "assigned":
            return self.assigned_on
        if event == "warning_slip":
            return self.warning_slip_on
        if event == "legal_aid_complete":
            return self.legal_aid_complete_on
        if event == "legal_aid_granted":
            return self.legal_aid_granted_on
        if event == "agreement_effective":
            return self.agreement_effective_on
        return None


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a clock falls due, which policy set it and why; ``candidates`` are the laxer policies it beat."""

    clock: str
    due_on: date
    policy_code: str
    basis: str
    explanation: str
    provisional: bool
    candidates: tuple[str, ...] = ()


_RULEBOOK = "沥工委〔2020〕38号"
_PETITION_REGULATION = "《信访工作条例》（2022年）"

FIRST_CONTACT = DeadlinePolicy(
    code="local_first_contact_1_working_day",
    clock="first_contact",
    amount=1,
    unit="working_days",
    channels=frozenset(),
    # A governance incident is reported by a grid worker, not raised by a petitioner to be phoned.
    services=SERVICES - {"governance"},
    levels=frozenset({"subdistrict"}),
    basis=(
        f"{_RULEBOOK} 一（二）：“一问”，即承办责任单位具体承办人必须在1个工作日内用电话联系信访人，"
        "问清信访人反映的具体诉求"
    ),
    starts_from="assigned",
)
REPLY_PHONE_ONLINE = DeadlinePolicy(
    code="local_reply_phone_online_1_week",
    clock="reply",
    amount=7,
    unit="calendar_days",
    channels=frozenset({"phone", "online"}),
    services=frozenset(),
    levels=frozenset({"subdistrict"}),
    basis=f"{_RULEBOOK} 一（五）：电话、网络形式的信访事项，必须在一周内办结并出具答复意见",
    starts_from="received",
)
REPLY_LETTER_VISIT = DeadlinePolicy(
    code="local_reply_letter_visit_15_working_days",
    clock="reply",
    amount=15,
    unit="working_days",
    channels=frozenset({"letter", "visit", "kiosk"}),
    services=frozenset(),
    levels=frozenset({"subdistrict"}),
    basis=f"{_RULEBOOK} 一（五）：来信、来访的信访事项，必须在15个工作日内办结并出具答复意见",
    starts_from="received",
)
REINVESTIGATION = DeadlinePolicy(
    code="local_reinvestigation_7_working_days",
    clock="reinvestigation",
    amount=7,
    unit="working_days",
    channels=frozenset(),
    services=frozenset(),
    levels=frozenset({"subdistrict"}),
    basis=(
        f"{_RULEBOOK} 二（二）：责任线（办）、联村工作组在收到《信访事项预警提醒单》后，"
        "必须在7个工作日内再次作出调查核实"
    ),
    starts_from="warning_slip",
)
NATIONAL_ACCEPT = DeadlinePolicy(
    code="national_accept_15_days",
    clock="accept",
    amount=15,
    unit="calendar_days",
    channels=frozenset(),
    services=frozenset(),
    levels=frozenset({"national"}),
    basis=f"{_PETITION_REGULATION}：收到信访事项后，应当在15日内决定是否受理或者转送、交办",
    starts_from="received",
)
NATIONAL_FINISH = DeadlinePolicy(
    code="national_finish_60_days",
    clock="finish",
    amount=60,
    unit="calendar_days",
    channels=frozenset(),
    services=frozenset(),
    levels=frozenset({"national"}),
    # The regulation counts from acceptance; the facts know only receipt, which is never later.
    basis=f"{_PETITION_REGULATION}：信访事项应当自受理之日起60日内办结（受理日未记载时自收到之日起算，从严）",
    starts_from="received",
)
NATIONAL_EXTENSION = DeadlinePolicy(
    code="national_extension_30_days",
    clock="extension",
    amount=30,
    unit="calendar_days",
    channels=frozenset(),
    services=frozenset(),
    levels=frozenset({"national"}),
    basis=(
        f"{_PETITION_REGULATION}：情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，"
        "但延长期限不得超过30日，并告知信访人延期理由"
    ),
    starts_from="deadline",
)
LEGAL_AID_DECISION = DeadlinePolicy(
    # Article 43 of the Legal Aid Law: 7 days (日) to review and decide; an application missing
    # documents is told what is missing in one go, and the 7 days run from the day it is complete
    # (the documents checklist, ``LegalAidChecklist.complete_at``). Until then the clock waits.
    code="legal_aid_decision_7_days",
    clock="legal_aid_decision",
    amount=7,
    unit="calendar_days",
    channels=frozenset(),
    services=frozenset({"legal_aid"}),
    levels=frozenset({"national"}),
    basis=(
        "《中华人民共和国法律援助法》第四十三条：法律援助机构应当自收到法律援助申请之日起七日内进行审查，"
        "作出是否给予法律援助的决定；申请材料不齐全的，应当一次性告知申请人需要补充的材料，"
        "自收到完整申请材料之日起七日内作出决定"
    ),
    starts_from="legal_aid_complete",
)

LEGAL_AID_LAWYER = DeadlinePolicy(
    # Article 43 of the Legal Aid Law, second clause: 3 days (日, calendar days, as the 7 days of the
    # decision above) from the day legal aid is granted; a last day on a rest day moves to the next
    # working day, as every calendar-day limit here does. Met by the lawyer's assignment.
    code="legal_aid_lawyer_3_days",
    clock="legal_aid_lawyer",
    amount=3,
    unit="calendar_days",
    channels=frozenset(),
    services=frozenset({"legal_aid"}),
    levels=frozenset({"national"}),
    basis="《中华人民共和国法律援助法》第四十三条：决定给予法律援助的，应当自作出决定之日起三日内指派法律援助人员为受援人提供法律援助",
    starts_from="legal_aid_granted",
)
# The governance response clock: the rulebook and the law give no time limit for a governance
# incident, so these are the center's own rule (its choice, stated as such on the case page), by
# risk level, counted in working days from the dispatch to the competent unit.
_CENTER_RULE = "本中心规定（沥工委〔2020〕38号及上位法未规定综治事件的处置时限）"


def _governance_response(level: str, days: int, text: str) -> DeadlinePolicy:
    return DeadlinePolicy(
        code=f"center_governance_response_{level}_{days}_working_days",
        clock="governance_response",
        amount=days,
        unit="working_days",
        channels=frozenset(),
        services=frozenset({"governance"}),
        levels=frozenset({"subdistrict"}),
        basis=f"{_CENTER_RULE}：{text}",
        starts_from="assigned",
        risk_levels=frozenset({level}),
    )


GOVERNANCE_RESPONSE_HIGH = _governance_response(
    "high", 1, "高风险事件，处置单位应当自派遣之日起1个工作日内采取处置措施"
)
GOVERNANCE_RESPONSE_MEDIUM = _governance_response(
    "medium", 3, "中风险事件，处置单位应当自派遣之日起3个工作日内采取处置措施"
)
GOVERNANCE_RESPONSE_LOW = _governance_response("low", 5, "低风险事件，处置单位应当自派遣之日起5个工作日内采取处置措施")
JUDICIAL_CONFIRMATION = DeadlinePolicy(
    code="judicial_confirmation_30_days",
    clock="judicial_confirmation",
    amount=30,
    unit="calendar_days",
    channels=frozenset(),
    services=frozenset({"mediation"}),
    levels=frozenset({"national"}),
    basis=(
        "《中华人民共和国人民调解法》第三十三条：经人民调解委员会调解达成调解协议后，双方当事人认为有必要的，"
        "可以自调解协议生效之日起三十日内共同向人民法院申请司法确认（按自然日计算，生效当日不计，"
        "期满日为法定休假日的顺延至其后第一个工作日）"
    ),
    starts_from="agreement_effective",
)

# A report (举报) about an official's conduct is handled by the discipline office, a 纪检监察 organ:
# its rules give a named reporter the acceptance within 15 working days. A report about anything
# else has no time limit of its own in the law or the rulebook: it runs the petition's limits above.
REPORT_NOTICE = DeadlinePolicy(
    code="discipline_report_notice_15_working_days",
    clock="report_notice",
    amount=15,
    unit="working_days",
    channels=frozenset(),
    services=frozenset({"complaint"}),
    levels=frozenset({"national"}),
    basis=(
        "《纪检监察机关处理检举控告工作规则》（2020年）：信访举报部门对属于本机关受理的实名检举控告，"
        "应当在收到检举控告之日起15个工作日内告知实名检举控告人受理情况"
    ),
    starts_from="received",
    conduct_only=True,
)

DEFAULT_POLICIES: tuple[DeadlinePolicy, ...] = (
    FIRST_CONTACT,
    REPLY_PHONE_ONLINE,
    REPLY_LETTER_VISIT,
    REINVESTIGATION,
    NATIONAL_ACCEPT,
    NATIONAL_FINISH,
    NATIONAL_EXTENSION,
    LEGAL_AID_DECISION,
    LEGAL_AID_LAWYER,
    GOVERNANCE_RESPONSE_HIGH,
    GOVERNANCE_RESPONSE_MEDIUM,
    GOVERNANCE_RESPONSE_LOW,
    JUDICIAL_CONFIRMATION,
    REPORT_NOTICE,
)


def applicable_policies(
    facts: CaseClockFacts, policies: tuple[DeadlinePolicy, ...] = DEFAULT_POLICIES
) -> list[DeadlinePolicy]:
    """The policies that cover the case's channel, service and risk level, in their given order (no
    call to make when there is nobody to phone: an anonymous report; a conduct report's own limits
    only for one)."""
    return [
        policy
        for policy in policies
        if policy.applies_to(facts.channel, facts.service, facts.risk_level)
        and (facts.contactable or policy.clock not in NEEDS_CONTACT)
        and (facts.conduct or not policy.conduct_only)
    ]


def compute_deadlines(
    facts: CaseClockFacts, calendar: WorkCalendar, policies: tuple[DeadlinePolicy, ...] = DEFAULT_POLICIES
) -> dict[str, Deadline]:
    """One deadline per clock whose start event is known; the earliest due date governs each clock.

    Ties go to the policy listed first. A clock whose start event has not happened (no assignment
    yet, no warning slip) is left out, and so is the extension, which runs from a deadline.
    """
    by_clock: dict[str, list[Deadline]] = {}
    for policy in applicable_policies(facts, policies):
        start = facts.event_date(policy.starts_from)
        if start is None:
            continue
        clock = GOVERNING_CLOCK.get(policy.clock, policy.clock)
        by_clock.setdefault(clock, []).append(_apply(policy, clock, start, calendar))
    return {clock: _strictest(computed) for clock, computed in by_clock.items()}


def waiting_clocks(
    facts: CaseClockFacts, policies: tuple[DeadlinePolicy, ...] = DEFAULT_POLICIES
) -> dict[str, DeadlinePolicy]:
    """The clocks that apply to the case but wait for a start event of ``WAITING_EVENTS`` (the
    legal-aid decision, until the application is complete), each with the policy that will set it.

    A clock that another applicable policy has started already is not waiting."""
    applicable = applicable_policies(facts, policies)
    started = {
        GOVERNING_CLOCK.get(policy.clock, policy.clock)
        for policy in applicable
        if facts.event_date(policy.starts_from) is not None
    }
    waiting: dict[str, DeadlinePolicy] = {}
    for policy in applicable:
        clock = GOVERNING_CLOCK.get(policy.clock, policy.clock)
        if policy.starts_from in WAITING_EVENTS and clock not in started:  # so its own start is unknown
            waiting.setdefault(clock, policy)
    return waiting


def extend(deadline: Deadline, days: int, calendar: WorkCalendar, *, max_days: int = 30) -> Deadline:
    """The deadline moved ``days`` calendar days later (1 to ``max_days``), once.

    The extension counts from the old due date (that day not counted), and a rest day at the end
    moves to the next working day. An extended deadline cannot be extended again: the cap is on
    the whole extension.
    """
    if days > max_days:
        raise ValueError(f"延期不得超过{max_days}日")
    if days < 1:
        raise ValueError("延期至少1日")
    if deadline.policy_code == NATIONAL_EXTENSION.code:
        raise ValueError("已延期的期限不得再次延期")
    due_on = calendar.add_calendar_days(deadline.due_on, days)
    provisional = deadline.provisional or calendar.provisional_in(deadline.due_on, due_on)
    explanation = (
        f"原期限 {deadline.due_on.isoformat()}（{deadline.policy_code}）经批准延长 {days} 日："
        f"{_describe_calendar_days(deadline.due_on, days, due_on, 'deadline')}"
    )
    return Deadline(
        clock=deadline.clock,
        due_on=due_on,
        policy_code=NATIONAL_EXTENSION.code,
        basis=NATIONAL_EXTENSION.basis,
        explanation=explanation + (PROVISIONAL_NOTE if provisional else ""),
        provisional=provisional,
    )


def _apply(policy: DeadlinePolicy, clock: str, start: date, calendar: WorkCalendar) -> Deadline:
    """The deadline one policy sets from ``start``, with the explanation of how it was counted."""
    if policy.unit == "working_days":
        due_on = calendar.add_working_days(start, policy.amount)
        explanation = (
            f"自 {start.isoformat()} 起 {policy.amount} 个工作日（{EVENT_LABELS[policy.starts_from]}当日不计），"
            f"遇节假日顺延，至 {due_on.isoformat()} 届满"
        )
    else:
        due_on = calendar.add_calendar_days(start, policy.amount)
        explanation = _describe_calendar_days(start, policy.amount, due_on, policy.starts_from)
    provisional = calendar.provisional_in(start, due_on)
    return Deadline(
        clock=clock,
        due_on=due_on,
        policy_code=policy.code,
        basis=policy.basis,
        explanation=explanation + (PROVISIONAL_NOTE if provisional else ""),
        provisional=provisional,
    )


def _describe_calendar_days(start: date, days: int, due_on: date, event: str) -> str:
    """How a calendar-day period was counted, saying so when its last day fell on a rest day."""
    text = f"自 {start.isoformat()} 起 {days} 日（{EVENT_LABELS[event]}当日不计）"
    last_day = start + timedelta(days=days)
    if last_day != due_on:
        return f"{text}，期满日 {last_day.isoformat()} 为休息日，顺延至其后第一个工作日 {due_on.isoformat()}"
    return f"{text}，至 {due_on.isoformat()} 届满"


def _strictest(computed: list[Deadline]) -> Deadline:
    """The earliest deadline (the first listed on a tie), naming the others as its candidates."""
    winner = min(computed, key=lambda deadline: deadline.due_on)
    others = tuple(deadline.policy_code for deadline in computed if deadline is not winner)
    return replace(winner, candidates=others)
