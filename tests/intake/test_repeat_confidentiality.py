"""Repeat links and counts go through the one visibility rule (issue 12, fix 1).

A petitioner who once complained about an official and now raises the same matter again: the
earlier complaint counts for the rules (the stored escalation count), but for everyone who may
not see it, it neither links nor counts, and its code reaches nobody through the desk or /track/.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cases.errors import CaseNotFound
from cases.models import CaseEvent, CaseLink
from departments.models import Unit
from intake import selectors
from intake.services import CaseInput, PetitionerInput, case_file, case_link_decide

pytestmark = pytest.mark.django_db
PHONE = "13912340001"


def _user(username):
    return get_user_model().objects.get(username=username)


def _file(request, *, conduct=False, **kw):
    return case_file(
        data=CaseInput(
            channel="visit",
            service="complaint" if conduct else "petition",
            request=request,
            petitioners=[PetitionerInput(name="钱多多", phone=PHONE)],
            consent=True,
            is_conduct_complaint=conduct,
            accused_description="城建办" if conduct else "",
            accused_units=[Unit.objects.get(code="urban-construction")] if conduct else (),
            **kw,
        )
    ).case


@pytest.fixture
def cases(demo):
    hidden = _file("城建办拖着不修村口道路，积水严重，还要好处费。", conduct=True)
    visible = _file("村口道路积水严重，一直不修，请求修复。")
    new = _file("村口道路积水严重还是不修，请求尽快修复。")
    assert set(new.links.values_list("earlier_id", flat=True)) == {hidden.pk, visible.pk}
    return hidden, visible, new


def test_stored_escalation_count_includes_the_hidden_case(cases):
    _hidden, _visible, new = cases
    assert new.repeat_count == 3  # the rules' count: the third time the matter is raised
    assert new.is_repeat


def test_petition_clerk_sees_neither_the_hidden_link_nor_its_count(client, cases):
    hidden, visible, new = cases
    clerk = _user("petition.clerk")
    assert [link.earlier_id for link in selectors.case_links_for(new, user=clerk)] == [visible.pk]
    assert selectors.repeat_count_for_user(new, clerk) == 2
    client.force_login(clerk)
    page = client.get(reverse("intake:desk-case", args=[new.tracking_code])).content.decode()
    assert visible.display_code in page
    assert hidden.display_code not in page
    assert hidden.tracking_code not in page
    assert "重复访" not in page
    assert "repeat petition" not in page


def test_clerk_cannot_confirm_a_link_to_a_hidden_case(client, cases):
    hidden, _visible, new = cases
    clerk = _user("petition.clerk")
    link = CaseLink.objects.get(case=new, earlier=hidden)
    client.force_login(clerk)
    response = client.post(reverse("intake:desk-link", args=[new.tracking_code, link.pk]), {"decision": "confirm"})
    assert response.status_code == 404
    with pytest.raises(CaseNotFound):
        case_link_decide(link=link, confirm=True, actor=clerk)
    link.refresh_from_db()
    assert link.state == CaseLink.State.DETECTED
    written = CaseEvent.objects.filter(case=new, kind__startswith="repeat_link")
    assert not written.exists()
    assert not any(hidden.tracking_code in str(e.data) for e in CaseEvent.objects.filter(case=new))


def test_the_discipline_office_and_the_director_see_the_link_and_count_it(cases):
    hidden, visible, new = cases
    for username in ("discipline.handler", "director"):
        user = _user(username)
        assert selectors.repeat_count_for_user(new, user) == 3, username
        assert {link.earlier_id for link in selectors.case_links_for(new, user=user)} == {hidden.pk, visible.pk}


def test_the_accused_unit_sees_no_link_and_no_count(cases):
    hidden, _visible, new = cases
    for username in ("urban.head", "urban.handler", "leader.zhang"):
        user = _user(username)
        assert not selectors.case_links_for(new, user=user).filter(earlier=hidden).exists(), username
        assert selectors.repeat_count_for_user(new, user) == 1, username


def test_anonymous_gets_no_count_and_track_shows_no_earlier_code(client, cases):
    hidden, _visible, new = cases
    assert selectors.repeat_count_for_user(new, AnonymousUser()) == 1
    response = client.post(
        "/api/v1/intake/cases",
        {
            "service": "petition",
            "request": "村口道路积水严重，还是没有修，请求修复。",
            "name": "钱多多",
            "phone": PHONE,
            "consent": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["repeat_count"] == 1
    page = client.post(reverse("intake:track"), {"code": new.tracking_code, "phone_last4": PHONE[-4:]})
    body = page.content.decode()
    assert new.display_code in body or new.tracking_code in body
    assert hidden.display_code not in body
    assert hidden.tracking_code not in body


def test_undoing_the_visible_link_lowers_the_shown_count_and_the_stored_one(cases):
    _hidden, visible, new = cases
    clerk = _user("petition.clerk")
    case_link_decide(link=CaseLink.objects.get(case=new, earlier=visible), confirm=False, actor=clerk)
    new.refresh_from_db()
    assert new.repeat_count == 2  # the hidden raising still counts for the rules
    assert selectors.repeat_count_for_user(new, clerk) == 1
