"""The words of routing: case kinds, unit kinds, the role tokens of the table, and the standing gaps.

Stored values are English; the labels are the rulebook's Chinese. Plain Python: no Django, no clock.
"""

from collections.abc import Mapping
from typing import Final

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
