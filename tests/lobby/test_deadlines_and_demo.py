"""Cases crossing into due-soon and overdue are announced; the demo hall loads twice alike."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lobby.models import Display, DutyRoster, ServiceWindow, WindowAssignment
from lobby.queues import due_soon_until
from lobby.services.deadlines import due_changes_announce
from tests.lobby.factories import routed_case

pytestmark = pytest.mark.django_db


def test_cases_that_became_overdue_or_due_soon_today_are_announced(org, broadcasts, django_capture_on_commit_callbacks):
    agri = org.units["agri"]
    today = timezone.localdate()
    overdue = routed_case(lead=agri, reply_due_on=today - timedelta(days=1))
    routed_case(lead=agri, reply_due_on=today - timedelta(days=3))  # overdue before today: already marked
    soon = routed_case(lead=agri, reply_due_on=due_soon_until(today))
    routed_case(lead=agri, reply_due_on=today + timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert due_changes_announce(today=today) == 2
    announced = {(g, p["case"], p["change"]) for g, _k, p in broadcasts}
    assert (f"queue.{agri.pk}", overdue.pk, "overdue") in announced
    assert (f"queue.{agri.pk}", soon.pk, "due_soon") in announced
    assert ("center", soon.pk, "due_soon") in announced


def test_the_demo_hall_loads_twice_alike(org):
    out = io.StringIO()
    call_command("lobby_demo", stdout=out)
    assert "/lobby/display/" in out.getvalue()
    call_command("lobby_demo", stdout=io.StringIO())
    assert ServiceWindow.objects.count() == 4
    assert Display.objects.count() == 1
    assignment = WindowAssignment.objects.get()  # only petition.clerk exists in this organisation
    assert (assignment.window.code, assignment.clerk.username) == ("1", "petition.clerk")
    assert set(DutyRoster.objects.values_list("leader__user__username", flat=True)) <= {"leader.li"}
