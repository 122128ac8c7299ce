"""A person's standing is read once per request, and forgotten as soon as the request writes anything."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.permissions import viewer_for, viewers_remembered
from departments import services
from departments.models import Membership
from tests.factories import UnitFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_within_a_request_the_standing_is_read_once():
    user = member(UnitFactory(), Membership.Role.HANDLER)
    with viewers_remembered():
        first = viewer_for(user)
        assert _queries(lambda: viewer_for(user)) == 0
        assert viewer_for(user) is first
    assert _queries(lambda: viewer_for(user)) > 0  # outside a request: read every time


def test_a_write_in_the_request_is_seen_by_the_rest_of_it():
    user, unit = UserFactory(), UnitFactory()
    with viewers_remembered():
        assert viewer_for(user).units() == frozenset()
        membership = services.membership_set(user=user, unit=unit, role=Membership.Role.HANDLER)
        assert viewer_for(user).units() == {unit.pk}
        assert viewer_for(user).member_of == {unit.pk}
        services.membership_remove(membership=membership)
        assert viewer_for(user).units() == frozenset()
        assert viewer_for(user).member_of == frozenset()


def test_each_person_has_their_own_standing():
    unit = UnitFactory()
    one, other = member(unit, Membership.Role.HANDLER), UserFactory()
    with viewers_remembered():
        assert viewer_for(one).units() == {unit.pk}
        assert viewer_for(other).units() == frozenset()
        assert (viewer_for(one).user_id, viewer_for(other).user_id) == (one.pk, other.pk)


def test_a_staff_page_reads_the_standing_once(client):
    unit = UnitFactory()
    client.force_login(member(unit, Membership.Role.HANDLER))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/staff/queues/{unit.code}/").status_code == 200
    reads = [q["sql"] for q in captured if 'FROM "departments_membership"' in q["sql"]]
    assert len(reads) == 1, reads


def test_a_write_to_anything_else_keeps_the_standing():
    # Listened to per model (``cases.permissions.STANDING_MODELS``): a receiver on every model would
    # make Django load each row of a bulk delete to signal it.
    user = member(UnitFactory(), Membership.Role.HANDLER)
    with viewers_remembered():
        first = viewer_for(user)
        Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now())
        Session.objects.all().delete()
        assert viewer_for(user) is first
        services.membership_set(user=user, unit=UnitFactory(), role=Membership.Role.HANDLER)
        assert viewer_for(user) is not first
