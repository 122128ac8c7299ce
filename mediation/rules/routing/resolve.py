"""Resolving the table's role tokens against the organisation, and who must stay out of a complaint.

A token resolves to unit codes or leader ids (``Found.ids``), or to the gaps that say what the
clerk must still supply (``Found.gaps``). Plain Python: no Django, no clock.
"""

from typing import NamedTuple

from mediation.rules.routing.facts import CaseFacts, OrgSnapshot
from mediation.rules.routing.table import RoutingRule
from mediation.rules.routing.vocabulary import GAP_NO_AREA, GAP_NO_LINE_OFFICE, UNIT_KIND_LABELS


class Found(NamedTuple):
    """What a token resolved to (unit codes or leader ids), and what was missing."""

    ids: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()


def line_office(facts: CaseFacts, org: OrgSnapshot) -> Found:
    """The responsible line office named at registration, if it is one."""
    code = facts.line_office
    if not code:
        return Found(gaps=(GAP_NO_LINE_OFFICE,))
    unit = org.units.get(code)
    if unit is None:
        return Found(gaps=(f"责任线办“{code}”不在组织机构中，需登记员确认",))
    if unit.kind != "line_office":
        return Found(gaps=(f"“{code}”不是线办，需登记员另行指定责任线办",))
    return Found(ids=(code,))


def area_liaison_team(facts: CaseFacts, org: OrgSnapshot) -> Found:
    """The liaison team of the petitioner's area."""
    if not facts.area:
        return Found(gaps=(GAP_NO_AREA,))
    code = org.liaison_team_of_area.get(facts.area)
    if not code or code not in org.units:
        return Found(gaps=(f"片区“{facts.area}”未配置联村工作组，需登记员确认",))
    return Found(ids=(code,))


def unit_of_kind(kind: str, org: OrgSnapshot) -> Found:
    """The one unit of a kind (the first by code if, unexpectedly, there are several)."""
    codes = sorted(code for code, unit in org.units.items() if unit.kind == kind)
    if not codes:
        return Found(gaps=(f"组织机构中没有{UNIT_KIND_LABELS[kind]}，需登记员指定",))
    if len(codes) > 1:
        return Found(
            ids=(codes[0],), gaps=(f"组织机构中有多个{UNIT_KIND_LABELS[kind]}，已取“{codes[0]}”，需登记员确认",)
        )
    return Found(ids=(codes[0],))


def area_chief(facts: CaseFacts, org: OrgSnapshot) -> Found:
    """The area chief of the petitioner's area."""
    if not facts.area:
        return Found(gaps=(GAP_NO_AREA,))
    chief = org.chief_of_area.get(facts.area)
    if not chief:
        return Found(gaps=(f"片区“{facts.area}”未配置片长，需登记员确认",))
    return Found(ids=(chief,))


def supervisor(unit: Found, org: OrgSnapshot) -> Found:
    """The supervising leader of a resolved unit."""
    if not unit.ids:
        return unit
    leader = org.supervisor_of_unit.get(unit.ids[0])
    if not leader:
        return Found(gaps=(f"“{unit.ids[0]}”未配置分管领导，需登记员确认",))
    return Found(ids=(leader,))


def join(*found: Found) -> Found:
    """Several partial resolutions as one: the ids found, and gaps only if none was found."""
    ids = tuple(code for part in found for code in part.ids)
    return Found(ids=ids, gaps=() if ids else tuple(gap for part in found for gap in part.gaps))


def unit_token(role: str, facts: CaseFacts, org: OrgSnapshot) -> Found:
    if role == "line_office":
        return line_office(facts, org)
    if role == "area_liaison_team":
        return area_liaison_team(facts, org)
    if role == "related_units":
        return join(line_office(facts, org), area_liaison_team(facts, org))
    return unit_of_kind(role, org)


def responsible_unit(rule: RoutingRule, facts: CaseFacts, org: OrgSnapshot) -> Found:
    """The unit whose supervising leader is "the" supervising leader of the case.

    That is the lead unit, except when a liaison team leads (一（一）2): liaison teams answer to
    their area chief, and the supervising leader there is the one of the responsible line office.
    """
    if rule.lead == "area_liaison_team":
        return line_office(facts, org)
    return unit_token(rule.lead, facts, org)


def leader_token(role: str, rule: RoutingRule, facts: CaseFacts, org: OrgSnapshot) -> Found:
    if role == "area_chief":
        return area_chief(facts, org)
    if role == "supervising_leader":
        return supervisor(responsible_unit(rule, facts, org), org)
    if role == "director":
        return Found(ids=(org.director,)) if org.director else Found(gaps=("未配置主要领导，需登记员确认",))
    # related_leaders: the supervising leader of the line office concerned and the area chief.
    return join(supervisor(line_office(facts, org), org), area_chief(facts, org))


# --- who must stay out of a complaint --------------------------------------------------------


def excluded_units(facts: CaseFacts, org: OrgSnapshot) -> frozenset[str]:
    """Accused units and the units of accused persons (一（一）3; PRODUCT rule 1)."""
    units = set(facts.accused_units)
    for person in facts.accused_persons:
        units |= org.unit_of_person.get(person, frozenset())
    return frozenset(units)


def conflicted_leaders(facts: CaseFacts, org: OrgSnapshot, excluded: frozenset[str]) -> frozenset[str]:
    """Accused leaders, and the leaders answerable for an excluded unit.

    A supervising leader carries the supervisory responsibility for their units and an area chief
    for their liaison team (三（四）), so neither takes part in a complaint about that unit.
    """
    leaders = set(facts.accused_persons)
    leaders |= {org.supervisor_of_unit[code] for code in excluded if code in org.supervisor_of_unit}
    for area, team in org.liaison_team_of_area.items():
        if team in excluded and area in org.chief_of_area:
            leaders.add(org.chief_of_area[area])
    return frozenset(leaders)
