"""The roster of mediators in the Wagtail admin: listed, added, refused with two committees, hidden from staff."""

import pytest
from django.urls import reverse

from peoples_mediation.models import Mediator

pytestmark = pytest.mark.django_db


def test_the_roster_lists_both_kinds_of_committee(admin_client, org):
    response = admin_client.get(reverse("wagtailsnippets_peoples_mediation_mediator:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "赵调解" in body
    assert "钱老伯" in body


def test_an_administrator_adds_a_village_mediator(admin_client, org):
    response = admin_client.post(
        reverse("wagtailsnippets_peoples_mediation_mediator:add"),
        {"name": "周大姐", "phone": "13600000000", "village": org.village.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    mediator = Mediator.objects.get(name="周大姐")
    assert mediator.village == org.village
    assert mediator.committee_unit is None


def test_a_mediator_of_two_committees_is_refused(admin_client, org):
    response = admin_client.post(
        reverse("wagtailsnippets_peoples_mediation_mediator:add"),
        {"name": "吴某", "village": org.village.pk, "committee_unit": org.units["mediation"].pk, "is_active": "on"},
    )
    assert response.status_code == 200
    assert not Mediator.objects.filter(name="吴某").exists()


def test_a_mediator_of_no_committee_is_refused(admin_client, org):
    response = admin_client.post(
        reverse("wagtailsnippets_peoples_mediation_mediator:add"), {"name": "郑某", "is_active": "on"}
    )
    assert response.status_code == 200
    assert not Mediator.objects.filter(name="郑某").exists()


def test_staff_without_admin_rights_cannot_open_the_roster(client, org):
    client.force_login(org.people["mediation", "handler"])
    response = client.get(reverse("wagtailsnippets_peoples_mediation_mediator:list"))
    assert response.status_code in {302, 403}
