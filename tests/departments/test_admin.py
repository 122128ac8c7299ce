"""The organisation in the Wagtail admin: in Chinese, and saved through the services."""

import pytest
from django.urls import reverse

from departments import permissions as perms
from departments.models import Membership, Unit
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(username="root")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)
    return client


def test_unit_list_in_chinese(admin_client):
    UnitFactory(name="城建办")
    response = admin_client.get(reverse("wagtailsnippets_departments_unit:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "城建办" in body
    assert "单位" in body


def test_unit_created_in_admin_gets_role_groups(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_departments_unit:add"),
        {"code": "water", "name": "水利站", "kind": Unit.Kind.LINE_OFFICE, "is_active": "on", "responsibilities": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name__startswith="unit.water.").count() == len(perms.ROLE_PERMISSIONS)


def test_membership_created_in_admin_grants(admin_client):
    unit = UnitFactory(code="water")
    user = UserFactory(username="handler")
    response = admin_client.post(
        reverse("wagtailsnippets_departments_membership:add"),
        {"user": user.pk, "unit": unit.pk, "role": perms.HANDLER},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm(f"departments.{perms.WORK_UNIT_CASES}", unit)

    membership = Membership.objects.get(user=user)
    response = admin_client.post(reverse("wagtailsnippets_departments_membership:delete", args=[membership.pk]))
    assert response.status_code == 302
    user = type(user).objects.get(pk=user.pk)
    assert not user.has_perm(f"departments.{perms.VIEW_UNIT_CASES}", unit)


def test_invalid_unit_code_is_refused_in_chinese(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_departments_unit:add"),
        {"code": "Bad Code!", "name": "x", "kind": Unit.Kind.LINE_OFFICE},
    )
    assert response.status_code == 200
    assert not Unit.objects.filter(name="x").exists()


def test_staff_without_admin_access_cannot_open_admin(client):
    client.force_login(UserFactory(username="plain"))
    response = client.get(reverse("wagtailsnippets_departments_unit:list"))
    assert response.status_code in {302, 403}
