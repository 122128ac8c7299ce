"""Reports (举报) that are not about an official's conduct: the competent unit by the report's category.

The table is data: one row per report category, naming the competent unit by its code; the rows
kept in the admin (``cases.ReportRoute``) override these defaults category by category. A report
about an official's conduct never reads it (it goes the conduct-complaint way, to the discipline
office); a report whose category has no row, or whose unit is missing or inactive, routes as any
other case and the clerk decides. Plain Python: no Django, no clock.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from mediation.rules.routing.facts import UnitRef
from mediation.rules.routing.vocabulary import GOVERNANCE, LEGAL, MEDIATION, POLICY

# Report categories (stored values, as ``cases.models.ReportCategory``) and their Chinese names.
REPORT_CATEGORY_LABELS: Final[Mapping[str, str]] = {
    "village_affairs": "村务公开与村级财务",
    "land": "土地与宅基地",
    "construction": "违法建设",
    "environment": "环境污染",
    "social_assistance": "低保、救助与社保",
    "workplace_safety": "安全生产与劳资",
    "public_order": "社会治安与安全隐患",
    "other": "其他",
}
REPORT_CATEGORIES: Final = frozenset(REPORT_CATEGORY_LABELS)

# Category → the competent unit's code (the demo organisation's; ``other`` is for the clerk).
DEFAULT_REPORT_ROUTES: Final[Mapping[str, str]] = {
    "village_affairs": "agriculture",
    "land": "agriculture",
    "construction": "urban-construction",
    "environment": "ecology",
    "social_assistance": "social-affairs",
    "workplace_safety": "economic-development",
    "public_order": "governance-office",
}

# The case kind whose routing rule makes a unit of this kind lead.
KIND_FOR_UNIT: Final[Mapping[str, str]] = {
    "line_office": POLICY,
    "governance_office": GOVERNANCE,
    "legal_service": LEGAL,
    "mediation_committee": MEDIATION,
}


@dataclass(frozen=True, slots=True)
class ReportDestination:
    """Where a report of one category goes: the case kind and, for a line office, which one."""

    category: str
    unit: str
    kind: str
    line_office: str | None
    reason: str


def route_report(
    category: str, *, conduct: bool, units: Mapping[str, UnitRef], routes: Mapping[str, str] = DEFAULT_REPORT_ROUTES
) -> ReportDestination | None:
    """The route of a report of ``category``, or None when the table does not decide it.

    ``units``: the active units by code. A conduct report is never routed here.
    """
    if conduct or category not in routes:
        return None
    code = routes[category]
    unit = units.get(code)
    if unit is None or unit.kind not in KIND_FOR_UNIT:
        return None
    kind = KIND_FOR_UNIT[unit.kind]
    reason = f"举报类别“{REPORT_CATEGORY_LABELS[category]}”：按举报分流表由该类事项的主管单位承办"
    return ReportDestination(category, code, kind, code if kind == POLICY else None, reason)
