"""THE visibility rule, from every side: grants, and the deny that beats every grant."""

import pytest
from django.http import Http404

from cases.models import CaseKind
from cases.rules import status as st
from cases.selectors import case_get_for_user, case_list_for_user
from departments.models import Delegation
from intake import selectors as intake_selectors
from tests.mediation.factories import case_new, routed_case

pytestmark = pytest.mark.django_db


def _sees(user, case) -> bool:
    return case_list_for_user(user).filter(pk=case.pk).exists()


def _people(org, *keys):
    return [org.people[key, role] for key in keys for role in ("clerk", "handler", "head")]


def test_normal_case_is_seen_by_lead_assisting_petition_office_and_leaders(org):
    case = routed_case(lead=org.units["agri"], assisting=[org.units["east"]], owner=org.leaders["li"])
    for user in _people(org, "agri", "east", "petition", "discipline"):
        assert _sees(user, case), user
    for user in _people(org, "urban", "legal"):
        assert not _sees(user, case), user
    assert _sees(org.director.user, case)
    assert _sees(org.leaders["li"].user, case)  # owner and supervisor of agriculture
    assert not _sees(org.leaders["zhang"].user, case)
    assert not _sees(org.outsider, case)


def test_anonymous_sees_nothing(org, rf):
    from django.contrib.auth.models import AnonymousUser

    routed_case(lead=org.units["agri"])
    assert not case_list_for_user(AnonymousUser()).exists()


def test_conduct_complaint_about_a_unit_reaches_only_discipline_owner_and_director(org):
    case = routed_case(
        lead=org.units["discipline"],
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[org.units["urban"]],
        assisting=[org.units["agri"]],
        owner=org.leaders["chen"],
    )
    for user in _people(org, "discipline"):
        assert _sees(user, case)
    assert _sees(org.director.user, case)
    assert _sees(org.leaders["chen"].user, case)
    # The assisting unit, the petition office, the accused unit and its leader see nothing.
    for user in _people(org, "agri", "petition", "urban", "east", "legal"):
        assert not _sees(user, case), user
    assert not _sees(org.leaders["zhang"].user, case)


def test_conduct_complaint_about_a_person_hides_it_from_that_person_even_in_the_discipline_office(org):
    accused = org.people["discipline", "handler"]
    case = routed_case(
        lead=org.units["discipline"], kind=CaseKind.CONDUCT, is_conduct_complaint=True, accused_persons=[accused]
    )
    assert not _sees(accused, case)
    assert _sees(org.people["discipline", "head"], case)


def test_deny_beats_the_director(org):
    case = routed_case(
        lead=org.units["discipline"],
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_persons=[org.director.user],
    )
    assert not _sees(org.director.user, case)
    with pytest.raises(Http404):
        case_get_for_user(org.director.user, code=case.tracking_code)


def test_member_of_accused_unit_never_sees_a_non_conduct_case_about_their_unit(org):
    case = routed_case(lead=org.units["agri"], assisting=[org.units["urban"]], accused_units=[org.units["urban"]])
    assert not _sees(org.people["urban", "handler"], case)
    assert _sees(org.people["agri", "handler"], case)


def test_conduct_case_routed_as_conduct_is_confidential_without_the_intake_flag(org):
    case = routed_case(lead=org.units["discipline"], kind=CaseKind.CONDUCT)
    assert not _sees(org.people["petition", "clerk"], case)
    assert _sees(org.people["discipline", "clerk"], case)


def test_case_without_routing_is_seen_by_the_petition_office_only(org):
    case = case_new()
    assert _sees(org.people["petition", "clerk"], case)
    assert not _sees(org.people["agri", "head"], case)


def test_delegate_sees_cases_awaiting_their_signature(org):
    from django.utils import timezone

    case = routed_case(lead=org.units["agri"], status=st.ROUTED)
    liu = org.leaders["liu"]
    assert not _sees(liu.user, case)
    today = timezone.localdate()
    Delegation.objects.create(
        director=org.director,
        leader=liu,
        scope="assignment",
        valid_from=today,
        valid_until=today,
        created_by=org.director.user,
        created_at=timezone.now(),
    )
    assert _sees(liu.user, case)


def test_missing_and_forbidden_answer_alike(org):
    case = routed_case(lead=org.units["agri"])
    for code in ("LH-22222-22222", case.tracking_code, "nonsense"):
        with pytest.raises(Http404) as missing:
            case_get_for_user(org.people["urban", "head"], code=code)
        assert str(missing.value) == "no such case"


def test_intake_reads_apply_the_one_rule(org):
    case = routed_case(
        lead=org.units["discipline"],
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[org.units["agri"]],
    )
    accused = org.people["agri", "head"]
    assert not case_list_for_user(accused).filter(pk=case.pk).exists()
    assert case_list_for_user(org.people["discipline", "clerk"]).filter(pk=case.pk).exists()
    with pytest.raises(Http404):
        case_get_for_user(accused, code=case.tracking_code)
    assert not intake_selectors.earlier_cases_for(phone="13800138000", user=accused).exists()
