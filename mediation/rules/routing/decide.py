"""``route_case``: the proposed routing of one case, with its reasons and what the clerk must decide.

Plain Python: no Django, no clock.
"""

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from mediation.rules.escalation import assess
from mediation.rules.routing.facts import CaseFacts, OrgSnapshot, RoutingDecision
from mediation.rules.routing.resolve import (
    Found,
    area_liaison_team,
    conflicted_leaders,
    excluded_units,
    leader_token,
    responsible_unit,
    unit_token,
)
from mediation.rules.routing.table import DEFAULT_ROUTING_TABLE, RoutingRule
from mediation.rules.routing.vocabulary import (
    CASE_KIND_CLAUSES,
    CASE_KIND_LABELS,
    CONDUCT,
    GAP_DISCIPLINE_OFFICE_ACCUSED,
    RULEBOOK,
    TOKEN_LABELS,
    UNIT_TOKENS,
)


def _listing(labels: Sequence[str]) -> str:
    """``甲``, ``甲及乙``, ``甲、乙及丙``."""
    if len(labels) <= 1:
        return "".join(labels)
    return f"{'、'.join(labels[:-1])}及{labels[-1]}"


def _rule_reason(rule: RoutingRule) -> str:
    """The routing rule in one Chinese sentence with its clause."""
    clause = CASE_KIND_CLAUSES.get(rule.case_kind, "一（一）")
    sentence = f"由{TOKEN_LABELS[rule.owner]}牵头、{TOKEN_LABELS[rule.lead]}承办"
    if rule.assist:
        sentence += f"，{_listing([TOKEN_LABELS[token] for token in rule.assist])}协助"
    return f"{CASE_KIND_LABELS[rule.case_kind]}：{sentence}（{RULEBOOK} {clause}）"


def _lead(rule: RoutingRule, facts: CaseFacts, org: OrgSnapshot, excluded: frozenset[str]) -> tuple[str | None, Found]:
    """The lead unit, or None with the gap explaining why."""
    found = unit_token(rule.lead, facts, org)
    if not found.ids:
        return None, found
    if found.ids[0] in excluded:
        if rule.lead == "discipline_office":
            return None, Found(gaps=(GAP_DISCIPLINE_OFFICE_ACCUSED,))
        return None, Found(gaps=("被反映单位不得承办本件，需登记员另行指定承办单位",))
    return found.ids[0], found


class _Exclusions(NamedTuple):
    units: frozenset[str]
    leaders: frozenset[str]


def _owner_needs_stand_in(
    rule: RoutingRule, found: Found, facts: CaseFacts, org: OrgSnapshot, ctx: _Exclusions
) -> bool:
    """Whether the owning leader must step aside: accused, or answerable for an excluded unit."""
    if found.ids and found.ids[0] in ctx.leaders:
        return True
    if rule.owner == "supervising_leader":
        responsible = responsible_unit(rule, facts, org)
        return bool(responsible.ids) and responsible.ids[0] in ctx.units
    if rule.owner == "area_chief":
        team = area_liaison_team(facts, org)
        return bool(team.ids) and team.ids[0] in ctx.units
    return False


def _owner(
    rule: RoutingRule, facts: CaseFacts, org: OrgSnapshot, ctx: _Exclusions
) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """The owning leader, with reasons and gaps; the director stands in for a conflicted owner."""
    found = leader_token(rule.owner, rule, facts, org)
    if not _owner_needs_stand_in(rule, found, facts, org, ctx):
        return (found.ids[0] if found.ids else None), (), found.gaps
    if org.director and org.director not in ctx.leaders:
        reason = (
            f"{TOKEN_LABELS[rule.owner]}与被反映对象有关，须回避，改由主要领导牵头（分管责任见{RULEBOOK} 三（四））"
        )
        return org.director, (reason,), ()
    return None, (), ("牵头领导与主要领导均须回避，需报上级纪委指定牵头领导",)


def _distinct(items: Iterable[str]) -> tuple[str, ...]:
    """The items in first-seen order, without repeats."""
    return tuple(dict.fromkeys(items))


def _assistants(
    rule: RoutingRule,
    facts: CaseFacts,
    org: OrgSnapshot,
    ctx: _Exclusions,
    *,
    lead: str | None,
    owner: str | None,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Assisting units and leaders in table order, without the lead, the owner or anyone excluded."""
    units: list[str] = []
    leaders: list[str] = []
    gaps: list[str] = []
    for token in rule.assist:
        if token in UNIT_TOKENS:
            found = unit_token(token, facts, org)
            units += [code for code in found.ids if code not in ctx.units and code != lead]
        else:
            found = leader_token(token, rule, facts, org)
            leaders += [leader for leader in found.ids if leader not in ctx.leaders and leader != owner]
        if token not in rule.optional:
            gaps += found.gaps
    return _distinct(units), _distinct(leaders), tuple(gaps)


def route_case(
    facts: CaseFacts, org: OrgSnapshot, table: Sequence[RoutingRule] = DEFAULT_ROUTING_TABLE
) -> RoutingDecision:
    """Propose the routing of a case by the table (一（一）) and its escalation (一（三）、一（四））.

    Never raises for missing data: anything that cannot be resolved is left ``None`` or out and
    named in ``gaps`` for the clerk. An escalated case is leader-led: its owner (the supervising
    leader, or the area chief for an execution case) handles it directly (一（四）).
    """
    escalation = assess(facts.repeat_count, facts.skip_level, facts.group_size, facts.extreme_behaviour)
    accused = bool(facts.accused_units or facts.accused_persons)
    confidential = facts.kind == CONDUCT or accused
    rule = next((rule for rule in table if rule.case_kind == facts.kind), None)
    if rule is None:
        gap = f"路由表中没有“{CASE_KIND_LABELS[facts.kind]}”的规则，需登记员指定承办单位和牵头领导"
        return RoutingDecision(None, (), (), None, escalation.escalated, escalation, confidential, (), (gap,))

    excluded = excluded_units(facts, org)
    ctx = _Exclusions(excluded, conflicted_leaders(facts, org, excluded))
    reasons = [_rule_reason(rule)]
    gaps: list[str] = []

    lead, lead_found = _lead(rule, facts, org, ctx.units)
    gaps += lead_found.gaps
    owner, owner_reasons, owner_gaps = _owner(rule, facts, org, ctx)
    reasons += owner_reasons
    gaps += owner_gaps
    units, leaders, assist_gaps = _assistants(rule, facts, org, ctx, lead=lead, owner=owner)
    gaps += assist_gaps

    if confidential:
        reasons.append(
            "本件涉及被反映的干部或单位，按保密件办理：被反映的单位、人员及其分管领导（片长）不参与办理、不得知悉"
        )
    if accused and facts.kind != CONDUCT:
        gaps.append("本件有被反映对象，但未按干部作风问题登记，需登记员确认事项类别")
    if org.director and org.director in facts.accused_persons:
        gaps.append("被反映对象包括主要领导：交办签、办结签须回避，需报上级纪委")
    reasons += escalation.reasons
    if escalation.escalated and owner is None:
        gaps.append(f"升级件须由领导牵头领办，但未能确定{TOKEN_LABELS[rule.owner]}，需登记员确认")

    return RoutingDecision(
        lead_unit=lead,
        assisting_units=units,
        assisting_leaders=leaders,
        owner=owner,
        leader_led=escalation.escalated,
        escalation=escalation,
        confidential=confidential,
        reasons=_distinct(reasons),
        gaps=_distinct(gaps),
    )
