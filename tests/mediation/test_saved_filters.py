"""Saved filters on the all-cases list: each person's own, and never wider than the rule."""

import pytest
from django.test import Client
from django.urls import reverse

from mediation.models import SavedCaseFilter
from tests.lobby.factories import build_org, case_new, routed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


def _save(client, name, query):
    return client.post(reverse("all_cases:saved-create"), {"name": name, "query": query})


def test_a_filter_is_saved_without_paging_and_opens_the_list_again(client, org):
    client.force_login(org.people[("agri", "head")])
    response = _save(client, "本单位逾期", f"overdue=true&p=3&export=xlsx&q=&lead_unit={org.units['agri'].pk}")
    assert response.status_code == 302
    saved = SavedCaseFilter.objects.get()
    assert saved.name == "本单位逾期"
    assert saved.query == f"overdue=true&lead_unit={org.units['agri'].pk}"
    assert response["Location"] == reverse("all_cases:index") + "?" + saved.query

    page = client.get(reverse("all_cases:index"))
    assert page.status_code == 200
    assert "本单位逾期" in page.content.decode()
    assert reverse("all_cases:index") + "?overdue=true" in page.content.decode()


def test_saving_the_same_name_replaces_it_and_a_name_is_required(client, org):
    user = org.people[("agri", "head")]
    client.force_login(user)
    _save(client, "甲", "overdue=true")
    _save(client, "甲", "repeat=true")
    assert list(SavedCaseFilter.objects.values_list("name", "query")) == [("甲", "repeat=true")]
    response = _save(client, "  ", "overdue=true")
    assert response.status_code == 302
    assert SavedCaseFilter.objects.count() == 1
    response = _save(client, "名" * 61, "overdue=true")
    assert SavedCaseFilter.objects.count() == 1


def test_a_filter_is_its_owners_alone(client, org):
    owner, other = org.people[("agri", "head")], org.people[("urban", "head")]
    client.force_login(owner)
    _save(client, "我的", "overdue=true")
    saved = SavedCaseFilter.objects.get()

    stranger = Client()
    stranger.force_login(other)
    assert "我的" not in stranger.get(reverse("all_cases:index")).content.decode()
    response = stranger.post(reverse("all_cases:saved-delete", args=[saved.pk]))
    assert response.status_code == 404
    assert SavedCaseFilter.objects.filter(pk=saved.pk).exists()

    client.force_login(owner)
    assert client.post(reverse("all_cases:saved-delete", args=[saved.pk])).status_code == 302
    assert not SavedCaseFilter.objects.exists()


def test_a_saved_filter_never_shows_more_than_the_rule(client, org):
    """A filter naming the accused unit's conduct complaint still finds nothing for that unit."""
    agri, discipline = org.units["agri"], org.units["discipline"]
    complaint = routed_case(lead=discipline, kind="conduct", request="举报农业农村办工作人员", accused_units=[agri])
    routed_case(lead=org.units["agri"], request="灌溉渠堵塞")
    case_new(request="尚未分流")
    head = org.people[("agri", "head")]
    client.force_login(head)
    _save(client, "举报", "q=举报")
    saved = SavedCaseFilter.objects.get()
    response = client.get(reverse("all_cases:index") + "?" + saved.query)
    body = response.content.decode()
    assert response.status_code == 200
    assert complaint.display_code not in body
    assert "举报农业农村办" not in body


def test_people_without_case_work_cannot_save(client, org):
    client.force_login(org.outsider)
    response = _save(client, "x", "overdue=true")
    assert response.status_code in (302, 403)
    assert not SavedCaseFilter.objects.exists()


def test_only_posts_change_saved_filters(client, org):
    client.force_login(org.people[("agri", "head")])
    assert client.get(reverse("all_cases:saved-create")).status_code == 405


def test_an_active_yes_no_filter_reads_in_words(client, org):
    client.force_login(org.people[("agri", "head")])
    body = client.get(reverse("all_cases:index"), {"overdue": "true"}, headers={"Accept-Language": "zh-hans"})
    text = body.content.decode()
    assert "True" not in text.split('id="listing-results"')[-1]
