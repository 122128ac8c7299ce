"""Unit permissions: each person sees exactly the units their memberships allow."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from departments import permissions as perms
from departments import selectors, services
from departments.models import Membership, Unit, UnitUserObjectPermission
from tests.factories import LeaderFactory, UnitFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    units = {code: UnitFactory(code=code) for code in ("agriculture", "urban", "discipline")}
    people = {
        (code, role): member(unit, role, username=f"{code}.{role}")
        for code, unit in units.items()
        for role in perms.ROLE_PERMISSIONS
    }
    director = LeaderFactory(is_director=True, user=UserFactory(username="director")).user
    outsider = UserFactory(username="outsider")
    return SimpleNamespace(units=units, people=people, director=director, outsider=outsider)


def test_unit_list_for_user_matrix(org):
    for (code, role), user in org.people.items():
        visible = set(selectors.unit_list_for_user(user).values_list("code", flat=True))
        assert visible == {code}, (code, role, visible)
        workable = set(
            selectors.unit_list_for_user(user, permission=perms.WORK_UNIT_CASES).values_list("code", flat=True)
        )
        assert workable == ({code} if perms.WORK_UNIT_CASES in perms.ROLE_PERMISSIONS[role] else set())
        manageable = set(
            selectors.unit_list_for_user(user, permission=perms.MANAGE_UNIT_CASES).values_list("code", flat=True)
        )
        assert manageable == ({code} if role == perms.HEAD else set())
    assert set(selectors.unit_list_for_user(org.director).values_list("code", flat=True)) == set(org.units)
    assert not selectors.unit_list_for_user(org.outsider).exists()


def test_unit_page_from_three_sides(client, org):
    url = reverse("staff:unit", args=["agriculture"])

    client.force_login(org.people["agriculture", perms.HANDLER])
    own = client.get(url)
    assert own.status_code == 200
    head = org.people["agriculture", perms.HEAD]
    assert head.get_full_name() in own.content.decode()

    client.force_login(org.people["urban", perms.HEAD])
    assert client.get(url).status_code == 404
    # Missing and forbidden answer alike.
    assert client.get(reverse("staff:unit", args=["no-such-unit"])).status_code == 404

    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("staff:login"))


def test_staff_home_lists_only_own_units(client, org):
    client.force_login(org.people["urban", perms.CLERK])
    body = client.get(reverse("staff:home")).content.decode()
    assert org.units["urban"].name in body
    assert org.units["agriculture"].name not in body
    client.force_login(org.director)
    body = client.get(reverse("staff:home")).content.decode()
    assert all(unit.name in body for unit in org.units.values())


def test_anonymous_sees_no_staff_page(client, org):
    for name, args in [("staff:home", []), ("staff:unit", ["agriculture"])]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert reverse("staff:login") in response["Location"]


def test_grants_go_to_role_groups_not_users(org):
    assert not UnitUserObjectPermission.objects.exists()
    user = org.people["agriculture", perms.HANDLER]
    assert [g.name for g in user.groups.all()] == [perms.role_group_name("agriculture", perms.HANDLER)]


def test_membership_role_change_moves_group(org):
    user = org.people["agriculture", perms.HANDLER]
    services.membership_set(user=user, unit=org.units["agriculture"], role=perms.HEAD)
    user = type(user).objects.get(pk=user.pk)  # drop guardian's per-object cache
    assert user.has_perm(f"departments.{perms.MANAGE_UNIT_CASES}", org.units["agriculture"])
    assert [g.name for g in user.groups.all()] == [perms.role_group_name("agriculture", perms.HEAD)]
    assert Membership.objects.filter(user=user).count() == 1


def test_membership_remove_revokes(org):
    user = org.people["urban", perms.HEAD]
    services.membership_remove(membership=Membership.objects.get(user=user, unit=org.units["urban"]))
    user = type(user).objects.get(pk=user.pk)
    assert not selectors.unit_list_for_user(user).exists()
    assert not user.groups.exists()


def test_unit_code_change_renames_groups(org):
    unit = org.units["urban"]
    unit.code = "urban-construction"
    services.unit_save(unit=unit)
    assert Group.objects.filter(name="unit.urban-construction.head").exists()
    assert not Group.objects.filter(name="unit.urban.head").exists()
    assert list(selectors.unit_list_for_user(org.people["urban", perms.HEAD])) == [unit]


def test_inactive_unit_and_user_see_nothing(org):
    unit = org.units["agriculture"]
    unit.is_active = False
    services.unit_save(unit=unit)
    assert not selectors.unit_list_for_user(org.people["agriculture", perms.HEAD]).exists()
    user = org.people["urban", perms.HEAD]
    user.is_active = False
    user.save()
    assert not selectors.unit_list_for_user(user).exists()


def test_unit_list_query_count_does_not_grow(django_assert_max_num_queries, org):
    user = org.people["agriculture", perms.HEAD]
    for n in range(20):
        services.membership_set(user=user, unit=UnitFactory(code=f"extra-{n}"), role=perms.HANDLER)
    with django_assert_max_num_queries(4):
        assert len(list(selectors.unit_list_for_user(user))) == 21


def test_liaison_team_needs_area():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.unit_save(unit=Unit(code="team-x", name="工作组", kind=Unit.Kind.LIAISON_TEAM))
