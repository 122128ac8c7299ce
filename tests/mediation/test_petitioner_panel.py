"""The petitioner at hand on the staff case page: who to phone, where they live, the ID number
masked until asked for (and the asking recorded), the group, and their other cases the viewer may see."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.errors import ActionRefused, CaseNotFound
from cases.events import EVENT_KINDS
from cases.models import CaseEvent, CaseKind, Petitioner
from cases.rules.privacy import mask_id_number
from mediation import services
from tests.mediation.factories import case_new, routed_case

pytestmark = pytest.mark.django_db

ID_NUMBER = "330123199001011234"
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.RATE_LIMITS_ENABLED = False


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _url(name, case):
    return reverse(f"mediation:{name}", args=[case.tracking_code])


def _panel(body: str) -> str:
    start = body.index('data-testid="petitioner"')
    return body[start : body.index("</section>", start)]


@pytest.fixture
def case(org):
    """Assigned to the agriculture office's queue; the petitioner with phone, address and ID number."""
    case = routed_case(lead=org.units["agri"], village=org.village, phone=PHONE)
    Petitioner.objects.filter(case=case).update(id_number=ID_NUMBER, address="塘角村3组18号")
    return case


def test_mask_keeps_the_first_and_last_four():
    assert mask_id_number(ID_NUMBER) == "3301**********1234"
    assert mask_id_number("123") == "***"
    assert mask_id_number("") == ""


def test_the_handler_sees_whom_to_phone_before_picking(org, case):
    body = _client(org.people["agri", "handler"]).get(_url("case", case)).content.decode()
    panel = _panel(body)
    assert "王大伯" in panel
    assert f'href="tel:{PHONE}"' in panel
    assert "塘角村3组18号" in panel
    assert "塘角村" in panel
    assert "3301**********1234" in panel
    assert ID_NUMBER not in body


def test_revealing_the_id_number_shows_it_once_and_is_recorded(org, case):
    handler = org.people["agri", "handler"]
    client = _client(handler)
    petitioner = case.petitioners.get()
    response = client.post(_url("petitioner-reveal", case), {"petitioner": petitioner.pk})
    assert response.status_code == 200
    assert ID_NUMBER in _panel(response.content.decode())
    assert "no-store" in response["Cache-Control"]
    revealed = CaseEvent.objects.get(case=case, kind="petitioner_id_revealed")
    assert revealed.actor == handler
    assert revealed.public is False
    assert revealed.data["petitioner"] == petitioner.pk
    assert ID_NUMBER not in client.get(_url("case", case)).content.decode()  # masked again


def test_the_reveal_event_kind_is_registered_with_a_chinese_label(zh):
    kind = EVENT_KINDS["petitioner_id_revealed"]
    assert kind.public is False
    assert str(kind.label) == "查看信访人完整身份证号"


def test_a_reveal_of_someone_not_on_the_case_is_refused(org, case):
    other = case_new(phone="13700000000")
    stranger = Petitioner.objects.create(case=other, name="外人", phone="13700000001", id_number=ID_NUMBER)
    with pytest.raises(ActionRefused):
        services.petitioner_id_reveal(case=case, actor=org.people["agri", "handler"], petitioner_id=stranger.pk)
    assert not CaseEvent.objects.filter(kind="petitioner_id_revealed").exists()


def test_a_group_shows_every_member(org, case):
    Petitioner.objects.create(case=case, name="李阿姨", phone="13911112222", address="塘角村5组")
    case.group_size = 2
    case.save(update_fields=["group_size"])
    panel = _panel(_client(org.people["agri", "handler"]).get(_url("case", case)).content.decode())
    assert "王大伯" in panel
    assert "李阿姨" in panel
    assert 'href="tel:13911112222"' in panel


def test_other_cases_are_listed_only_when_the_viewer_may_see_them(org, case):
    received = timezone.now() - timedelta(days=30)
    earlier = routed_case(lead=org.units["agri"], phone=PHONE, received_at=received, request="去年的村道问题")
    hidden = routed_case(lead=org.units["urban"], phone=PHONE, received_at=received, request="城建办的事")
    about_agri = routed_case(
        lead=org.units["discipline"],
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[org.units["agri"]],
        service="complaint",
        phone=PHONE,
        received_at=received,
        request="举报农业农村办干部",
    )
    panel = _panel(_client(org.people["agri", "handler"]).get(_url("case", case)).content.decode())
    assert _url("case", earlier) in panel
    assert hidden.tracking_code not in panel
    assert about_agri.tracking_code not in panel
    director_panel = _panel(_client(org.director.user).get(_url("case", case)).content.decode())
    assert _url("case", hidden) in director_panel
    # the director is not accused here: he sees the conduct complaint too
    assert _url("case", about_agri) in director_panel


def test_the_accused_unit_never_sees_the_case_nor_its_petitioner(org):
    conduct = routed_case(
        lead=org.units["discipline"],
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[org.units["agri"]],
        service="complaint",
        phone=PHONE,
    )
    Petitioner.objects.filter(case=conduct).update(id_number=ID_NUMBER)
    petitioner = conduct.petitioners.get()
    for role in ("handler", "head", "clerk"):
        client = _client(org.people["agri", role])
        assert client.get(_url("case", conduct)).status_code == 404
        response = client.post(_url("petitioner-reveal", conduct), {"petitioner": petitioner.pk})
        assert response.status_code == 404
        assert ID_NUMBER not in response.content.decode()
    with pytest.raises(CaseNotFound):
        services.petitioner_id_reveal(case=conduct, actor=org.people["agri", "head"], petitioner_id=petitioner.pk)
    assert not CaseEvent.objects.filter(case=conduct, kind="petitioner_id_revealed").exists()
    assert _client(org.people["discipline", "handler"]).get(_url("case", conduct)).status_code == 200


def test_the_desk_link_is_offered_to_desk_clerks_only(org, case):
    desk = reverse("intake:desk-case", args=[case.tracking_code])
    assert desk in _client(org.people["petition", "clerk"]).get(_url("case", case)).content.decode()
    assert desk not in _client(org.people["agri", "handler"]).get(_url("case", case)).content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_case_page_costs_the_same_however_many_petitioners_and_other_cases(
    org, case, django_assert_max_num_queries
):
    client = _client(org.people["agri", "handler"])
    _count(client, _url("case", case))  # warm the caches (calendar, routing table)
    # The panel adds petitioners, other cases, the desk check; the nav, the admin check; the files section;
    # issue 17 the supervision orders and the return missions (one query each, whatever their number).
    with django_assert_max_num_queries(44):
        assert client.get(_url("case", case)).status_code == 200
    few = _count(client, _url("case", case))
    for n in range(4):
        Petitioner.objects.create(case=case, name=f"组员{n}", phone=f"1390000000{n}", id_number=f"33012319900101000{n}")
        routed_case(lead=org.units["agri"], phone=PHONE, received_at=timezone.now() - timedelta(days=10 + n))
    assert _count(client, _url("case", case)) == few
