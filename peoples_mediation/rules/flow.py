"""People's mediation (人民调解) as data: its stages, the actions that move it, and the checks on
parties, mediators, consent, agreements and referrals.

The law: 《中华人民共和国人民调解法》（2010年）

- 第十七条 a party may apply, or the committee may mediate on its own motion; 当事人一方明确拒绝调解的，
  不得调解: a refusal by either side ends it (here: closed with a referral);
- 第十九条、第二十三条 one or more mediators, appointed by the committee or chosen by the parties;
  a mediator related to a party stands aside (the center's recusal rule: a declared relation refuses
  the choice);
- 第二十六条 调解不成的，应当终止调解，并告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利: a
  failure is closed with a referral to the court, arbitration or the competent line office;
- 第二十八条、第二十九条 the agreement (调解协议书): the parties, the facts and the dispute, the agreed
  obligations with how and by when; in force from the day the parties sign and the mediators sign
  under the committee's seal;
- 第三十一条 the committee follows up the performance of the agreement;
- 第三十三条 within 30 days of the agreement taking effect the parties may jointly apply to the court
  for judicial confirmation (the clock is data in ``mediation.rules.deadlines``).

**How the stages map onto the case's status** (``cases.rules.status``, one status field per case):
a mediation case is registered, routed, signed out to the mediation committee (交办签) and picked
like any other case; while it is ``in_progress`` its mediation stage runs here: ``preparing``
(parties, mediators, consent) → ``mediating`` (sessions). The outcome is the case's written answer:
the signed agreement (``agreed``), or the termination with its referral (``refused`` when a side
refused to mediate, ``failed`` when mediation did not succeed) moves the case to ``replied`` and meets
its reply clock; the director's completion signature (办结签) is not asked for, because the agreement is
the parties' own, signed under the committee's seal (第二十九条). The follow-up of the agreement's
performance (第三十一条) is the case's follow-up visit (回访): it moves the case to
``follow_up_done``; a terminated case gets the ordinary follow-up visit. Closing stays the case's.
A leader-led case (沥工委〔2020〕38号 一（四）) is answered only when its owner has done what 二（二）、二（四）
ask, as a petition is signed off (the services check it, ``peoples_mediation.services.common.answer``).

Plain Python over plain data: no Django, no clock.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

# Stages (stored values).
PREPARING: Final = "preparing"
MEDIATING: Final = "mediating"
AGREED: Final = "agreed"
FAILED: Final = "failed"
REFUSED: Final = "refused"

STAGE_LABELS: Final[Mapping[str, str]] = {
    PREPARING: "准备调解（当事人、调解员、调解意愿）",
    MEDIATING: "调解中",
    AGREED: "达成调解协议",
    FAILED: "调解不成，已告知其他途径",
    REFUSED: "当事人拒绝调解，已告知其他途径",
}
STAGES: Final = frozenset(STAGE_LABELS)
CONCLUDED: Final = frozenset({AGREED, FAILED, REFUSED})

# Case statuses (``cases.rules.status``) the stages need; the values, not the module (rules stay apart).
CASE_WORKING: Final = "in_progress"
CASE_ANSWERED: Final = "replied"
CASE_FOLLOWED_UP: Final = "follow_up_done"

_WORKING: Final = frozenset({CASE_WORKING})
_ANSWERED: Final = frozenset({CASE_ANSWERED, CASE_FOLLOWED_UP})

# Actions: from which stages, to which stage (None: unchanged), in which case statuses.
_ACTIONS: Final[Mapping[str, tuple[frozenset[str], str | None, frozenset[str]]]] = {
    "add_party": (frozenset({PREPARING}), None, _WORKING),
    "choose_mediator": (frozenset({PREPARING, MEDIATING}), None, _WORKING),
    "record_consent": (frozenset({PREPARING}), None, _WORKING),
    "schedule_session": (frozenset({MEDIATING}), None, _WORKING),
    "record_session": (frozenset({MEDIATING}), None, _WORKING),
    "record_agreement": (frozenset({MEDIATING}), AGREED, _WORKING),
    "record_failure": (frozenset({MEDIATING}), FAILED, _WORKING),
    # 第三十一条: the committee follows the performance up; the first check is the case's follow-up visit.
    "record_performance": (frozenset({AGREED}), None, _ANSWERED),
    "record_confirmation": (frozenset({AGREED}), None, _ANSWERED),
}
ACTIONS: Final = tuple(_ACTIONS)

ACTION_LABELS: Final[Mapping[str, str]] = {
    "add_party": "登记当事人",
    "choose_mediator": "选定调解员",
    "record_consent": "记录调解意愿",
    "schedule_session": "安排调解",
    "record_session": "记录调解情况",
    "record_agreement": "登记调解协议",
    "record_failure": "终止调解并告知其他途径",
    "record_performance": "记录协议履行情况",
    "record_confirmation": "记录司法确认申请",
}

CASE_STATUS_LABELS: Final[Mapping[str, str]] = {
    CASE_WORKING: "办理中（已领取）",
    CASE_ANSWERED: "已出具调解结果",
    CASE_FOLLOWED_UP: "已回访",
}

# Where a case goes when mediation does not settle it (第二十六条).
COURT: Final = "court"
ARBITRATION: Final = "arbitration"
LINE_OFFICE: Final = "line_office"
REFERRAL_LABELS: Final[Mapping[str, str]] = {
    COURT: "向人民法院提起诉讼",
    ARBITRATION: "申请仲裁",
    LINE_OFFICE: "向主管的行政机关（线办）申请处理",
}
REFERRALS: Final = frozenset(REFERRAL_LABELS)

PERFORMANCE_STATES: Final = frozenset({"performed", "partly", "not_performed"})

APPLICANT: Final = "applicant"
RESPONDENT: Final = "respondent"
SIDES: Final = frozenset({APPLICANT, RESPONDENT})

MIN_PARTIES: Final = 2


class MediationRefused(Exception):
    """A step the rules refuse; ``code`` for programs, ``message`` (Chinese) for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_action(action: str, stage: str, case_status: str) -> str:
    """The stage the mediation moves to when ``action`` is taken now (raises ``MediationRefused``)."""
    if action not in _ACTIONS:
        raise MediationRefused("unknown_action", f"未知操作“{action}”")
    if stage not in STAGES:
        raise MediationRefused("unknown_stage", f"未知调解阶段“{stage}”")
    stages, to_stage, needs_statuses = _ACTIONS[action]
    label = ACTION_LABELS[action]
    if case_status not in needs_statuses:
        where = "”或“".join(CASE_STATUS_LABELS[status] for status in sorted(needs_statuses))
        raise MediationRefused("wrong_status", f"案件须处于“{where}”状态才能{label}")
    if stage not in stages:
        raise MediationRefused("wrong_stage", f"调解当前阶段为“{STAGE_LABELS[stage]}”，不能{label}")
    return to_stage or stage


def allowed_actions(stage: str, case_status: str) -> tuple[str, ...]:
    """The mediation actions open now, in table order."""
    return tuple(
        action
        for action, (stages, _to, needs_statuses) in _ACTIONS.items()
        if stage in stages and case_status in needs_statuses
    )


# --- parties and consent -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartyFacts:
    """What the rules need of a party: its side and its answer to mediation (None: not asked yet)."""

    name: str
    side: str
    consent: bool | None = None


def check_new_party(existing: Iterable[PartyFacts], name: str, side: str) -> None:
    """A named party on a known side, not already recorded under that name."""
    if side not in SIDES:
        raise MediationRefused("side", "请选择当事人是申请人还是被申请人")
    if not name.strip():
        raise MediationRefused("name", "请填写当事人姓名或名称")
    if any(p.name == name.strip() for p in existing):
        raise MediationRefused("duplicate", f"当事人“{name.strip()}”已登记")


def check_ready_for_consent(parties: Iterable[PartyFacts]) -> None:
    """Consent is asked of two or more parties, on both sides."""
    parties = list(parties)
    if len(parties) < MIN_PARTIES:
        raise MediationRefused("parties", "人民调解至少需要两方当事人，请先登记当事人")
    sides = {p.side for p in parties}
    if sides != SIDES:
        raise MediationRefused("sides", "当事人须有申请人和被申请人双方")


def stage_after_consent(parties: Iterable[PartyFacts]) -> str:
    """``refused`` once any party refuses (第十七条); ``mediating`` once every party agreed; else ``preparing``."""
    parties = list(parties)
    if any(p.consent is False for p in parties):
        return REFUSED
    check_ready_for_consent(parties)
    if all(p.consent is True for p in parties):
        return MEDIATING
    return PREPARING


# --- mediators -----------------------------------------------------------------------------------


def check_mediator_choice(*, active: bool, already_chosen: bool, related_party: str = "", relation: str = "") -> None:
    """An active mediator of the roster, chosen once, who declared no relation to any party."""
    if not active:
        raise MediationRefused("inactive", "该调解员已不在调解员名册中（已停用），不能选定")
    if already_chosen:
        raise MediationRefused("already_chosen", "该调解员已选定")
    if related_party or relation.strip():
        whom = f"“{related_party}”" if related_party else "一方当事人"
        what = f"（{relation.strip()}）" if relation.strip() else ""
        raise MediationRefused(
            "recusal",
            f"该调解员与当事人{whom}有亲属或利害关系{what}，应当回避，不能选定为本案调解员；请另选其他调解员",
        )


def check_mediators_chosen(count: int) -> None:
    """Sessions and the agreement need at least one mediator (第十九条)."""
    if count < 1:
        raise MediationRefused("no_mediator", "请先选定至少一名调解员")


# --- the outcome ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ObligationFacts:
    """One agreed obligation: who owes it, what, and by when."""

    party: str
    text: str
    due_on: date


def check_agreement(*, facts: str, dispute: str, obligations: Iterable[ObligationFacts], signed_on: date) -> None:
    """The agreement states the facts, the dispute and at least one obligation due on or after signing (第二十九条)."""
    if not facts.strip():
        raise MediationRefused("facts", "请填写纠纷的主要事实")
    if not dispute.strip():
        raise MediationRefused("dispute", "请填写争议事项")
    obligations = list(obligations)
    if not obligations:
        raise MediationRefused("obligations", "调解协议至少应载明一项义务及其履行期限")
    for obligation in obligations:
        if not obligation.text.strip():
            raise MediationRefused("obligations", "每项义务须写明履行内容")
        if obligation.due_on < signed_on:
            raise MediationRefused(
                "obligations", f"义务“{obligation.text.strip()[:20]}”的履行期限早于协议签订日，请更正"
            )


def check_performance(states: Iterable[str]) -> None:
    """Every obligation's performance is stated: performed, partly or not performed."""
    states = list(states)
    if not states or any(state not in PERFORMANCE_STATES for state in states):
        raise MediationRefused("performance", "请逐项写明协议义务的履行情况")


def check_referral(referral: str, note: str) -> None:
    """A termination tells the parties where to go instead (第二十六条)."""
    if referral not in REFERRALS:
        raise MediationRefused("referral", "请选择告知当事人的其他途径：诉讼、仲裁或主管行政机关")
    if not note.strip():
        raise MediationRefused("note", "请写明调解终止的情况和告知的内容")


def check_session_held(*, held_on: date, scheduled_on: date, today: date, said: str) -> None:
    """A session is recorded as held on its day or later, not in the future, with what was said."""
    if held_on > today:
        raise MediationRefused("future", "调解日期不能晚于今天")
    if held_on < scheduled_on:
        raise MediationRefused("too_early", "调解日期不能早于安排的日期")
    if not said.strip():
        raise MediationRefused("said", "请记录调解中各方的陈述")


def check_session_schedule(*, on: date, today: date, place: str) -> None:
    if on < today:
        raise MediationRefused("past", "调解时间不能早于今天")
    if not place.strip():
        raise MediationRefused("place", "请填写调解地点")
