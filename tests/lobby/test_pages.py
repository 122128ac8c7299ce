"""The lobby's pages without JavaScript: server-rendered current state, from three sides."""

import pytest
from django.conf import settings
from django.urls import reverse

from departments import permissions as perms
from intake.services import ticket_issue
from lobby.models import QueueTicket, TicketCall, TicketState
from tests.lobby.factories import data_queries_at_most, routed_case, window_new

pytestmark = pytest.mark.django_db


def test_the_live_queue_page_shows_the_queue_without_javascript(client, org):
    agri = org.units["agri"]
    handler = org.people[("agri", perms.HANDLER)]
    waiting = routed_case(lead=agri, request="鱼塘承包纠纷")
    held = routed_case(lead=agri, picked_by=org.people[("agri", perms.HEAD)], request="灌溉渠堵塞")
    for _ in range(20):
        routed_case(lead=agri)
    client.force_login(handler)
    client.get(reverse("lobby:queue", args=["agriculture"]))  # warm the calendar and session
    # Constant in the number of rows (viewer_for runs in each of case handling's selectors; the
    # nav asks whether the person may open the admin's case list, the rows their next clock).
    with data_queries_at_most(29):
        response = client.get(reverse("lobby:queue", args=["agriculture"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-live-id="{waiting.pk}"' in html
    assert "鱼塘承包纠纷" in html
    assert f'data-live-id="{held.pk}"' in html
    assert 'data-live-text="waiting">21<' in html
    assert 'data-live="/ws/queues/agriculture/?protocol=live"' in html
    assert 'name="csrfmiddlewaretoken" value=""' not in html  # pick buttons work without JavaScript
    assert "<script>" not in html


def test_the_queue_page_and_its_snapshot_for_another_unit_and_anonymous(client, org):
    routed_case(lead=org.units["agri"])
    for name in ("lobby:queue", "lobby:queue-snapshot"):
        url = reverse(name, args=["agriculture"])
        client.logout()
        assert client.get(url).status_code == 302  # to the sign-in page
        client.force_login(org.people[("urban", perms.HEAD)])
        assert client.get(url).status_code == 404  # like a unit that does not exist
        client.force_login(org.people[("agri", perms.CLERK)])
        assert client.get(url).status_code == 200


def test_the_snapshot_json_is_what_the_socket_sends(client, org):
    case = routed_case(lead=org.units["agri"])
    client.force_login(org.people[("agri", perms.HEAD)])
    data = client.get(reverse("lobby:queue-snapshot", args=["agriculture"])).json()
    assert set(data) == {"regions", "texts"}
    assert f'data-live-id="{case.pk}"' in data["regions"]["waiting"]
    assert data["texts"]["waiting"] == "1"


def test_the_center_page_is_the_directors(client, org):
    routed_case(lead=org.units["agri"])
    client.force_login(org.director.user)
    response = client.get(reverse("lobby:center"))
    assert response.status_code == 200
    assert "农业农村办" in response.content.decode()
    assert client.get(reverse("lobby:center-snapshot")).json()["texts"]["waiting"] == "1"
    client.force_login(org.people[("agri", perms.HEAD)])
    assert client.get(reverse("lobby:center")).status_code == 404
    assert client.get(reverse("lobby:center-snapshot")).status_code == 404


def test_a_clerk_works_the_window_with_plain_forms(client, org):
    clerk = org.people[("petition", perms.CLERK)]
    window = window_new("1", ["petition"], clerk=clerk, name="1号窗口")
    other = window_new("2", ["legal_aid"], name="2号窗口")
    first = ticket_issue(service="petition")
    ticket_issue(service="petition")
    client.force_login(clerk)
    assert "1号窗口" in client.get(reverse("lobby:windows")).content.decode()
    response = client.post(reverse("lobby:call-next", args=["1"]), follow=True)
    html = response.content.decode()
    assert first.label in html
    assert TicketState.objects.get(ticket=first).window == window
    client.post(reverse("lobby:recall", args=["1", first.pk]))
    client.post(reverse("lobby:transfer", args=["1", first.pk]), {"to_window": other.pk})
    assert TicketState.objects.get(ticket=first).window == other
    assert list(TicketCall.objects.filter(ticket=first).order_by("pk").values_list("kind", flat=True)) == [
        "call",
        "recall",
        "transfer",
    ]
    # Gone from window 1: its actions on the ticket answer 404.
    assert client.post(reverse("lobby:skip", args=["1", first.pk])).status_code == 404
    second = client.post(reverse("lobby:call-next", args=["1"]))
    assert second.status_code == 302
    called = QueueTicket.objects.filter(status="called").exclude(pk=first.pk).get()
    client.post(reverse("lobby:finish", args=["1", called.pk]))
    called.refresh_from_db()
    assert called.status == "done"


def test_a_window_is_closed_to_others(client, org):
    window_new("1", ["petition"], clerk=org.people[("petition", perms.CLERK)])
    ticket_issue(service="petition")
    client.force_login(org.people[("agri", perms.HEAD)])
    assert client.get(reverse("lobby:window", args=["1"])).status_code == 404
    assert client.post(reverse("lobby:call-next", args=["1"])).status_code == 404
    assert QueueTicket.objects.filter(status="waiting").count() == 1
    client.logout()
    assert client.post(reverse("lobby:call-next", args=["1"])).status_code == 302


def test_the_index_lists_the_persons_screens(client, org):
    window_new("1", ["petition"], clerk=org.people[("petition", perms.CLERK)], name="1号窗口")
    client.force_login(org.people[("petition", perms.CLERK)])
    html = client.get(reverse("lobby:home")).content.decode()
    assert "1号窗口" in html
    assert reverse("lobby:queue", args=["petition-office"]) in html
    assert reverse("lobby:center") not in html
    client.force_login(org.director.user)
    assert reverse("lobby:center") in client.get(reverse("lobby:home")).content.decode()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ["受理时间", "答复期限", "状态", "领取", "承办人"]),
        ("en", ["Received", "Reply due", "Status", "Pick", "Handled by"]),
    ],
)
def test_the_queue_rows_read_in_the_persons_language_and_a_pick_comes_back_here(client, org, language, words):
    agri = org.units["agri"]
    routed_case(lead=agri, request="鱼塘承包纠纷")
    routed_case(lead=agri, picked_by=org.people[("agri", perms.HEAD)], request="灌溉渠堵塞")
    client.force_login(org.people[("agri", perms.HANDLER)])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    data = client.get(reverse("lobby:queue-snapshot", args=["agriculture"])).json()
    rows = data["regions"]["waiting"] + data["regions"]["held"]
    for word in words:
        assert word in rows, word
    back = reverse("lobby:queue", args=["agriculture"])
    assert f'name="next" value="{back}"' in data["regions"]["waiting"]
