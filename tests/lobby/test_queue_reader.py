"""The live queue's compiled reader says exactly what case handling's queue selectors say."""

from datetime import timedelta

import pytest
from django.utils import timezone

from departments import permissions as perms
from lobby.queues import QueueReader, due_soon_until, due_state
from mediation.selectors import in_hand_for_unit, queue_for_unit
from tests.lobby.factories import routed_case

pytestmark = pytest.mark.django_db

STATUSES = ["assigned", "objected", "in_progress", "reply_drafted", "awaiting_signoff", "replied", "closed"]


def test_the_reader_agrees_with_queue_for_unit_and_in_hand_for_unit(org):
    agri = org.units["agri"]
    head = org.people[("agri", perms.HEAD)]
    today = timezone.localdate()
    cases = []
    for i, status in enumerate(STATUSES):
        picked = head if status not in {"assigned", "objected"} else None
        cases.append(
            routed_case(lead=agri, status=status, picked_by=picked, reply_due_on=today + timedelta(days=i - 2))
        )
    cases.append(routed_case(lead=org.units["urban"]))  # another unit's
    cases.append(
        routed_case(lead=agri, is_conduct_complaint=True, accused_units=[agri], kind="conduct")
    )  # never for agri's people
    for user in (org.people[("agri", perms.HANDLER)], head, org.director.user, org.people[("urban", perms.HEAD)]):
        reader = QueueReader(user, agri)
        waiting = {c.pk for c in queue_for_unit(user, agri).items}
        held = {c.pk for c in in_hand_for_unit(user, agri).items}
        for case in cases:
            expected = "waiting" if case.pk in waiting else "held" if case.pk in held else None
            assert reader.state(case.pk)["region"] == expected, (user, case.status)
        counts = reader.state(0)["counts"]
        assert (counts["waiting"], counts["held"]) == (len(waiting), len(held))


def test_overdue_and_due_soon_marks():
    today = timezone.localdate()
    soon = due_soon_until(today)
    assert due_state(today - timedelta(days=1), today=today, soon_until=soon) == "overdue"
    assert due_state(today, today=today, soon_until=soon) == "due_soon"
    assert due_state(soon, today=today, soon_until=soon) == "due_soon"
    assert due_state(soon + timedelta(days=1), today=today, soon_until=soon) == ""
    assert due_state(None, today=today, soon_until=soon) == ""
