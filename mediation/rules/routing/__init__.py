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

Plain Python over plain data: no Django, no clock. The package holds ``vocabulary`` (kinds, role
tokens, gaps), ``facts`` (what routing reads and proposes), ``table`` (the routing table and its
rows), ``resolve`` (role tokens against the organisation, and who must stay out) and ``decide``
(``route_case``); its public names are re-exported here.
"""

from mediation.rules.routing.decide import route_case
from mediation.rules.routing.facts import CaseFacts, OrgSnapshot, RoutingDecision, UnitRef
from mediation.rules.routing.table import (
    DEFAULT_ROUTING_TABLE,
    RoutingRule,
    RoutingTableError,
    table_from_rows,
    table_to_rows,
)
from mediation.rules.routing.vocabulary import (
    CASE_KIND_CLAUSES,
    CASE_KIND_LABELS,
    CASE_KINDS,
    CONDUCT,
    EXECUTION,
    GAP_DISCIPLINE_OFFICE_ACCUSED,
    GAP_NO_AREA,
    GAP_NO_LINE_OFFICE,
    GOVERNANCE,
    KIND_TOKENS,
    LEAD_TOKENS,
    LEADER_TOKENS,
    LEGAL,
    MEDIATION,
    OWNER_TOKENS,
    POLICY,
    ROLE_TOKENS,
    RULEBOOK,
    TOKEN_LABELS,
    UNIT_KIND_LABELS,
    UNIT_KINDS,
    UNIT_TOKENS,
)

__all__ = [
    "CASE_KINDS",
    "CASE_KIND_CLAUSES",
    "CASE_KIND_LABELS",
    "CONDUCT",
    "DEFAULT_ROUTING_TABLE",
    "EXECUTION",
    "GAP_DISCIPLINE_OFFICE_ACCUSED",
    "GAP_NO_AREA",
    "GAP_NO_LINE_OFFICE",
    "GOVERNANCE",
    "KIND_TOKENS",
    "LEADER_TOKENS",
    "LEAD_TOKENS",
    "LEGAL",
    "MEDIATION",
    "OWNER_TOKENS",
    "POLICY",
    "ROLE_TOKENS",
    "RULEBOOK",
    "TOKEN_LABELS",
    "UNIT_KINDS",
    "UNIT_KIND_LABELS",
    "UNIT_TOKENS",
    "CaseFacts",
    "OrgSnapshot",
    "RoutingDecision",
    "RoutingRule",
    "RoutingTableError",
    "UnitRef",
    "route_case",
    "table_from_rows",
    "table_to_rows",
]
