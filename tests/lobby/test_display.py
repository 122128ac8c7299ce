"""The lobby display (page, snapshot, socket) and a window's console socket."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse
from django.utils import timezone

from departments import permissions as perms
from intake.services import ticket_issue
from lobby import services
from lobby.models import Display, DutyRoster, Notice
from tests.lobby.factories import case_new, window_new
from tests.lobby.sockets import assert_refused, open_socket


@pytest.fixture
def hall(org):
    clerk = org.people[("petition", perms.CLERK)]
    one = window_new("1", ["petition", "complaint"], clerk=clerk, name="1号窗口")
    window_new("2", ["legal_consultation", "legal_aid"], name="2号窗口")
    display, token = services.display_create(name="大厅电视")
    case = case_new(request="隐私内容：邻居占用宅基地", village=org.village)
    ticket = ticket_issue(service="petition", case=case)
    ticket_issue(service="petition")
    ticket_issue(service="legal_aid")
    DutyRoster.objects.create(date=timezone.localdate(), leader=org.li)
    Notice.objects.create(
        text="今日下午法律援助律师坐班",
        valid_from=timezone.now() - timedelta(hours=1),
        valid_until=timezone.now() + timedelta(hours=1),
    )
    Notice.objects.create(
        text="过期通知", valid_from=timezone.now() - timedelta(days=2), valid_until=timezone.now() - timedelta(days=1)
    )
    return {"clerk": clerk, "window": one, "display": display, "token": token, "ticket": ticket, "case": case}


def test_the_display_shows_calls_counts_duty_leader_and_notices_but_nothing_personal(
    client, hall, django_assert_max_num_queries
):
    services.ticket_call_next(window=hall["window"], actor=hall["clerk"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("lobby:display", args=[hall["token"]]))
    assert response.status_code == 200
    html = response.content.decode()
    assert hall["ticket"].label in html
    assert "1号窗口" in html
    assert "李明" in html  # the duty leader: a public official's name and title
    assert "副书记" in html
    assert "今日下午法律援助律师坐班" in html
    assert "过期通知" not in html
    for personal in ("王大伯", "13800138000", "隐私内容", hall["case"].tracking_code, "塘角村"):
        assert personal not in html
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "<script>" not in html  # scripts only from static files (CSP)


def test_waiting_counts_per_service(client, hall):
    data = client.get(reverse("lobby:display-snapshot", args=[hall["token"]])).json()
    services_html = data["regions"]["services"]
    assert 'service-waiting">2' in services_html  # petition: 2 tickets waiting
    assert 'service-waiting">1' in services_html  # legal aid: 1
    assert set(data["regions"]) == {"latest", "windows", "recent", "services", "duty", "notices"}


def test_a_wrong_or_switched_off_token_is_not_found(client, hall):
    assert client.get(reverse("lobby:display", args=["not-a-token"])).status_code == 404
    Display.objects.filter(pk=hall["display"].pk).update(is_active=False)
    assert client.get(reverse("lobby:display", args=[hall["token"]])).status_code == 404
    assert client.get(reverse("lobby:display-snapshot", args=[hall["token"]])).status_code == 404


def test_only_the_token_hash_is_stored(hall):
    display = Display.objects.get(pk=hall["display"].pk)
    assert hall["token"] not in display.token_hash
    assert len(display.token_hash) == 64


@pytest.mark.django_db(transaction=True)
async def test_the_display_socket_announces_each_call_with_labels_only():
    from tests.lobby.factories import build_org

    org = await sync_to_async(build_org)()
    clerk = org.people[("petition", perms.CLERK)]
    window = await sync_to_async(window_new)("1", ["petition"], clerk=clerk, name="1号窗口")
    _display, token = await sync_to_async(services.display_create)(name="大厅电视")
    case = await sync_to_async(case_new)(request="隐私内容")
    ticket = await sync_to_async(ticket_issue)(service="petition", case=case)

    ws = await open_socket(f"/ws/lobby/{token}/")  # no login: the token is the key
    snapshot = await ws.receive_json_from()
    assert snapshot["type"] == "snapshot"
    await sync_to_async(services.ticket_call_next)(window=window, actor=clerk)
    update = await ws.receive_json_from()
    assert update["announce"]["ticket"] == ticket.label
    assert update["announce"]["window"] == "1号窗口"
    assert ticket.label in update["announce"]["text"]
    assert ticket.label in update["regions"]["latest"]
    assert "隐私内容" not in str(update)

    # Renewing the token (or switching the display off) closes the screens opened under the old one.
    def renew():
        display = type(_display).objects.get(pk=_display.pk)
        services.display_save(display=display, renew_token=True)

    await sync_to_async(renew)()
    assert await ws.receive_output() == {"type": "websocket.close", "code": 4403}
    await assert_refused(f"/ws/lobby/{token}/")
    await assert_refused("/ws/lobby/guessed/")


@pytest.mark.django_db(transaction=True)
async def test_a_windows_console_hears_of_a_ticket_transferred_to_it():
    from tests.lobby.factories import build_org

    org = await sync_to_async(build_org)()
    clerk = org.people[("petition", perms.CLERK)]
    other_clerk = org.people[("petition", perms.HANDLER)]
    one = await sync_to_async(window_new)("1", ["petition"], clerk=clerk)
    two = await sync_to_async(window_new)("2", ["legal_aid"], clerk=other_clerk)
    await sync_to_async(ticket_issue)(service="petition")

    console = await open_socket("/ws/windows/2/", other_clerk)
    assert (await console.receive_json_from())["type"] == "snapshot"
    await assert_refused("/ws/windows/2/", clerk)  # not their window today
    await assert_refused("/ws/windows/2/", org.people[("agri", perms.HEAD)])

    ticket = await sync_to_async(services.ticket_call_next)(window=one, actor=clerk)
    first = await console.receive_json_from()
    assert "announce" not in first  # called to window 1: window 2 only sees counts change
    await sync_to_async(services.ticket_transfer)(window=one, ticket=ticket, to_window=two, actor=clerk)
    update = await console.receive_json_from()
    assert update["announce"]["ticket"] == ticket.label
    assert ticket.label in update["regions"]["current"]
    await console.disconnect()
