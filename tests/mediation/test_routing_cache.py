"""The organisation routing reads at filing: cached, and never stale about a unit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Routing
from departments.models import Unit
from departments.orgversion import org_version
from intake.services import CaseInput, PetitionerInput, case_file
from mediation import org as org_module
from mediation.models import RoutingTable
from mediation.rules.routing import table_to_rows

pytestmark = pytest.mark.django_db

ORG_TABLES = ("departments_unit", "departments_area", "departments_leader", "departments_village", "routingtable")


@pytest.fixture(autouse=True)
def _table_stored(db):
    """The routing table as in any running center: stored (its first load stores it, a change)."""
    RoutingTable.load()


def _file(org, phone: str):
    data = CaseInput(
        channel="online",
        service="petition",
        request="宅基地纠纷，请求处理。",
        petitioners=[PetitionerInput(name="李四", phone=phone, village=org.village)],
        consent=True,
    )
    return Routing.objects.get(pk=case_file(data=data).case.pk)


def test_filing_reads_no_organisation_once_cached(org):
    assert _file(org, "13900000001").proposal["lead_unit"] == "liaison-east"
    with CaptureQueriesContext(connection) as queries:
        routing = _file(org, "13900000002")
    assert routing.proposal["lead_unit"] == "liaison-east"
    org_reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and any(t in q["sql"] for t in ORG_TABLES)]
    # Only the check that the proposed units are still active: one indexed look-up by code.
    assert len(org_reads) == 1
    assert "COUNT" in org_reads[0]


def test_cached_copy_is_shared_through_the_cache(org, django_assert_num_queries):
    org_module.routing_org()
    org_module._memo = None  # another process: nothing built here yet
    with django_assert_num_queries(0):
        assert org_module.routing_org().snapshot.units["liaison-east"].area == "east"


def test_deactivated_unit_is_not_proposed(org):
    _file(org, "13900000001")
    team = Unit.objects.get(code="liaison-east")
    team.is_active = False
    team.save()
    assert _file(org, "13900000002").proposal["lead_unit"] != "liaison-east"


def test_stale_copy_never_proposes_a_unit_deactivated_without_a_signal(org):
    _file(org, "13900000001")
    version = org_version()
    Unit.objects.filter(code="liaison-east").update(is_active=False)  # no signal: the copy is stale
    assert org_version() == version
    assert _file(org, "13900000002").proposal["lead_unit"] != "liaison-east"
    assert org_version() != version  # read again, and every process told
    assert "liaison-east" not in org_module.routing_org().snapshot.units


def test_deleted_unit_is_not_proposed(org):
    _file(org, "13900000001")
    Unit.objects.filter(code="liaison-east").get().delete()
    assert _file(org, "13900000002").proposal["lead_unit"] != "liaison-east"


@pytest.mark.parametrize(
    "change",
    [
        lambda org: org.leaders["li"].supervised_units.clear(),
        lambda org: org.village.save(),
        lambda org: org.leaders["li"].save(),
        lambda org: org.village.area.save(),
        lambda org: RoutingTable.load().save(),
    ],
    ids=["supervision", "village", "leader", "area", "routing-table"],
)
def test_organisation_changes_move_the_version(org, change):
    org_module.routing_org()
    version = org_version()
    change(org)
    assert org_version() != version


def test_routing_table_change_is_followed(org):
    _file(org, "13900000001")
    table = RoutingTable.load()
    rows = table_to_rows(org_module.routing_org().table)
    for row in rows:
        if row["case_kind"] == "execution":
            row["lead"] = "petition_office"
    table.rows = rows
    table.save()
    assert _file(org, "13900000002").proposal["lead_unit"] == org.units["petition"].code
