""" "May see the whole center" is one function, and every caller answers as it does."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cases.permissions import viewer_for
from departments.models import Unit
from departments.selectors import may_see_center, unit_list_for_user
from lobby.selectors import may_see_alert_board
from tests.factories import UserFactory
from tests.mediation.factories import build_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    org = build_org()
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    retired = UserFactory(username="retired-root", is_superuser=True, is_active=False)
    return {
        "director": (org.director.user, True),
        "superuser": (superuser, True),
        "unit head": (org.people["agri", "head"], False),
        "leader": (org.leaders["li"].user, False),
        "inactive superuser": (retired, False),
        "anonymous": (AnonymousUser(), False),
    }


@pytest.mark.parametrize("who", ["director", "superuser", "unit head", "leader", "inactive superuser", "anonymous"])
def test_may_see_center_for_each_kind_of_person(people, who):
    user, expected = people[who]
    assert may_see_center(user) is expected
    viewer = viewer_for(user)
    assert (viewer is not None and viewer.sees_all) is expected
    if expected:
        assert set(unit_list_for_user(user)) == set(Unit.objects.filter(is_active=True))
        assert may_see_alert_board(user)


@pytest.mark.parametrize(("who", "status"), [("director", 200), ("superuser", 200), ("unit head", 404)])
def test_the_center_screen_and_the_staff_home_agree(client, people, who, status):
    user, expected = people[who]
    client.force_login(user)
    assert client.get(reverse("lobby:center")).status_code == status
    home = client.get(reverse("staff:home")).content.decode()
    assert (reverse("staff:unit", args=["urban-construction"]) in home) is expected
