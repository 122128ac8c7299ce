"""Reports that are not about an official's conduct go to the competent unit of their category, by a
table kept as data; a conduct report never reads it (pure rules: no Django)."""

import pytest

from mediation.rules.routing import CaseFacts, route_case
from mediation.rules.routing.facts import OrgSnapshot, UnitRef
from mediation.rules.routing.reports import (
    DEFAULT_REPORT_ROUTES,
    REPORT_CATEGORIES,
    REPORT_CATEGORY_LABELS,
    route_report,
)
from mediation.rules.routing.vocabulary import GOVERNANCE, POLICY

UNITS = {
    "agriculture": UnitRef("agriculture", "line_office"),
    "ecology": UnitRef("ecology", "line_office"),
    "urban-construction": UnitRef("urban-construction", "line_office"),
    "social-affairs": UnitRef("social-affairs", "line_office"),
    "economic-development": UnitRef("economic-development", "line_office"),
    "governance-office": UnitRef("governance-office", "governance_office"),
    "liaison-east": UnitRef("liaison-east", "liaison_team", area="east"),
    "discipline-office": UnitRef("discipline-office", "discipline_office"),
}


def test_every_category_but_other_has_a_competent_unit_in_the_default_table():
    assert set(DEFAULT_REPORT_ROUTES) == REPORT_CATEGORIES - {"other"}
    assert set(REPORT_CATEGORY_LABELS) == REPORT_CATEGORIES


def test_a_pollution_report_goes_to_the_ecology_office_as_a_policy_question():
    route = route_report("environment", conduct=False, units=UNITS)
    assert (route.unit, route.kind, route.line_office) == ("ecology", POLICY, "ecology")
    assert "环境污染" in route.reason
    # The routing table then makes that line office lead.
    decision = route_case(CaseFacts(route.kind, line_office=route.line_office), OrgSnapshot(units=UNITS))
    assert decision.lead_unit == "ecology"


def test_a_public_order_report_goes_to_the_governance_office():
    route = route_report("public_order", conduct=False, units=UNITS)
    assert (route.unit, route.kind, route.line_office) == ("governance-office", GOVERNANCE, None)


@pytest.mark.parametrize(
    ("category", "conduct", "units"),
    [
        ("environment", True, UNITS),  # a conduct report goes the conduct-complaint way
        ("other", False, UNITS),  # no row: the clerk decides
        ("environment", False, {k: v for k, v in UNITS.items() if k != "ecology"}),  # unit gone or inactive
        ("unknown", False, UNITS),
    ],
)
def test_the_table_does_not_decide(category, conduct, units):
    assert route_report(category, conduct=conduct, units=units) is None


def test_a_unit_that_cannot_lead_a_report_is_not_routed_to():
    routes = {"environment": "discipline-office"}
    assert route_report("environment", conduct=False, units=UNITS, routes=routes) is None
    routes = {"environment": "liaison-east"}
    assert route_report("environment", conduct=False, units=UNITS, routes=routes) is None


def test_an_edited_table_routes_by_its_rows():
    routes = {**DEFAULT_REPORT_ROUTES, "environment": "agriculture"}
    assert route_report("environment", conduct=False, units=UNITS, routes=routes).unit == "agriculture"
