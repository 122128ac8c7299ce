"""The organisation as the rules see it, the routing table in the admin, and filing with routing."""

import json

import pytest
from django.db import transaction
from django.urls import reverse

from cases.models import CaseEvent, Routing
from intake.services import CaseInput, PetitionerInput, case_file
from mediation import services
from mediation.models import RoutingTable
from mediation.org import leader_ref, org_snapshot, user_ref
from mediation.rules.routing import DEFAULT_ROUTING_TABLE, table_to_rows
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_snapshot_names_units_leaders_and_the_units_of_people(org):
    accused = org.people["agri", "handler"]
    snapshot = org_snapshot(people=[accused.pk, org.leaders["zhang"].user_id])
    assert snapshot.units["liaison-east"].area == "east"
    assert snapshot.supervisor_of_unit["agriculture"] == leader_ref(org.leaders["li"].pk)
    assert snapshot.chief_of_area == {"east": leader_ref(org.leaders["li"].pk)}
    assert snapshot.liaison_team_of_area == {"east": "liaison-east"}
    assert snapshot.director == leader_ref(org.director.pk)
    assert snapshot.unit_of_person[user_ref(accused.pk)] == frozenset({"agriculture"})


def test_accused_leader_is_named_as_a_leader_and_stands_aside(org):
    from tests.mediation.factories import case_new

    case = case_new(is_conduct_complaint=True, service="complaint", accused_persons=[org.leaders["chen"].user])
    routing = services.case_route_propose(case=case)
    assert routing.proposal["owner"] == leader_ref(org.director.pk)  # the director stands in for chen
    assert any("回避" in reason for reason in routing.proposal["reasons"])


def test_filing_and_proposing_in_one_transaction(org):
    """What intake.services.case_file does at its end once integrated."""
    data = CaseInput(
        channel="visit",
        service="petition",
        request="宅基地纠纷，请求处理。",
        petitioners=[PetitionerInput(name="李四", phone="13900139000", village=org.village)],
        consent=True,
    )
    with transaction.atomic():
        filed = case_file(data=data, actor=org.people["petition", "clerk"])
        services.case_route_propose(case=filed.case)
    routing = Routing.objects.get(pk=filed.case.pk)
    assert routing.proposal["lead_unit"] == "liaison-east"
    assert CaseEvent.objects.filter(case=filed.case, kind="routing_proposed").exists()


@pytest.fixture
def admin_client(client):
    admin = UserFactory(username="root")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)
    return client


def _edit_url():
    return reverse("wagtailsettings:edit", args=["mediation", "routingtable", RoutingTable.load().pk])


def test_routing_table_defaults_to_the_rulebook(db):
    assert RoutingTable.load().rows == table_to_rows(DEFAULT_ROUTING_TABLE)


def test_admin_edits_the_routing_table_and_bad_rows_are_refused_in_chinese(admin_client):
    response = admin_client.get(_edit_url())
    assert response.status_code == 200
    rows = table_to_rows(DEFAULT_ROUTING_TABLE)
    bad = rows[:-1]  # drops the governance row
    response = admin_client.post(_edit_url(), {"rows": json.dumps(bad)})
    assert response.status_code == 200
    assert "路由表缺少以下事项类别的规则" in response.content.decode()
    assert RoutingTable.load().rows == rows
    rows[0]["assist"] = ["area_liaison_team"]
    response = admin_client.post(_edit_url(), {"rows": json.dumps(rows)})
    assert response.status_code == 302
    assert RoutingTable.load().rows[0]["assist"] == ["area_liaison_team"]


def test_staff_without_admin_rights_cannot_edit_the_table(client, org):
    client.force_login(org.people["petition", "head"])
    response = client.get(_edit_url())
    assert response.status_code in (302, 403)
