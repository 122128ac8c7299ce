"""The pages: the case page's section, the mission page and its forms, the list, the reception day and
the public roster, from the right person, another unit and anonymous, with query budgets."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from leadership.models import ReceptionVisit, ReturnMission
from leadership.rules import returns as rr
from leadership.services import return_mission_open
from lobby.models import DutyRoster
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def agri_case(org, phone="13800138000"):
    return routed_case(
        lead=org.units["agri"],
        village=org.village,
        received_at=timezone.now() - timedelta(days=2),
        phone=phone,
        request="土地流转补偿款至今未发放。",
    )


def mission_on(org, case):
    return return_mission_open(
        case=case,
        actor=org.people["petition", "clerk"],
        level="province",
        location="浙江省信访局",
        requested_by="区信访局",
        requested_at=timezone.now() - timedelta(hours=1),
    )


def test_the_case_page_offers_the_open_form_to_the_petition_office_only(org):
    case = agri_case(org)
    url = reverse("mediation:case", kwargs={"code": case.tracking_code})
    page = client_for(org.people["petition", "clerk"]).get(url).content.decode()
    assert 'data-testid="return-open-form"' in page
    page = client_for(org.people["agri", "handler"]).get(url).content.decode()
    assert 'data-testid="return-open-form"' not in page


def test_opening_from_the_case_page_goes_to_the_mission(org):
    case = agri_case(org)
    # refused (a time in the future): the case page again, the form as typed with the error
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    again = client_for(org.people["petition", "clerk"]).post(
        reverse("leadership:return-open", kwargs={"code": case.tracking_code}),
        {"level": "city", "location": "绍兴市信访局某处", "requested_by": "市局", "requested_at": future},
    )
    assert again.status_code == 400
    assert "绍兴市信访局某处" in again.content.decode()
    assert not ReturnMission.objects.exists()
    response = client_for(org.people["petition", "clerk"]).post(
        reverse("leadership:return-open", kwargs={"code": case.tracking_code}),
        {
            "level": "beijing",
            "location": "国家信访局",
            "requested_by": "区信访局",
            "requested_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    mission = ReturnMission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("leadership:return", kwargs={"pk": mission.pk})
    # another unit: the case does not exist for them
    other = client_for(org.people["urban", "handler"]).post(
        reverse("leadership:return-open", kwargs={"code": case.tracking_code}), {"level": "beijing"}
    )
    assert other.status_code == 404
    anonymous = client_for(None).post(reverse("leadership:return-open", kwargs={"code": case.tracking_code}), {})
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]


def test_a_refused_step_comes_back_with_its_error(org):
    mission = mission_on(org, agri_case(org))
    response = client_for(org.leaders["li"].user).post(
        reverse("leadership:return-dispatch", kwargs={"pk": mission.pk}),
        {"dispatched_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert "return team still lacks" in response.content.decode() or "劝返组还缺" in response.content.decode()
    assert ReturnMission.objects.get().stage == rr.OPENED


def test_the_mission_page_from_three_sides(org):
    mission = mission_on(org, agri_case(org))
    url = reverse("leadership:return", kwargs={"pk": mission.pk})
    chief = client_for(org.leaders["li"].user).get(url)
    assert chief.status_code == 200
    assert 'data-testid="team-form"' in chief.content.decode()
    clerk = client_for(org.people["petition", "clerk"]).get(url)
    assert clerk.status_code == 200
    assert 'data-testid="team-form"' not in clerk.content.decode()
    assert client_for(org.people["urban", "handler"]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_the_list_keeps_its_query_budget(org, django_assert_max_num_queries):
    for n in range(3):
        mission_on(org, agri_case(org, phone=f"1380013800{n}"))
    director = client_for(org.director.user)
    url = reverse("leadership:returns")
    with django_assert_max_num_queries(30) as few:
        assert director.get(url).status_code == 200
    for n in range(3, 9):
        mission_on(org, agri_case(org, phone=f"1380013800{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = director.get(url).content.decode()
    assert page.count("浙江省信访局") == 9
    assert "浙江省信访局" not in client_for(org.people["urban", "handler"]).get(url).content.decode()


def test_the_reception_day_from_three_sides(org, django_assert_max_num_queries):
    DutyRoster.objects.create(date=timezone.localdate(), leader=org.leaders["li"])
    url = reverse("leadership:reception")
    leader = client_for(org.leaders["li"].user)
    response = leader.post(
        url,
        {
            "visitors": "王大伯",
            "visitor_count": "1",
            "request": "反映村道破损。",
            "file_here": "on",
            "name": "王大伯",
            "phone": "13800138222",
            "village": org.village.pk,
            "units": [org.units["urban"].pk],
        },
    )
    assert response.status_code == 302
    visit = ReceptionVisit.objects.get()
    with django_assert_max_num_queries(30):
        page = leader.get(url).content.decode()
    assert visit.case.display_code in page
    assert 'data-testid="reception-form"' in page
    other = client_for(org.people["agri", "handler"])
    page = other.get(url).content.decode()
    assert visit.case.display_code not in page
    assert 'data-testid="reception-form"' not in page
    refused = other.post(url, {"visitors": "x", "visitor_count": "1", "request": "y", "case_code": "ABC"})
    assert refused.status_code == 403
    assert Case.objects.count() == 1
    assert client_for(None).get(url).status_code == 302


def test_the_public_roster_names_the_leaders(org, client):
    DutyRoster.objects.create(date=timezone.localdate(), leader=org.leaders["li"])
    page = client.get(reverse("leadership:roster")).content.decode()
    assert org.leaders["li"].title in page


def test_the_case_pages_return_section_does_not_grow_with_earlier_missions(org, django_assert_max_num_queries):
    from leadership.services import return_mission_call_off

    director = org.director.user
    first = agri_case(org, phone="13900000009")
    return_mission_call_off(mission=mission_on(org, first), actor=director, reason="自行返回")
    case = agri_case(org, phone="13900000009")
    url = reverse("mediation:case", kwargs={"code": case.tracking_code})
    client = client_for(director)
    with django_assert_max_num_queries(80) as few:
        page = client.get(url).content.decode()
    assert 'data-testid="earlier-returns"' in page
    for n in range(4):
        earlier = agri_case(org, phone="13900000009")
        return_mission_call_off(mission=mission_on(org, earlier), actor=director, reason=f"自行返回{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("自行返回") == 0  # the reasons stay on the missions' own pages
    assert page.count('href="/staff/returns/') == 5
