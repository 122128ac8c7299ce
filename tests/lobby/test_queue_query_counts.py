"""Every page that reads a unit's queue costs the same number of queries whatever the queue's size,
and its counts stop at ``COUNT_CAP`` through the one visibility rule."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from departments import permissions as perms
from lobby import queues
from mediation.services import api_token_issue
from tests.lobby.factories import data_queries, routed_case

pytestmark = pytest.mark.django_db

# Budgets: what each page costs today, plus one (the live pages include the nav's and the session's
# queries; a person's standing is read once per request, ``cases.permissions.viewers_remembered``).
BUDGETS = {
    "staff queue page": 16,
    "staff queue page, a deeper page": 16,
    "queue API": 12,
    "live queue page": 15,
    "live queue snapshot": 13,
    "case page": 38,
    "director's center view": 18,
}


def _queue(org, n: int, *, start: int = 0) -> None:
    """``n`` more cases in agri's queue: waiting, held, overdue, due soon, and a conduct complaint
    about agri (which agri's people never see, nor count)."""
    agri, head = org.units["agri"], org.people[("agri", perms.HEAD)]
    today = timezone.localdate()
    for i in range(start, start + n):
        routed_case(
            lead=agri,
            picked_by=head if i % 3 == 0 else None,
            reply_due_on=today + timedelta(days=(i % 5) - 2),
        )
    routed_case(lead=agri, is_conduct_complaint=True, accused_units=[agri], kind="conduct")


def _clients(org) -> tuple[Client, Client, dict]:
    handler, director = Client(), Client()
    handler.force_login(org.people[("agri", perms.HANDLER)])
    director.force_login(org.director.user)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=org.people[('agri', perms.HANDLER)])[1]}"}
    return handler, director, bearer


def _pages(org, handler, director, bearer) -> dict:
    from cases.models import Routing

    first = Routing.objects.filter(lead_unit=org.units["agri"], queued_at__isnull=False).order_by("queued_at").first()
    from mediation.selectors import encode_cursor

    after = encode_cursor(first.queued_at, first.pk)
    return {
        "staff queue page": (handler, reverse("mediation:queue", args=["agriculture"]), {}),
        "staff queue page, a deeper page": (
            handler,
            reverse("mediation:queue", args=["agriculture"]) + f"?after={after}",
            {},
        ),
        "queue API": (handler, "/api/v1/queues/agriculture/cases", bearer),
        "live queue page": (handler, reverse("lobby:queue", args=["agriculture"]), {}),
        "live queue snapshot": (handler, reverse("lobby:queue-snapshot", args=["agriculture"]), {}),
        "case page": (handler, reverse("mediation:case", args=[first.case.tracking_code]), {}),
        "director's center view": (director, reverse("lobby:center"), {}),
    }


def _queries(client, url, headers) -> int:
    client.get(url, **headers)  # warm the calendar and the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(data_queries(captured))


def test_every_queue_page_costs_the_same_queries_for_a_small_and_a_larger_queue(org):
    handler, director, bearer = _clients(org)
    _queue(org, 4)
    small = {name: _queries(*page) for name, page in _pages(org, handler, director, bearer).items()}
    _queue(org, 30, start=4)
    large = {name: _queries(*page) for name, page in _pages(org, handler, director, bearer).items()}
    assert large == small
    for name, queries in large.items():
        assert queries <= BUDGETS[name], (name, queries)


def test_counts_stop_at_the_cap_and_follow_the_one_visibility_rule(org, client, monkeypatch):
    monkeypatch.setattr(queues, "COUNT_CAP", 5)
    agri = org.units["agri"]
    handler = org.people[("agri", perms.HANDLER)]
    for _ in range(4):
        routed_case(lead=agri)
    conduct = routed_case(lead=agri, is_conduct_complaint=True, accused_units=[agri], kind="conduct")

    counts = queues.queue_lists_for_user(handler, agri).counts
    assert counts["waiting"] == 4  # the complaint about agri is not counted for agri's people
    assert str(counts["waiting"]) == "4"
    director_counts = queues.queue_lists_for_user(org.director.user, agri).counts
    assert director_counts["waiting"] == 5  # the director sees it
    reader = queues.QueueReader(handler, agri)
    state = reader.state(conduct.pk)
    assert (state["region"], state["visible"], state["counts"]) == (None, False, counts)
    assert queues.QueueReader(org.director.user, agri).state(conduct.pk)["region"] == "waiting"

    for _ in range(3):
        routed_case(lead=agri)
    counts = queues.queue_lists_for_user(handler, agri).counts
    assert isinstance(counts["waiting"], queues.AtLeast)
    assert (int(counts["waiting"]), str(counts["waiting"])) == (5, "5+")
    client.force_login(handler)
    html = client.get(reverse("lobby:queue", args=["agriculture"])).content.decode()
    assert 'data-live-text="waiting">5+<' in html
    summary = queues.center_summary_for_user(org.director.user)
    assert str(summary.totals["waiting"]) == "5+"


def test_the_stored_next_due_date_marks_the_live_counts(org):
    agri = org.units["agri"]
    today = timezone.localdate()
    routed_case(lead=agri, reply_due_on=today - timedelta(days=1))
    routed_case(lead=agri, reply_due_on=today)
    routed_case(lead=agri, reply_due_on=today + timedelta(days=60))
    counts = queues.queue_lists_for_user(org.director.user, agri).counts
    assert (counts["waiting"], counts["overdue"], counts["due_soon"]) == (3, 1, 1)
    reader_counts = queues.QueueReader(org.director.user, agri).state(0)["counts"]
    assert reader_counts == counts
