"""Who else has a case open: names of staff who may see the case, with join and leave."""

import pytest
from asgiref.sync import sync_to_async

from departments import permissions as perms
from lobby.presence import presence_join, presence_list
from tests.lobby.factories import build_org, routed_case
from tests.lobby.sockets import assert_refused, open_socket

pytestmark = [pytest.mark.django_db(transaction=True)]


async def test_each_viewer_sees_the_others_and_their_leaving():
    org = await sync_to_async(build_org)()
    case = await sync_to_async(routed_case)(lead=org.units["agri"])
    head, handler = org.people[("agri", perms.HEAD)], org.people[("agri", perms.HANDLER)]
    path = f"/ws/cases/{case.tracking_code}/presence/"

    first = await open_socket(path, head)
    assert (await first.receive_json_from())["regions"]["presence"].strip() == ""  # alone
    second = await open_socket(path, handler)
    snapshot = await second.receive_json_from()
    assert str(head) in snapshot["regions"]["presence"]
    update = await first.receive_json_from()
    assert str(handler) in update["regions"]["presence"]
    assert str(head) not in update["regions"]["presence"]  # not yourself

    await second.disconnect()
    left = await first.receive_json_from()
    assert left["regions"]["presence"].strip() == ""
    await first.disconnect()


async def test_those_who_may_not_see_the_case_are_refused():
    org = await sync_to_async(build_org)()
    case = await sync_to_async(routed_case)(lead=org.units["agri"])
    await assert_refused(f"/ws/cases/{case.tracking_code}/presence/", org.people[("urban", perms.HANDLER)])
    await assert_refused("/ws/cases/NOSUCHCODE/presence/", org.people[("agri", perms.HEAD)])
    await assert_refused(f"/ws/cases/{case.tracking_code}/presence/", None)


async def test_a_viewer_who_loses_sight_of_the_case_is_disconnected():
    org = await sync_to_async(build_org)()
    case = await sync_to_async(routed_case)(lead=org.units["agri"])
    handler = org.people[("agri", perms.HANDLER)]
    path = f"/ws/cases/{case.tracking_code}/presence/"
    ws = await open_socket(path, handler)
    await ws.receive_json_from()

    def reassign():
        from cases.models import Routing

        Routing.objects.filter(pk=case.pk).update(lead_unit=org.units["urban"])

    await sync_to_async(reassign)()
    other = await open_socket(path, org.people[("urban", perms.HEAD)])
    await other.receive_json_from()
    assert await ws.receive_output() == {"type": "websocket.close", "code": 4403}
    await other.disconnect()


async def test_entries_expire_without_heartbeats(monkeypatch):
    await presence_join(7, channel="a", user_id=1, name="王明")
    assert await presence_list(7) == [{"user": 1, "name": "王明"}]
    monkeypatch.setattr("lobby.presence.time.time", lambda: 10**12)
    assert await presence_list(7) == []
