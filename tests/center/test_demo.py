"""The demo organisation loads once, loads again to the same state, and never in production."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from departments import permissions as perms
from departments import selectors
from departments.models import Area, Leader, Membership, ProxyAgent, Unit, UnitGroupObjectPermission, Village

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "units": sorted(Unit.objects.values_list("code", "kind", "name")),
        "areas": sorted(Area.objects.values_list("code", "chief__user__username")),
        "villages": sorted(Village.objects.values_list("code", "area__code")),
        "memberships": sorted(Membership.objects.values_list("user__username", "unit__code", "role")),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "grants": UnitGroupObjectPermission.objects.count(),
        "users": get_user_model().objects.count(),
        "leaders": sorted(Leader.objects.values_list("user__username", "is_director")),
        "proxies": ProxyAgent.objects.count(),
    }


def test_load_demo_is_idempotent():
    call_command("load_demo", "--quiet-logins")
    first = snapshot()
    call_command("load_demo", "--quiet-logins")
    assert snapshot() == first


def test_demo_covers_every_role_and_unit_kind():
    call_command("load_demo", "--quiet-logins")
    assert set(Unit.objects.values_list("kind", flat=True)) == set(Unit.Kind.values)
    assert set(Membership.objects.values_list("role", flat=True)) == set(perms.ROLE_PERMISSIONS)
    assert Leader.objects.filter(is_director=True).count() == 1
    assert Leader.objects.filter(supervised_units__isnull=False).exists()
    assert Area.objects.filter(chief__isnull=False).count() == Area.objects.count()
    assert ProxyAgent.objects.filter(village__isnull=True).exists()
    assert ProxyAgent.objects.filter(village__isnull=False).exists()
    for area in Area.objects.all():
        assert area.villages.exists()
        assert area.liaison_team.memberships.filter(role=perms.HEAD).exists()


def test_demo_logins_work(client):
    call_command("load_demo", "--quiet-logins")
    from departments.demo import DEMO_PASSWORD

    response = client.post(reverse("staff:login"), {"username": "agri.handler", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    user = get_user_model().objects.get(username="agri.handler")
    assert list(selectors.unit_list_for_user(user).values_list("code", flat=True)) == ["agriculture"]


def test_load_demo_prints_logins():
    from io import StringIO

    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "director" in text
    assert "petition.clerk" in text


def test_load_demo_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", "--quiet-logins")
    assert not Unit.objects.exists()


def test_every_demo_login_takes_the_demo_password_again_after_a_reload():
    from departments.demo import DEMO_PASSWORD

    call_command("load_demo", "--quiet-logins")
    User = get_user_model()
    changed = User.objects.get(username="grid.xisha")
    changed.set_password("something-else-2026")
    changed.save()
    call_command("load_demo", "--quiet-logins")
    demo_logins = User.objects.all()
    assert demo_logins.count() >= 30
    assert all(user.check_password(DEMO_PASSWORD) for user in demo_logins)
