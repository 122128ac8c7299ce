"""Routing: a case's lead unit, assisting units and owning leader (沥工委〔2020〕38号 一（一）、一（四））.

Rulebook 一（一） routes a case by its kind:

1. policy questions (a line office must rule, interpret, or leads the project): the supervising
   leader leads, the responsible line office handles, the area chief and liaison team assist;
2. failures of execution inside an area: the area chief and liaison team handle, the
   responsible line office and its supervising leader assist;
3. complaints about officials' conduct: the discipline office with its supervising leader
   handles, the related line office, liaison team and their leaders assist.

The center also hosts legal service, people's mediation and comprehensive governance (二（八））;
those kinds go to their own unit. The table is data (``RoutingRule`` rows of role tokens) that
an administrator may edit; ``table_from_rows`` validates it. ``route_case`` never raises for
missing facts or organisation data: it reports them as ``gaps`` for the petition office clerk.

A conduct complaint never reaches what it is about (PRODUCT rule 1): accused units, the units
of accused persons, accused leaders and the leaders who supervise an accused unit (or chief the
area of an accused liaison team) are kept out of every field of the decision.

Plain Python over plain data: no Django, no clock.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from mediation.rules.escalation import EscalationAssessment, assess

RULEBOOK: Final = "沥工委〔2020〕38号"

# Case kinds (stored values) and their Chinese names.
POLICY: Final = "policy"
EXECUTION: Final = "execution"
CONDUCT: Final = "conduct"
LEGAL: Final = "legal"
MEDIATION: Final = "mediation"
GOVERNANCE: Final = "governance"

CASE_KIND_LABELS: Final[Mapping[str, str]] = {
    POLICY: "政策性问题",
    EXECUTION: "政策执行、职责履行不到位问题",
    CONDUCT: "干部作风、效能问题",
    LEGAL: "法律咨询、法律援助事项",
    MEDIATION: "民间纠纷",
    GOVERNANCE: "社会治安、网格管理问题",
}
CASE_KINDS: Final = frozenset(CASE_KIND_LABELS)

CASE_KIND_CLAUSES: Final[Mapping[str, str]] = {
    POLICY: "一（一）1",
    EXECUTION: "一（一）2",
    CONDUCT: "一（一）3",
    LEGAL: "二（八）",
    MEDIATION: "二（八）",
    GOVERNANCE: "二（八）",
}

# Unit kinds (the same stored values as departments.Unit.Kind).
UNIT_KIND_LABELS: Final[Mapping[str, str]] = {
    "petition_office": "信访办",
    "line_office": "线办",
    "discipline_office": "纪工委、监察办",
    "governance_office": "综治办",
    "legal_service": "司法所",
    "mediation_committee": "人民调解委员会",
    "liaison_team": "联村工作组",
}
UNIT_KINDS: Final = frozenset(UNIT_KIND_LABELS)

# Role tokens of the routing table.
TOKEN_LABELS: Final[Mapping[str, str]] = {
    "line_office": "责任线办",
    "area_liaison_team": "联村工作组",
    "discipline_office": "纪工委（监察办）",
    "legal_service": "司法所",
    "mediation_committee": "人民调解委员会",
    "governance_office": "综治办",
    "petition_office": "信访办",
    "related_units": "相关责任线办、联村工作组",
    "area_chief": "片长",
    "supervising_leader": "分管领导",
    "director": "主要领导",
    "related_leaders": "相关分管领导（片长）",
}
KIND_TOKENS: Final = frozenset(
    {"discipline_office", "legal_service", "mediation_committee", "governance_office", "petition_office"}
)
"""Tokens naming the one unit of that kind."""
LEAD_TOKENS: Final = frozenset({"line_office", "area_liaison_team"}) | KIND_TOKENS
"""Tokens that resolve to one unit: what may lead a case."""
UNIT_TOKENS: Final = LEAD_TOKENS | {"related_units"}
OWNER_TOKENS: Final = frozenset({"area_chief", "supervising_leader", "director"})
"""Tokens that resolve to one leader: who may own a case."""
LEADER_TOKENS: Final = OWNER_TOKENS | {"related_leaders"}
ROLE_TOKENS: Final = UNIT_TOKENS | LEADER_TOKENS

GAP_NO_LINE_OFFICE: Final = "未指定责任线办，需登记员确认"
GAP_NO_AREA: Final = "未确定信访人所在片区，需登记员确认"
GAP_DISCIPLINE_OFFICE_ACCUSED: Final = "被反映对象为纪工委，需报上级纪委"


class RoutingTableError(ValueError):
    """A routing table row that cannot be used; the message (Chinese) names the row."""


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit of the center; a liaison team carries the code of its area."""

    code: str
    kind: str
    area: str | None = None


@dataclass(frozen=True, slots=True)
class OrgSnapshot:
    """The organisation as plain data: units by code, leaders by id (``"leader:12"``)."""

    units: Mapping[str, UnitRef]
    supervisor_of_unit: Mapping[str, str] = field(default_factory=dict)
    chief_of_area: Mapping[str, str] = field(default_factory=dict)
    liaison_team_of_area: Mapping[str, str] = field(default_factory=dict)
    director: str | None = None
    unit_of_person: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What routing needs to know about a case (kinds: see ``CASE_KIND_LABELS``)."""

    kind: str
    line_office: str | None = None
    area: str | None = None
    repeat_count: int = 1
    skip_level: bool = False
    group_size: int = 1
    extreme_behaviour: bool = False
    accused_units: frozenset[str] = frozenset()
    accused_persons: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.kind not in CASE_KINDS:
            raise ValueError(f"unknown case kind {self.kind!r}; expected one of {sorted(CASE_KINDS)}")
        if self.repeat_count < 1:
            raise ValueError(f"repeat_count counts this petition too, so it is at least 1, got {self.repeat_count}")
        if self.group_size < 1:
            raise ValueError(f"group_size must be at least 1, got {self.group_size}")


@dataclass(frozen=True, slots=True)
class RoutingRule:
    """One row of the routing table: role tokens for the lead unit, assistants and owner.

    ``optional`` lists assist tokens that are silently left out when they cannot be resolved
    (for example the liaison team of a legal consultation whose area is unknown); any other
    unresolved token is reported as a gap.
    """

    case_kind: str
    lead: str
    assist: tuple[str, ...]
    owner: str
    optional: tuple[str, ...] = ()


DEFAULT_ROUTING_TABLE: Final[tuple[RoutingRule, ...]] = (
    # 一（一）1: 由分管领导牵头、责任线办负责承办，片长及联村工作组负责协助。
    RoutingRule(POLICY, lead="line_office", assist=("area_chief", "area_liaison_team"), owner="supervising_leader"),
    # 一（一）2: 由片长及联村工作组负责承办，责任线办及分管领导负责协助。
    RoutingRule(EXECUTION, lead="area_liaison_team", assist=("line_office", "supervising_leader"), owner="area_chief"),
    # 一（一）3: 由纪工委、监察办及分管领导负责承办，相关责任线办、联村工作组及分管领导（片长）负责协助。
    RoutingRule(
        CONDUCT,
        lead="discipline_office",
        assist=("related_units", "related_leaders"),
        owner="supervising_leader",
        optional=("related_units", "related_leaders"),
    ),
    # 二（八）: the center integrates legal service, mediation and comprehensive governance.
    RoutingRule(
        LEGAL,
        lead="legal_service",
        assist=("area_liaison_team",),
        owner="supervising_leader",
        optional=("area_liaison_team",),
    ),
    RoutingRule(
        MEDIATION,
        lead="mediation_committee",
        assist=("area_liaison_team",),
        owner="supervising_leader",
        optional=("area_liaison_team",),
    ),
    RoutingRule(
        GOVERNANCE,
        lead="governance_office",
        assist=("area_liaison_team",),
        owner="supervising_leader",
        optional=("area_liaison_team",),
    ),
)


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    """The proposed routing of a case, with its reasons and what the clerk must still decide."""

    lead_unit: str | None
    assisting_units: tuple[str, ...]
    assisting_leaders: tuple[str, ...]
    owner: str | None
    leader_led: bool
    escalation: EscalationAssessment
    confidential: bool
    reasons: tuple[str, ...]
    gaps: tuple[str, ...]


# --- the routing table as data ---------------------------------------------------------------

_ROW_FIELDS: Final = ("case_kind", "lead", "assist", "owner", "optional")
_REQUIRED_ROW_FIELDS: Final = frozenset({"case_kind", "lead", "assist", "owner"})


def _choices(tokens: Iterable[str]) -> str:
    return "、".join(sorted(tokens))


def _token_list(value: object, *, name: str) -> tuple[list[str], tuple[str, ...]]:
    """A JSON list of tokens as a tuple, or the problems with it."""
    if not isinstance(value, list | tuple) or not all(isinstance(token, str) for token in value):
        return [f"“{name}”须为角色列表"], ()
    return [], tuple(value)


def _row_problems(row: Mapping[str, object]) -> tuple[list[str], RoutingRule | None]:
    """Everything wrong with one row (Chinese), or the rule it describes."""
    problems = [f"缺少字段“{key}”" for key in sorted(_REQUIRED_ROW_FIELDS - row.keys())]
    problems += [f"未知字段“{key}”" for key in sorted(set(row) - set(_ROW_FIELDS), key=str)]
    if problems:
        return problems, None
    case_kind, lead, owner = row["case_kind"], row["lead"], row["owner"]
    if case_kind not in CASE_KINDS:
        problems.append(f"事项类别“{case_kind}”不存在（可选：{_choices(CASE_KINDS)}）")
    if lead not in LEAD_TOKENS:
        problems.append(f"承办单位角色“{lead}”无效（可选：{_choices(LEAD_TOKENS)}）")
    if owner not in OWNER_TOKENS:
        problems.append(f"牵头领导角色“{owner}”无效（可选：{_choices(OWNER_TOKENS)}）")
    assist_problems, assist = _token_list(row["assist"], name="assist")
    optional_problems, optional = _token_list(row.get("optional", []), name="optional")
    problems += assist_problems + optional_problems
    problems += [
        f"协助角色“{token}”无效（可选：{_choices(ROLE_TOKENS)}）" for token in assist if token not in ROLE_TOKENS
    ]
    problems += [f"协助角色“{token}”重复" for token in sorted(set(assist)) if assist.count(token) > 1]
    if lead in assist:
        problems.append(f"承办单位角色“{lead}”不能同时作为协助角色")
    if owner in assist:
        problems.append(f"牵头领导角色“{owner}”不能同时作为协助角色")
    problems += [f"可选角色“{token}”不在协助角色中" for token in optional if token not in assist]
    if problems:
        return problems, None
    return [], RoutingRule(str(case_kind), str(lead), assist, str(owner), optional)


def table_from_rows(rows: Iterable[Mapping[str, object]]) -> tuple[RoutingRule, ...]:
    """Validate a routing table stored as JSON rows and return it as rules.

    Each row is ``{"case_kind", "lead", "assist", "owner"}`` with an optional ``"optional"``
    list. Every case kind needs exactly one row, so that an edited table cannot silently drop
    a kind of case. Raises ``RoutingTableError`` whose Chinese message names the bad row.
    """
    rules: list[RoutingRule] = []
    row_of_kind: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise RoutingTableError(f"路由表第{number}行：不是“字段: 值”形式的对象")
        problems, rule = _row_problems(row)
        label = f"路由表第{number}行（{row.get('case_kind', '?')}）"
        if rule is None:
            raise RoutingTableError(f"{label}：{'；'.join(problems)}")
        if rule.case_kind in row_of_kind:
            raise RoutingTableError(
                f"{label}：事项类别“{rule.case_kind}”重复（已在第{row_of_kind[rule.case_kind]}行定义）"
            )
        row_of_kind[rule.case_kind] = number
        rules.append(rule)
    missing = CASE_KINDS - row_of_kind.keys()
    if missing:
        raise RoutingTableError(f"路由表缺少以下事项类别的规则：{_choices(missing)}")
    return tuple(rules)


def table_to_rows(table: Sequence[RoutingRule]) -> list[dict[str, object]]:
    """A routing table as JSON-ready rows, the inverse of ``table_from_rows``."""
    return [
        {
            "case_kind": rule.case_kind,
            "lead": rule.lead,
            "assist": list(rule.assist),
            "owner": rule.owner,
            "optional": list(rule.optional),
        }
        for rule in table
    ]


# --- resolving role tokens -------------------------------------------------------------------


class _Found(NamedTuple):
    """What a token resolved to (unit codes or leader ids), and what was missing."""

    ids: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()


def _line_office(facts: CaseFacts, org: OrgSnapshot) -> _Found:
    """The responsible line office named at registration, if it is one."""
    code = facts.line_office
    if not code:
        return _Found(gaps=(GAP_NO_LINE_OFFICE,))
    unit = org.units.get(code)
    if unit is None:
        return _Found(gaps=(f"责任线办“{code}”不在组织机构中，需登记员确认",))
    if unit.kind != "line_office":
        return _Found(gaps=(f"“{code}”不是线办，需登记员另行指定责任线办",))
    return _Found(ids=(code,))


def _area_liaison_team(facts: CaseFacts, org: OrgSnapshot) -> _Found:
    """The liaison team of the petitioner's area."""
    if not facts.area:
        return _Found(gaps=(GAP_NO_AREA,))
    code = org.liaison_team_of_area.get(facts.area)
    if not code or code not in org.units:
        return _Found(gaps=(f"片区“{facts.area}”未配置联村工作组，需登记员确认",))
    return _Found(ids=(code,))


def _unit_of_kind(kind: str, org: OrgSnapshot) -> _Found:
    """The one unit of a kind (the first by code if, unexpectedly, there are several)."""
    codes = sorted(code for code, unit in org.units.items() if unit.kind == kind)
    if not codes:
        return _Found(gaps=(f"组织机构中没有{UNIT_KIND_LABELS[kind]}，需登记员指定",))
    if len(codes) > 1:
        return _Found(
            ids=(codes[0],), gaps=(f"组织机构中有多个{UNIT_KIND_LABELS[kind]}，已取“{codes[0]}”，需登记员确认",)
        )
    return _Found(ids=(codes[0],))


def _area_chief(facts: CaseFacts, org: OrgSnapshot) -> _Found:
    """The area chief of the petitioner's area."""
    if not facts.area:
        return _Found(gaps=(GAP_NO_AREA,))
    chief = org.chief_of_area.get(facts.area)
    if not chief:
        return _Found(gaps=(f"片区“{facts.area}”未配置片长，需登记员确认",))
    return _Found(ids=(chief,))


def _supervisor(unit: _Found, org: OrgSnapshot) -> _Found:
    """The supervising leader of a resolved unit."""
    if not unit.ids:
        return unit
    leader = org.supervisor_of_unit.get(unit.ids[0])
    if not leader:
        return _Found(gaps=(f"“{unit.ids[0]}”未配置分管领导，需登记员确认",))
    return _Found(ids=(leader,))


def _join(*found: _Found) -> _Found:
    """Several partial resolutions as one: the ids found, and gaps only if none was found."""
    ids = tuple(code for part in found for code in part.ids)
    return _Found(ids=ids, gaps=() if ids else tuple(gap for part in found for gap in part.gaps))


def _unit_token(role: str, facts: CaseFacts, org: OrgSnapshot) -> _Found:
    if role == "line_office":
        return _line_office(facts, org)
    if role == "area_liaison_team":
        return _area_liaison_team(facts, org)
    if role == "related_units":
        return _join(_line_office(facts, org), _area_liaison_team(facts, org))
    return _unit_of_kind(role, org)


def _responsible_unit(rule: RoutingRule, facts: CaseFacts, org: OrgSnapshot) -> _Found:
    """The unit whose supervising leader is "the" supervising leader of the case.

    That is the lead unit, except when a liaison team leads (一（一）2): liaison teams answer to
    their area chief, and the supervising leader there is the one of the responsible line office.
    """
    if rule.lead == "area_liaison_team":
        return _line_office(facts, org)
    return _unit_token(rule.lead, facts, org)


def _leader_token(role: str, rule: RoutingRule, facts: CaseFacts, org: OrgSnapshot) -> _Found:
    if role == "area_chief":
        return _area_chief(facts, org)
    if role == "supervising_leader":
        return _supervisor(_responsible_unit(rule, facts, org), org)
    if role == "director":
        return _Found(ids=(org.director,)) if org.director else _Found(gaps=("未配置主要领导，需登记员确认",))
    # related_leaders: the supervising leader of the line office concerned and the area chief.
    return _join(_supervisor(_line_office(facts, org), org), _area_chief(facts, org))


# --- who must stay out of a complaint --------------------------------------------------------


def _excluded_units(facts: CaseFacts, org: OrgSnapshot) -> frozenset[str]:
    """Accused units and the units of accused persons (一（一）3; PRODUCT rule 1)."""
    units = set(facts.accused_units)
    for person in facts.accused_persons:
        units |= org.unit_of_person.get(person, frozenset())
    return frozenset(units)


def _conflicted_leaders(facts: CaseFacts, org: OrgSnapshot, excluded_units: frozenset[str]) -> frozenset[str]:
    """Accused leaders, and the leaders answerable for an excluded unit.

    A supervising leader carries the supervisory responsibility for their units and an area chief
    for their liaison team (三（四）), so neither takes part in a complaint about that unit.
    """
    leaders = set(facts.accused_persons)
    leaders |= {org.supervisor_of_unit[code] for code in excluded_units if code in org.supervisor_of_unit}
    for area, team in org.liaison_team_of_area.items():
        if team in excluded_units and area in org.chief_of_area:
            leaders.add(org.chief_of_area[area])
    return frozenset(leaders)


# --- the decision ----------------------------------------------------------------------------


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


def _lead(rule: RoutingRule, facts: CaseFacts, org: OrgSnapshot, excluded: frozenset[str]) -> tuple[str | None, _Found]:
    """The lead unit, or None with the gap explaining why."""
    found = _unit_token(rule.lead, facts, org)
    if not found.ids:
        return None, found
    if found.ids[0] in excluded:
        if rule.lead == "discipline_office":
            return None, _Found(gaps=(GAP_DISCIPLINE_OFFICE_ACCUSED,))
        return None, _Found(gaps=("被反映单位不得承办本件，需登记员另行指定承办单位",))
    return found.ids[0], found


class _Exclusions(NamedTuple):
    units: frozenset[str]
    leaders: frozenset[str]


def _owner_needs_stand_in(
    rule: RoutingRule, found: _Found, facts: CaseFacts, org: OrgSnapshot, ctx: _Exclusions
) -> bool:
    """Whether the owning leader must step aside: accused, or answerable for an excluded unit."""
    if found.ids and found.ids[0] in ctx.leaders:
        return True
    if rule.owner == "supervising_leader":
        responsible = _responsible_unit(rule, facts, org)
        return bool(responsible.ids) and responsible.ids[0] in ctx.units
    if rule.owner == "area_chief":
        team = _area_liaison_team(facts, org)
        return bool(team.ids) and team.ids[0] in ctx.units
    return False


def _owner(
    rule: RoutingRule, facts: CaseFacts, org: OrgSnapshot, ctx: _Exclusions
) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """The owning leader, with reasons and gaps; the director stands in for a conflicted owner."""
    found = _leader_token(rule.owner, rule, facts, org)
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
            found = _unit_token(token, facts, org)
            units += [code for code in found.ids if code not in ctx.units and code != lead]
        else:
            found = _leader_token(token, rule, facts, org)
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

    excluded_units = _excluded_units(facts, org)
    ctx = _Exclusions(excluded_units, _conflicted_leaders(facts, org, excluded_units))
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
