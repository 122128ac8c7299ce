"""Routing: the proposal at filing, the clerk's confirmation or override, the director's signature."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.errors import ActionRefused, CaseNotFound, NotAllowed
from cases.models import CaseEvent, CaseKind, Routing
from cases.rules import status as st
from departments.models import Delegation
from mediation import selectors, services
from mediation.models import RoutingTable
from mediation.org import leader_ref
from tests.mediation.factories import case_new

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("service", "conduct", "expected"),
    [
        ("petition", False, CaseKind.EXECUTION),
        ("complaint", True, CaseKind.CONDUCT),
        ("petition", True, CaseKind.CONDUCT),
        ("complaint", False, CaseKind.EXECUTION),
        ("legal_consultation", False, CaseKind.LEGAL),
        ("legal_aid", False, CaseKind.LEGAL),
        ("mediation", False, CaseKind.MEDIATION),
        ("governance", False, CaseKind.GOVERNANCE),
    ],
)
def test_default_kind_follows_service(org, service, conduct, expected):
    case = case_new(service=service, is_conduct_complaint=conduct)
    assert services.default_kind(case) == expected


def test_petition_with_line_office_is_a_policy_question(org):
    case = case_new()
    assert services.default_kind(case, org.units["agri"]) == CaseKind.POLICY


def test_proposal_at_filing_names_lead_assistants_and_owner(org):
    case = case_new(village=org.village)
    routing = services.case_route_propose(case=case)
    assert routing.kind == CaseKind.EXECUTION
    assert routing.proposal["lead_unit"] == "liaison-east"
    assert routing.proposal["owner"] == leader_ref(org.leaders["li"].pk)  # area chief of the east
    assert any("一（一）2" in reason for reason in routing.proposal["reasons"])
    assert routing.lead_unit is None  # nothing is confirmed yet
    assert CaseEvent.objects.filter(case=case, kind="routing_proposed").count() == 1


def test_conduct_complaint_is_proposed_to_the_discipline_office_away_from_the_accused(org):
    case = case_new(is_conduct_complaint=True, service="complaint", accused_units=[org.units["agri"]])
    routing = services.case_route_propose(case=case)
    assert routing.confidential is True
    assert routing.proposal["lead_unit"] == "discipline-office"
    assert "agriculture" not in routing.proposal["assisting_units"]


def test_clerk_sets_kind_and_line_office_and_the_proposal_follows(org):
    case = case_new(village=org.village)
    services.case_route_propose(case=case)
    clerk = org.people["petition", "clerk"]
    routing = services.case_routing_set_facts(
        case=case, actor=clerk, kind=CaseKind.POLICY, line_office=org.units["urban"]
    )
    assert routing.proposal["lead_unit"] == "urban-construction"
    assert routing.proposal["owner"] == leader_ref(org.leaders["zhang"].pk)
    changed = CaseEvent.objects.get(case=case, kind="routing_facts_changed")
    assert changed.data["from"]["kind"] == CaseKind.EXECUTION
    assert changed.data["to"] == {"kind": CaseKind.POLICY, "line_office": "urban-construction"}
    # A later proposal (e.g. after a repeat link) keeps the clerk's kind.
    assert services.case_route_propose(case=case).kind == CaseKind.POLICY


def _confirm_as_proposed(org, case, clerk):
    routing = Routing.objects.get(pk=case.pk)
    units = {u.code: u for u in org.units.values()}
    owner = services.routing.parse_owner(routing.proposal["owner"])
    return services.case_routing_confirm(
        case=case,
        actor=clerk,
        lead_unit=units[routing.proposal["lead_unit"]],
        assisting_units=[units[c] for c in routing.proposal["assisting_units"]],
        owner=owner,
        leader_led=routing.proposal["leader_led"],
    )


def test_confirming_the_proposal_needs_no_reason(org):
    case = case_new(village=org.village)
    services.case_route_propose(case=case)
    routing = _confirm_as_proposed(org, case, org.people["petition", "clerk"])
    case.refresh_from_db()
    assert case.status == st.ROUTED
    assert routing.lead_unit == org.units["east"]
    assert CaseEvent.objects.filter(case=case, kind="routing_confirmed").exists()


def test_override_needs_a_reason_and_is_recorded_from_to(org):
    case = case_new(village=org.village)
    services.case_route_propose(case=case)
    clerk = org.people["petition", "clerk"]
    with pytest.raises(ActionRefused) as refused:
        services.case_routing_confirm(case=case, actor=clerk, lead_unit=org.units["agri"])
    assert refused.value.code == "reason_required"
    services.case_routing_confirm(case=case, actor=clerk, lead_unit=org.units["agri"], reason="土地承包问题")
    overridden = CaseEvent.objects.get(case=case, kind="routing_overridden")
    assert overridden.data["from"]["lead_unit"] == "liaison-east"
    assert overridden.data["to"]["lead_unit"] == "agriculture"
    assert overridden.data["reason"] == "土地承包问题"


def test_accused_unit_cannot_be_made_lead(org):
    case = case_new(accused_units=[org.units["agri"]])
    services.case_route_propose(case=case)
    with pytest.raises(ActionRefused) as refused:
        services.case_routing_confirm(
            case=case, actor=org.people["petition", "clerk"], lead_unit=org.units["agri"], reason="x"
        )
    assert refused.value.code == "excluded"


def test_only_the_clerk_confirms(org):
    case = case_new(village=org.village)
    services.case_route_propose(case=case)
    with pytest.raises(NotAllowed):
        _confirm_as_proposed(org, case, org.people["petition", "handler"])
    with pytest.raises(CaseNotFound):
        _confirm_as_proposed(org, case, org.people["agri", "head"])


def _routed(org):
    case = case_new(village=org.village)
    services.case_route_propose(case=case)
    _confirm_as_proposed(org, case, org.people["petition", "clerk"])
    return case


def test_director_signs_and_the_case_lands_in_the_lead_queue(org):
    case = _routed(org)
    routing = services.case_sign_assignment(case=case, actor=org.director.user)
    case.refresh_from_db()
    assert case.status == st.ASSIGNED
    assert routing.queued_at is not None
    assert routing.signed_by == org.director.user
    page = selectors.queue_for_unit(org.people["east", "handler"], org.units["east"])
    assert [c.pk for c in page.items] == [case.pk]


def test_duty_leader_signs_only_while_delegated(org):
    case = _routed(org)
    liu = org.leaders["liu"]
    with pytest.raises(CaseNotFound):
        services.case_sign_assignment(case=case, actor=liu.user)
    today = timezone.localdate()
    delegation = services.delegation_grant(
        actor=org.director.user, leader=liu, scope=Delegation.Scope.ASSIGNMENT, valid_from=today, valid_until=today
    )
    routing = services.case_sign_assignment(case=case, actor=liu.user)
    assert routing.signed_under == delegation
    event = CaseEvent.objects.get(case=case, kind="assignment_signed")
    assert event.data["delegation"] == delegation.pk


def test_expired_or_completion_delegation_does_not_sign_assignments(org):
    case = _routed(org)
    liu = org.leaders["liu"]
    today = timezone.localdate()
    services.delegation_grant(
        actor=org.director.user,
        leader=liu,
        scope="assignment",
        valid_from=today - timedelta(days=9),
        valid_until=today - timedelta(days=1),
    )
    services.delegation_grant(
        actor=org.director.user, leader=liu, scope="completion", valid_from=today, valid_until=today
    )
    with pytest.raises((NotAllowed, CaseNotFound)):
        services.case_sign_assignment(case=case, actor=liu.user)


def test_only_the_director_delegates(org):
    today = timezone.localdate()
    with pytest.raises(NotAllowed):
        services.delegation_grant(
            actor=org.leaders["li"].user,
            leader=org.leaders["liu"],
            scope="assignment",
            valid_from=today,
            valid_until=today,
        )


def test_a_broken_stored_table_falls_back_to_the_default(org):
    table = RoutingTable.load()
    RoutingTable.objects.filter(pk=table.pk).update(rows=[{"case_kind": "policy"}])
    routing = services.case_route_propose(case=case_new(village=org.village))
    assert routing.proposal["lead_unit"] == "liaison-east"
    assert any("默认路由表" in r for r in routing.proposal["reasons"])


def test_routing_table_validation_speaks_chinese(org, zh):
    from django.core.exceptions import ValidationError

    table = RoutingTable.load()
    table.rows = table.rows[1:]
    with pytest.raises(ValidationError) as invalid:
        table.full_clean()
    assert "路由表" in str(invalid.value.message_dict["rows"])
