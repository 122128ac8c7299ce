"""Live queue and director sockets through the real ASGI stack (origin check, session auth)."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.utils import timezone

from center.asgi import application
from departments import permissions as perms
from live.consumers import CLOSE_FORBIDDEN
from live.realtime import case_changed, sequence_next
from live.session import sockets_close_for_user
from tests.lobby.factories import build_org, routed_case
from tests.lobby.sockets import assert_refused, open_socket

pytestmark = [pytest.mark.django_db(transaction=True)]


def changed(case, *, unit_ids, kind):
    """What a service does: change, then announce after commit."""
    with transaction.atomic():
        case_changed(case.pk, unit_ids=unit_ids, kind=kind)


@pytest.fixture
def org_async():
    return build_org()


async def test_a_unit_member_gets_a_snapshot_then_rows_as_cases_arrive_and_are_picked(org_async):
    org = org_async
    agri = org.units["agri"]
    handler = org.people[("agri", perms.HANDLER)]
    waiting = await sync_to_async(routed_case)(lead=agri, request="鱼塘承包纠纷")
    ws = await open_socket("/ws/queues/agriculture/?protocol=live", handler)

    snapshot = await ws.receive_json_from()
    assert snapshot["type"] == "snapshot"
    assert snapshot["seq"] == 1
    assert f'data-live-id="{waiting.pk}"' in snapshot["regions"]["waiting"]
    assert "鱼塘承包纠纷" in snapshot["regions"]["waiting"]
    assert snapshot["texts"]["waiting"] == "1"

    new = await sync_to_async(routed_case)(lead=agri, request="灌溉渠堵塞")
    await sync_to_async(changed)(new, unit_ids=[agri.pk], kind="new")
    update = await ws.receive_json_from()
    assert update["type"] == "update"
    assert update["seq"] == 2
    assert update["change"] == "new"
    [row] = update["rows"]
    assert (row["id"], row["region"]) == (new.pk, "waiting")
    assert "灌溉渠堵塞" in row["html"]
    assert update["texts"]["waiting"] == "2"

    def pick():
        from cases.models import Routing

        Routing.objects.filter(pk=new.pk).update(picked_by=handler, picked_at=timezone.now(), queued_at=None)
        type(new).objects.filter(pk=new.pk).update(status="in_progress")
        changed(new, unit_ids=[agri.pk], kind="picked")

    await sync_to_async(pick)()
    update = await ws.receive_json_from()
    assert update["seq"] == 3
    [row] = update["rows"]
    assert (row["id"], row["region"]) == (new.pk, "held")
    assert str(handler) in row["html"]
    assert update["texts"]["held"] == "1"
    await ws.disconnect()


async def test_another_unit_and_anonymous_are_refused_alike(org_async):
    org = org_async
    await assert_refused("/ws/queues/agriculture/?protocol=live", org.people[("urban", perms.HEAD)])
    await assert_refused("/ws/queues/no-such-unit/?protocol=live", org.people[("urban", perms.HEAD)])
    await assert_refused("/ws/queues/agriculture/?protocol=live", None)
    await assert_refused("/ws/center/", org.people[("agri", perms.HEAD)])


async def test_a_foreign_origin_is_refused(org_async):
    headers = [(b"origin", b"http://evil.example.com")]
    ws = WebsocketCommunicator(application, "/ws/queues/agriculture/?protocol=live", headers=headers)
    connected, _ = await ws.connect()
    assert not connected


async def test_a_conduct_complaint_never_reaches_the_unit_or_person_it_is_about(org_async):
    org = org_async
    agri, discipline = org.units["agri"], org.units["discipline"]
    accused = org.people[("agri", perms.HEAD)]
    agri_handler = org.people[("agri", perms.HANDLER)]
    agri_socket = await open_socket("/ws/queues/agriculture/?protocol=live", agri_handler)
    await agri_socket.receive_json_from()
    discipline_socket = await open_socket(
        "/ws/queues/discipline-office/?protocol=live", org.people[("discipline", perms.HANDLER)]
    )
    await discipline_socket.receive_json_from()

    complaint = await sync_to_async(routed_case)(
        lead=discipline,
        kind="conduct",
        is_conduct_complaint=True,
        accused_units=[agri],
        accused_persons=[accused],
        request="举报某干部吃拿卡要",
    )
    # Even a careless caller naming the accused unit's queue must not leak the case there.
    await sync_to_async(changed)(complaint, unit_ids=[agri.pk, discipline.pk], kind="new")

    update = await discipline_socket.receive_json_from()
    assert update["rows"][0]["id"] == complaint.pk
    assert "举报某干部吃拿卡要" in update["rows"][0]["html"]
    assert await agri_socket.receive_nothing(timeout=0.5)  # not even that something happened

    # The same for the director when the complaint is about the director.
    director = org.director.user
    about_director = await sync_to_async(routed_case)(
        lead=discipline, kind="conduct", is_conduct_complaint=True, accused_persons=[director]
    )
    center = await open_socket("/ws/center/", director)
    await center.receive_json_from()
    await sync_to_async(changed)(about_director, unit_ids=[discipline.pk], kind="new")
    assert await center.receive_nothing(timeout=0.5)
    await discipline_socket.receive_json_from()
    for ws in (agri_socket, discipline_socket, center):
        await ws.disconnect()


async def test_a_case_that_leaves_the_queue_is_removed_by_id(org_async):
    org = org_async
    agri, urban = org.units["agri"], org.units["urban"]
    case = await sync_to_async(routed_case)(lead=agri)
    ws = await open_socket("/ws/queues/agriculture/?protocol=live", org.people[("agri", perms.HEAD)])
    await ws.receive_json_from()

    def reassign():
        from cases.models import Routing

        Routing.objects.filter(pk=case.pk).update(lead_unit=urban)
        changed(case, unit_ids=[agri.pk, urban.pk], kind="reassigned")

    await sync_to_async(reassign)()
    update = await ws.receive_json_from()
    assert update["rows"] == [{"id": case.pk, "region": None}]
    assert update["texts"]["waiting"] == "0"
    await ws.disconnect()


async def test_a_gap_in_the_groups_sequence_sends_a_fresh_snapshot(org_async):
    org = org_async
    agri = org.units["agri"]
    ws = await open_socket("/ws/queues/agriculture/?protocol=live", org.people[("agri", perms.HANDLER)])
    await ws.receive_json_from()
    await sync_to_async(sequence_next)(f"queue.{agri.pk}")  # an event the layer dropped
    case = await sync_to_async(routed_case)(lead=agri)
    await sync_to_async(changed)(case, unit_ids=[agri.pk], kind="new")
    message = await ws.receive_json_from()
    assert message["type"] == "snapshot"
    assert f'data-live-id="{case.pk}"' in message["regions"]["waiting"]
    assert message["seq"] == 2  # the socket's own numbering stays continuous

    await ws.send_json_to({"type": "snapshot"})  # what a page asks after a gap or reconnect
    again = await ws.receive_json_from()
    assert (again["type"], again["seq"]) == ("snapshot", 3)
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from() == {"type": "pong", "seq": 4}
    await ws.disconnect()


async def test_logging_out_or_losing_the_role_closes_the_queue_socket(org_async):
    org = org_async
    handler = org.people[("agri", perms.HANDLER)]
    ws = await open_socket("/ws/queues/agriculture/?protocol=live", handler)
    await ws.receive_json_from()
    await sync_to_async(sockets_close_for_user)(user_id=handler.pk)
    assert await ws.receive_output() == {"type": "websocket.close", "code": CLOSE_FORBIDDEN}


async def test_the_director_sees_counts_urgent_cases_and_a_feed(org_async):
    org = org_async
    agri = org.units["agri"]
    overdue = await sync_to_async(routed_case)(lead=agri, reply_due_on=timezone.localdate() - timedelta(days=1))
    ws = await open_socket("/ws/center/", org.director.user)
    snapshot = await ws.receive_json_from()
    assert snapshot["texts"] == {"waiting": "1", "held": "0", "due_soon": "0", "overdue": "1"}
    assert overdue.display_code in snapshot["regions"]["urgent"]
    assert "农业农村办" in snapshot["regions"]["units"]

    case = await sync_to_async(routed_case)(lead=agri)
    await sync_to_async(changed)(case, unit_ids=[agri.pk], kind="new")
    update = await ws.receive_json_from()
    assert update["texts"]["waiting"] == "2"
    [row] = update["rows"]
    assert row["region"] == "feed"
    assert case.display_code in row["html"]
    await ws.disconnect()


async def test_case_handlings_queue_page_gets_a_changed_signal_only_for_what_it_may_see(org_async):
    org = org_async
    agri, discipline = org.units["agri"], org.units["discipline"]
    ws = await open_socket("/ws/queues/agriculture/", org.people[("agri", perms.HANDLER)])  # mediation-queue.js
    assert await ws.receive_json_from() == {"type": "hello", "seq": 1}
    case = await sync_to_async(routed_case)(lead=agri)
    await sync_to_async(changed)(case, unit_ids=[agri.pk], kind="new")
    assert await ws.receive_json_from() == {"type": "changed", "seq": 2}
    complaint = await sync_to_async(routed_case)(
        lead=discipline, kind="conduct", is_conduct_complaint=True, accused_units=[agri]
    )
    await sync_to_async(changed)(complaint, unit_ids=[agri.pk, discipline.pk], kind="new")
    assert await ws.receive_nothing(timeout=0.5)
    await ws.disconnect()


async def test_a_screen_is_told_to_try_again_while_the_channel_layer_is_away(org_async, settings):
    """Redis refusing connections (a real client against a port nothing listens on): the screen is
    accepted and closed with 4013 "try again later", and reconnects with its backoff; no 500."""
    import contextlib

    from channels.layers import channel_layers
    from redis.exceptions import ConnectionError as RedisConnectionError

    from live.consumers import CLOSE_TRY_AGAIN

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:9/0", "socket_connect_timeout": 0.5}]},
        }
    }
    channel_layers.backends.clear()
    head = org_async.people[("agri", perms.HEAD)]
    ws = await open_socket("/ws/queues/agriculture/?protocol=live", head)
    assert await ws.receive_output(timeout=10) == {"type": "websocket.close", "code": CLOSE_TRY_AGAIN}
    # Channels' own receive loop on the layer fails too while Redis is away; the socket is closed.
    with contextlib.suppress(RedisConnectionError):
        await ws.disconnect()
