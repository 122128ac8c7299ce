"""Villages report incidents too (issue 16: "reported by grid workers or villages"): a village's staff
report for their own village and see that village's incidents; the same dispatch and response clock
as a grid worker's. From three sides: the right village, another village, anonymous."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.errors import NotAllowed
from cases.models import Case, CaseEvent
from cases.rules import status as st
from cases.selectors import case_list_for_user
from governance import selectors
from governance.models import GridWorker, Incident
from governance.services import (
    IncidentInput,
    ScreeningItemInput,
    incident_close,
    incident_dispatch,
    incident_report,
    screening_file,
)
from mediation import services as mediation_services
from mediation.models import CaseClock
from tests.factories import UserFactory
from tests.governance.conftest import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def villages(gov):
    """A staff member of each village (the grid workers are the conftest's)."""
    gov.cadre = GridWorker.objects.create(
        user=UserFactory(username="village.tangjiao", first_name="村", last_name="施"),
        village=gov.village,
        kind=GridWorker.Kind.VILLAGE_STAFF,
        grid="村调解主任",
        phone="13900000011",
    )
    gov.other_cadre = GridWorker.objects.create(
        user=UserFactory(username="village.xinhai"),
        village=gov.other_village,
        kind=GridWorker.Kind.VILLAGE_STAFF,
        grid="村治保主任",
        phone="13900000012",
    )
    return gov


def _data(village, gov, **overrides) -> IncidentInput:
    fields = {
        "village": village,
        "address": "村委会西侧50米",
        "category": gov.category,
        "risk_level": "medium",
        "description": "村道旁废弃厂房有人聚集，存在治安隐患。",
    }
    fields.update(overrides)
    return IncidentInput(**fields)


def _report(worker, gov, village=None, **overrides) -> Incident:
    return incident_report(actor=worker.user, data=_data(village or worker.village, gov, **overrides))


def test_a_village_reports_an_incident_that_is_dispatched_and_closed_like_a_grid_workers(villages):
    gov = villages
    incident = _report(gov.cadre, gov, risk_level="high")
    case = incident.case
    assert case.service == "governance"
    assert case.status == st.REGISTERED
    assert case.routing.lead_unit == gov.units["gov"]
    assert incident.reporter == gov.cadre.user
    assert incident.village == gov.village
    assert case.events.filter(kind="incident_reported").exists()

    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"])
    clock = CaseClock.objects.get(case=case, clock="governance_response")
    assert clock.policy_code == "center_governance_response_high_1_working_days"
    handler = gov.people["agri", "handler"]
    mediation_services.case_pick(case=case, actor=handler)
    incident_close(case=case, actor=handler, measure="派出所与村治保会清理厂房，加装照明。")
    case.refresh_from_db()
    clock.refresh_from_db()
    assert case.status == st.CLOSED
    assert clock.met_at is not None


def test_a_village_reports_for_its_own_village_only(villages):
    gov = villages
    with pytest.raises(NotAllowed) as refused:
        _report(gov.cadre, gov, village=gov.other_village)
    assert refused.value.code == "other_village"
    assert not Case.objects.exists()
    # A grid worker's incidents are not bound to their own village.
    assert _report(gov.grid, gov, village=gov.other_village).village == gov.other_village


def test_the_village_sees_its_villages_incidents_and_no_others(villages):
    gov = villages
    by_cadre = _report(gov.cadre, gov)
    by_grid_worker = _report(gov.grid, gov)  # a grid worker's, in the same village
    elsewhere = _report(gov.other_cadre, gov)
    assert set(selectors.incident_list_for_reporter(gov.cadre.user)) == {by_cadre, by_grid_worker}
    assert set(selectors.incident_list_for_reporter(gov.other_cadre.user)) == {elsewhere}
    # The grid worker still sees only what they reported.
    assert set(selectors.incident_list_for_reporter(gov.grid.user)) == {by_grid_worker}
    # Nobody of a village reaches the staff case pages' list.
    assert not case_list_for_user(gov.cadre.user).exists()


def test_the_right_village_reads_its_incident_on_its_pages(client, villages, django_assert_max_num_queries):
    gov = villages
    mine, theirs = _report(gov.cadre, gov), _report(gov.other_cadre, gov)
    client.force_login(gov.cadre.user)
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("governance:home"))
    for _ in range(4):
        _report(gov.grid, gov)
    with django_assert_max_num_queries(len(one_row)):  # the list costs the same whatever its length
        home = client.get(reverse("governance:home"))
    body = home.content.decode()
    assert mine.case.display_code in body
    assert theirs.case.display_code not in body
    assert "塘角村" in body
    assert 'data-testid="open-incidents"' not in body  # no unit's list for a village
    page = client.get(reverse("governance:mine", args=[mine.case.tracking_code]))
    assert page.status_code == 200
    assert "待派遣" in page.content.decode()


def test_another_village_gets_404_on_the_incident(client, villages):
    gov = villages
    mine = _report(gov.cadre, gov)
    client.force_login(gov.other_cadre.user)
    assert client.get(reverse("governance:mine", args=[mine.case.tracking_code])).status_code == 404
    assert mine.case.display_code not in client.get(reverse("governance:home")).content.decode()
    assert client.get(reverse("governance:case", args=[mine.case.tracking_code])).status_code == 404
    assert client.get(reverse("mediation:case", args=[mine.case.tracking_code])).status_code == 404


def test_anonymous_is_sent_to_sign_in_and_learns_nothing(client, villages):
    gov = villages
    mine = _report(gov.cadre, gov)
    for url in (
        reverse("governance:home"),
        reverse("governance:report"),
        reverse("governance:mine", args=[mine.case.tracking_code]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/staff/login/" in response.url
    assert client.post(reverse("governance:report"), {"address": "x"}).status_code == 302
    assert Incident.objects.count() == 1


def test_the_village_form_keeps_the_village_fixed(client, villages):
    gov = villages
    client.force_login(gov.cadre.user)
    form = client.get(reverse("governance:report"))
    assert form.status_code == 200
    assert gov.other_village.name not in form.content.decode()
    response = client.post(
        reverse("governance:report"),
        {
            "village": gov.other_village.pk,  # a disabled field: what is posted is ignored
            "address": "村委会西侧50米",
            "category": gov.category.pk,
            "risk_level": "low",
            "description": "路灯损坏。",
            "token": "village-token-1",
            "photos": [photo()],
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.village == gov.village
    assert incident.case.attachments.count() == 1


def test_a_village_files_its_monthly_screening(villages):
    gov = villages
    items = [ScreeningItemInput("王某与赵某", "宅基地边界争议，多次争吵。", gov.category, "high", "村调委会已调解一次")]
    screening = screening_file(actor=gov.cadre.user, items=items)
    assert screening.village == gov.village
    item = screening.items.get()
    assert item.case is not None
    assert item.case.routing.lead_unit == gov.units["gov"]
    assert CaseEvent.objects.filter(case=item.case, kind="screening_item_escalated").exists()


def test_a_deactivated_village_staff_member_reports_nothing(villages):
    gov = villages
    gov.cadre.is_active = False
    gov.cadre.save()
    with pytest.raises(NotAllowed):
        _report(gov.cadre, gov)
    assert not Case.objects.exists()


def test_the_office_finds_incidents_and_screened_disputes_to_dispatch(client, villages, django_assert_max_num_queries):
    gov = villages
    incident = _report(gov.cadre, gov)
    items = [ScreeningItemInput("王某与赵某", "宅基地边界争议，多次争吵。", gov.category, "high", "")]
    screened = screening_file(actor=gov.cadre.user, items=items).items.get().case
    client.force_login(gov.people["gov", "head"])
    with CaptureQueriesContext(connection) as two_rows:
        page = client.get(reverse("governance:home"))
    body = page.content.decode()
    assert incident.case.display_code in body
    assert screened.display_code in body
    assert "王某与赵某" in body
    for _ in range(3):
        _report(gov.grid, gov)
    with django_assert_max_num_queries(len(two_rows)):
        client.get(reverse("governance:home"))
    # Dispatched, it moves to the open list with its unit and status.
    incident_dispatch(case=screened, actor=gov.people["gov", "head"], unit=gov.units["agri"])
    page = client.get(reverse("governance:home")).content.decode()
    opened = page[page.index('data-testid="open-incidents"') :]
    assert screened.display_code in opened
    assert "已派遣，待处置单位领取" in opened
    # A line office sees neither list's waiting items.
    client.force_login(gov.people["urban", "handler"])
    page = client.get(reverse("governance:home")).content.decode()
    assert incident.case.display_code not in page
    assert screened.display_code not in page
