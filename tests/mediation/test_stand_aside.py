"""Who must stand aside (issue 12, fix 3): a leader answerable for the accused unit, as its
supervisor or as chief of the area whose liaison team it is, or accused themselves, neither owns,
signs nor sees the case."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone, translation

from cases.errors import ActionRefused, CaseNotFound
from cases.models import CaseEvent, CaseKind
from cases.rules import status as st
from cases.selectors import case_list_for_user
from departments.models import Delegation
from mediation import selectors, services
from tests.mediation.factories import case_new, routed_case

pytestmark = pytest.mark.django_db


def _sees(user, case) -> bool:
    return case_list_for_user(user).filter(pk=case.pk).exists()


def _about_east(org, **fields):
    """A conduct complaint about the east liaison team, waiting for the discipline office's routing."""
    case = case_new(service="complaint", is_conduct_complaint=True, accused_units=[org.units["east"]], **fields)
    services.case_route_propose(case=case)
    return case


def test_area_chief_cannot_own_a_complaint_about_their_areas_liaison_team(org):
    case = _about_east(org)
    clerk = org.people["discipline", "clerk"]
    with translation.override("zh-hans"), pytest.raises(ActionRefused) as refused:
        services.case_routing_confirm(
            case=case, actor=clerk, lead_unit=org.units["discipline"], owner=org.leaders["li"], reason="李明牵头"
        )
    assert refused.value.code == "owner_conflicted"
    assert refused.value.message == "该领导须回避本件。"
    case.refresh_from_db()
    assert case.status == st.REGISTERED
    assert not CaseEvent.objects.filter(case=case, kind__startswith="routing_").exclude(kind="routing_proposed")


def test_the_refusal_shows_in_chinese_on_the_page(client, org):
    case = _about_east(org)
    client.force_login(org.people["discipline", "clerk"])
    response = client.post(
        reverse("mediation:routing-confirm", args=[case.tracking_code]),
        {"lead_unit": org.units["discipline"].pk, "owner": org.leaders["li"].pk, "reason": "李明牵头"},
        follow=True,
        headers={"Accept-Language": "zh-hans"},
    )
    assert "该领导须回避本件。" in response.content.decode()
    case.refresh_from_db()
    assert case.status == st.REGISTERED


def test_a_leader_who_is_not_answerable_may_own_it(org):
    case = _about_east(org)
    routing = services.case_routing_confirm(
        case=case,
        actor=org.people["discipline", "clerk"],
        lead_unit=org.units["discipline"],
        owner=org.leaders["chen"],
        reason="纪工委书记牵头",
    )
    assert routing.owner == org.leaders["chen"]
    assert _sees(org.leaders["chen"].user, case)


def test_area_chief_and_supervisor_do_not_see_a_case_about_a_unit_they_answer_for(org):
    about_team = routed_case(
        lead=org.units["discipline"],
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[org.units["east"]],
        owner=org.leaders["li"],  # even if someone made them owner before the rule
    )
    about_office = routed_case(
        lead=org.units["discipline"],
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[org.units["agri"]],
    )
    # Not a conduct complaint, led by the unit li supervises, but about the team of li's area.
    normal_about_team = routed_case(lead=org.units["agri"], accused_units=[org.units["east"]])
    li = org.leaders["li"].user
    for case in (about_team, about_office, normal_about_team):
        assert not _sees(li, case)
        assert _sees(org.director.user, case)
        assert not _sees(org.people["east", "head"], case) or case is about_office
        assert not _sees(AnonymousUser(), case)
    assert _sees(org.people["discipline", "handler"], about_team)
    assert _sees(org.leaders["chen"].user, about_team)


def test_a_delegated_leader_cannot_sign_a_case_about_their_areas_team(org):
    case = routed_case(lead=org.units["agri"], status=st.ROUTED, accused_units=[org.units["east"]])
    today = timezone.localdate()
    Delegation.objects.create(
        director=org.director,
        leader=org.leaders["li"],
        scope="assignment",
        valid_from=today,
        valid_until=today,
        created_by=org.director.user,
        created_at=timezone.now(),
    )
    li = org.leaders["li"].user
    assert case.pk not in {c.pk for c in selectors.signing_inbox(li).items}
    with pytest.raises(CaseNotFound):
        services.case_sign_assignment(case=case, actor=li)
    # Another case the same delegate may sign.
    other = routed_case(lead=org.units["agri"], status=st.ROUTED)
    assert other.pk in {c.pk for c in selectors.signing_inbox(li).items}
