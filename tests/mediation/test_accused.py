"""Whom a complaint is about (issue 12, fix 2): recorded at the desk, proposed from the free text
of the kiosk, the online form and the API, confirmed or corrected by the discipline office; the
director or the discipline office among the accused sends the case to the district."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cases.errors import ActionRefused, CaseNotFound, NotAllowed
from cases.models import Case, CaseEvent
from cases.selectors import case_list_for_user
from departments.models import Unit, Village
from intake.services import CaseInput, PetitionerInput, case_file
from mediation import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", "--quiet-logins")


def _user(username):
    return get_user_model().objects.get(username=username)


def _sees(username, case) -> bool:
    user = AnonymousUser() if username is None else _user(username)
    return case_list_for_user(user).filter(pk=case.pk).exists()


def _online(about: str, **overrides) -> Case:
    data = {
        "channel": "online",
        "service": "complaint",
        "request": "干部作风问题，请纪工委调查。",
        "petitioners": [
            PetitionerInput(name="钱多多", phone="13912340003", village=Village.objects.get(code="tangjiao"))
        ],
        "consent": True,
        "is_conduct_complaint": True,
        "accused_description": about,
    }
    data.update(overrides)
    return case_file(data=CaseInput(**data)).case


def _confirm_routing(case):
    return services.case_routing_confirm(
        case=case,
        actor=_user("discipline.head"),
        lead_unit=Unit.objects.get(code="discipline-office"),
        owner=_user("leader.chen").leader,
        reason="纪工委书记牵头",
    )


def test_the_free_text_proposes_units_and_people(demo):
    case = _online("东片联村工作组 施勇")
    assert set(case.accused_units.values_list("code", flat=True)) == {"liaison-east"}
    assert set(case.accused_persons.values_list("username", flat=True)) == {"east.leader"}
    assert case.accused_pending
    proposed = CaseEvent.objects.get(case=case, kind="accused_proposed")
    assert proposed.data["units"] == ["liaison-east"]
    # Leaders by title too.
    titled = _online("党工委副书记")
    assert set(titled.accused_persons.values_list("username", flat=True)) == {"leader.li"}


def test_until_confirmed_only_the_discipline_office_and_the_director_see_it(demo):
    case = _online("东片联村工作组 施勇")
    for username in ("discipline.head", "discipline.handler", "director"):
        assert _sees(username, case), username
    # The accused, his team, the area chief, the petition office, the office's own leader, anyone.
    for username in ("east.leader", "east.member", "leader.li", "petition.clerk", "leader.chen", None):
        assert not _sees(username, case), username
    assert [c.pk for c in selectors.accused_intake(_user("discipline.head")).items] == [case.pk]
    assert selectors.accused_intake(_user("petition.head")).items == []
    assert case.pk not in {c.pk for c in selectors.routing_inbox(_user("petition.clerk")).items}


def test_the_discipline_office_confirms_and_corrects_on_its_page(demo, client):
    case = _online("东片联村工作组 施勇")
    # The routing waits for the accused: who may lead and own depends on them.
    with translation.override("zh-hans"), pytest.raises(ActionRefused) as refused:
        _confirm_routing(case)
    assert refused.value.code == "accused_pending"
    assert refused.value.message == "请先确认被反映对象，再确认分流。"
    client.force_login(_user("discipline.head"))
    assert case.display_code in client.get(reverse("mediation:accused-intake")).content.decode()
    page = client.get(reverse("mediation:accused", args=[case.tracking_code]))
    assert page.status_code == 200
    shi = _user("east.leader")
    response = client.post(
        reverse("mediation:accused-confirm", args=[case.tracking_code]), {"units": [], "persons": [shi.pk]}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.accused_pending
    assert list(case.accused_units.all()) == []
    assert list(case.accused_persons.all()) == [shi]
    confirmed = CaseEvent.objects.get(case=case, kind="accused_confirmed")
    assert confirmed.actor == _user("discipline.head")
    assert confirmed.data["from"]["units"] == ["liaison-east"]
    assert confirmed.data["to"] == {"units": [], "persons": [{"id": shi.pk, "name": str(shi)}]}
    assert selectors.accused_intake(_user("discipline.head")).items == []
    assert not _sees("leader.chen", case)
    _confirm_routing(case)
    assert _sees("leader.chen", case)  # the owner, once the accused are known
    assert not _sees("petition.clerk", case)
    assert not _sees("east.leader", case)


def test_others_cannot_reach_the_confirmation(demo, client):
    case = _online("东片联村工作组 施勇")
    for username, expected in (("petition.clerk", 404), ("east.leader", 404), ("discipline.handler", 404)):
        client.force_login(_user(username))
        assert client.get(reverse("mediation:accused", args=[case.tracking_code])).status_code == expected, username
        response = client.post(reverse("mediation:accused-confirm", args=[case.tracking_code]), {"units": []})
        assert response.status_code == 404, username
    client.logout()
    assert client.get(reverse("mediation:accused", args=[case.tracking_code])).status_code == 302
    with pytest.raises(CaseNotFound):
        services.case_accused_confirm(case=case, actor=_user("east.leader"), units=[], persons=[_user("agri.head")])
    with translation.override("zh-hans"), pytest.raises(NotAllowed) as refused:
        services.case_accused_confirm(case=case, actor=_user("director"), units=[], persons=[_user("agri.head")])
    assert refused.value.message == "只有纪工委、监察办可以确认被反映对象。"
    case.refresh_from_db()
    assert case.accused_pending


@pytest.mark.parametrize(
    ("about", "hidden_from", "reason"),
    [("王建国书记", "director", "director"), ("杨正", "discipline.head", "discipline_head")],
)
def test_the_director_or_discipline_head_accused_goes_to_the_district(demo, about, hidden_from, reason):
    case = _online(about)
    assert case.refer_to_district
    referred = CaseEvent.objects.get(case=case, kind="referred_to_district")
    assert reason in referred.data["reasons"]
    assert not _sees(hidden_from, case)
    assert _sees("discipline.handler", case)


def test_the_discipline_office_itself_accused_goes_to_the_district(demo):
    case = _online("纪工委")
    assert case.refer_to_district
    assert "discipline_office" in CaseEvent.objects.get(case=case, kind="referred_to_district").data["reasons"]
    assert not _sees("discipline.handler", case)
    assert _sees("director", case)


def test_the_desk_records_accused_people(demo, client):
    from tests.intake.test_kiosk_and_desk import token_of

    client.force_login(_user("petition.clerk"))
    url = reverse("intake:desk")
    accused = _user("agri.handler")
    client.post(
        url,
        {
            "token": token_of(client, url),
            "channel": "letter",
            "service": "complaint",
            "request": "农业农村办郑涛办事吃拿卡要。",
            "group_size": "1",
            "is_conduct_complaint": "on",
            "accused_persons": [accused.pk],
            "consent": "on",
            "p-TOTAL_FORMS": "1",
            "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "1",
            "p-MAX_NUM_FORMS": "50",
            "p-0-name": "孙三",
            "p-0-phone": "13700000004",
        },
    )
    case = Case.objects.get()
    assert list(case.accused_persons.all()) == [accused]
    assert not case.accused_pending
    assert CaseEvent.objects.filter(case=case, kind="accused_recorded").exists()
    assert not _sees("agri.handler", case)
    assert _sees("discipline.handler", case)


def test_the_api_proposes_from_the_free_text(demo, client):
    response = client.post(
        "/api/v1/intake/cases",
        {
            "service": "complaint",
            "request": "城建办冯磊拆迁中违规操作。",
            "name": "钱多多",
            "phone": "13912340005",
            "is_conduct_complaint": True,
            "accused_description": "城建办 冯磊",
            "consent": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(tracking_code=response.json()["tracking_code"])
    assert set(case.accused_units.values_list("code", flat=True)) == {"urban-construction"}
    assert set(case.accused_persons.values_list("username", flat=True)) == {"urban.head"}
    assert not _sees("urban.handler", case)
    assert Unit.objects.get(code="urban-construction").pk in services.common.excluded_unit_ids(case)
