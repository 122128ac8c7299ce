"""The routing table: one rule of role tokens per case kind, the default table, and its JSON rows.

An administrator may edit the table (stored as rows); ``table_from_rows`` validates it and names
the bad row in Chinese. Plain Python: no Django, no clock.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from mediation.rules.routing.vocabulary import (
    CASE_KINDS,
    CONDUCT,
    EXECUTION,
    GOVERNANCE,
    LEAD_TOKENS,
    LEGAL,
    MEDIATION,
    OWNER_TOKENS,
    POLICY,
    ROLE_TOKENS,
)


class RoutingTableError(ValueError):
    """A routing table row that cannot be used; the message (Chinese) names the row."""


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
