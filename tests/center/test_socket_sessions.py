"""Websockets end with their session, checked on the server: idle and absolute expiry, sign-out,
password change, deactivation and a change of role each close every socket of that user within
seconds; other people's sockets and the lobby display stay open. Through the real ASGI
application (origin check, session auth), with short limits."""

import asyncio
import time

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse

from center.asgi import application
from departments import permissions as perms
from departments import services as org_services
from departments.models import Membership
from live.realtime import case_changed
from live.session import CLOSE_ACCESS_CHANGED, CLOSE_SESSION_ENDED, SESSION_STARTED_KEY
from lobby import services as lobby_services
from tests.lobby.factories import build_org, routed_case

pytestmark = [pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://127.0.0.1:8000")
QUEUE = "/ws/queues/agriculture/?protocol=live"
FAST = 0.2  # seconds between the server's session checks in these tests
SLOW = 60  # checks too rare to matter: only the signal (or the relay) can close the socket
CLOSED_WITHIN = 3  # seconds a close may take on a busy test machine


def closed(code: int) -> dict:
    return {"type": "websocket.close", "code": code}


def signed_in(user, *, started: float | None = None, expiry: int | None = None) -> Client:
    """A browser signed in through Django's login (session id, sign-in time, auth hash)."""
    client = Client()
    client.force_login(user)
    if started is not None or expiry is not None:
        session = client.session
        if started is not None:
            session[SESSION_STARTED_KEY] = started
        if expiry is not None:
            session.set_expiry(expiry)
        session.save()
    return client


async def socket(path: str, client: Client | None = None) -> WebsocketCommunicator:
    headers = [ORIGIN]
    if client is not None:
        key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        headers.append((b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={key}".encode()))
    ws = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await ws.connect()
    assert connected
    first = await ws.receive_json_from(timeout=5)
    assert first["type"] in {"snapshot", "hello"}
    if first["type"] == "hello":  # the session socket: then the pending alerts
        assert (await ws.receive_json_from(timeout=5))["type"] == "alerts"
    return ws


async def queue_socket(client: Client) -> WebsocketCommunicator:
    return await socket(QUEUE, client)


def announce_new_case(unit):
    case = routed_case(lead=unit, request="鱼塘承包纠纷")
    with transaction.atomic():
        case_changed(case.pk, unit_ids=[unit.pk], kind="new")
    return case


@pytest.fixture
def org(settings):
    settings.LIVE_SESSION_CHECK_SECONDS = FAST
    return build_org()


@pytest.fixture
def people(org):
    """The handler whose session ends, a colleague of the same unit who stays, and the lobby display."""
    return org.people[("agri", perms.HANDLER)], org.people[("agri", perms.HEAD)]


async def display_socket() -> WebsocketCommunicator:
    _display, token = await sync_to_async(lobby_services.display_create)(name="大厅电视")
    return await socket(f"/ws/lobby/{token}/")


async def assert_only_first_closes(ws, others, code):
    assert await ws.receive_output(timeout=CLOSED_WITHIN) == closed(code)
    for other in others:
        assert await other.receive_nothing(timeout=0.5)  # several checks later, still open
        await other.disconnect()


# -- idle expiry --------------------------------------------------------------------------------


async def test_idle_expiry_closes_the_socket_unless_http_renews_the_session(org, people, settings):
    settings.SESSION_COOKIE_AGE = 2
    handler, colleague = people
    client = await sync_to_async(signed_in)(handler)
    ws = await queue_socket(client)
    other = await queue_socket(await sync_to_async(signed_in)(colleague, expiry=3600))
    display = await display_socket()

    await asyncio.sleep(1.2)
    assert (await sync_to_async(client.get)(reverse("staff:home"))).status_code == 200  # renews the session
    assert await ws.receive_nothing(timeout=1.3)  # past the first limit, still open: renewed
    await assert_only_first_closes(ws, [other, display], CLOSE_SESSION_ENDED)
    assert (await sync_to_async(client.get)(reverse("staff:home"))).status_code == 302  # HTTP agrees


async def test_after_idle_expiry_an_event_closes_the_socket_instead_of_sending_rows(org, people, settings):
    """The issue: HTTP went to sign-in, but the queue socket kept receiving rows."""
    settings.LIVE_SESSION_CHECK_SECONDS = SLOW
    settings.SESSION_COOKIE_AGE = 1
    handler, colleague = people
    ws = await queue_socket(await sync_to_async(signed_in)(handler))
    other = await queue_socket(await sync_to_async(signed_in)(colleague, expiry=3600))
    await asyncio.sleep(1.3)
    await sync_to_async(announce_new_case)(org.units["agri"])

    update = await other.receive_json_from(timeout=5)
    assert "鱼塘承包纠纷" in update["rows"][0]["html"]
    assert await ws.receive_output(timeout=CLOSED_WITHIN) == closed(CLOSE_SESSION_ENDED)
    await other.disconnect()


# -- absolute expiry ----------------------------------------------------------------------------


async def test_the_absolute_limit_closes_the_socket_however_active(org, people, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 3
    handler, colleague = people
    client = await sync_to_async(signed_in)(handler, started=time.time() - 2)  # signed in 2 s ago
    ws = await queue_socket(client)
    other = await queue_socket(await sync_to_async(signed_in)(colleague))  # signed in now
    assert (await sync_to_async(client.get)(reverse("staff:home"))).status_code == 200  # activity changes nothing
    await assert_only_first_closes(ws, [other], CLOSE_SESSION_ENDED)


# -- sign-out -----------------------------------------------------------------------------------


async def test_signing_out_closes_every_socket_of_the_user_at_once(org, people, settings):
    settings.LIVE_SESSION_CHECK_SECONDS = SLOW  # the signal alone
    handler, colleague = people
    client = await sync_to_async(signed_in)(handler)
    queue = await queue_socket(client)
    session = await socket("/ws/session/", client)
    other = await queue_socket(await sync_to_async(signed_in)(colleague))
    display = await display_socket()

    assert (await sync_to_async(client.post)(reverse("staff:logout"))).status_code == 302
    assert await session.receive_output(timeout=CLOSED_WITHIN) == closed(CLOSE_SESSION_ENDED)
    await assert_only_first_closes(queue, [other, display], CLOSE_SESSION_ENDED)


async def test_a_deleted_session_is_found_by_the_periodic_check(org, people):
    """Sign-out elsewhere (or a cleared session table) without any signal reaching the socket."""
    handler, colleague = people
    client = await sync_to_async(signed_in)(handler)
    ws = await queue_socket(client)
    other = await queue_socket(await sync_to_async(signed_in)(colleague))
    await sync_to_async(client.session.delete)()
    await assert_only_first_closes(ws, [other], CLOSE_SESSION_ENDED)


# -- password change ------------------------------------------------------------------------------


async def test_a_password_change_closes_the_users_sockets(org, people, settings):
    settings.LIVE_SESSION_CHECK_SECONDS = SLOW  # the signal alone
    handler, colleague = people
    ws = await queue_socket(await sync_to_async(signed_in)(handler))
    other = await queue_socket(await sync_to_async(signed_in)(colleague))

    def change_password():
        handler.set_password("Another-pass-2026")
        handler.save()

    await sync_to_async(change_password)()
    await assert_only_first_closes(ws, [other], CLOSE_SESSION_ENDED)


async def test_a_password_changed_without_signals_is_found_by_the_periodic_check(org, people):
    handler, colleague = people
    ws = await queue_socket(await sync_to_async(signed_in)(handler))
    other = await queue_socket(await sync_to_async(signed_in)(colleague))
    model = type(handler)
    await sync_to_async(model.objects.filter(pk=handler.pk).update)(password=make_password("Another-pass-2026"))
    await assert_only_first_closes(ws, [other], CLOSE_SESSION_ENDED)


# -- deactivation ---------------------------------------------------------------------------------


async def test_deactivating_the_account_closes_its_sockets(org, people, settings):
    settings.LIVE_SESSION_CHECK_SECONDS = SLOW  # the signal alone
    handler, colleague = people
    client = await sync_to_async(signed_in)(handler)
    queue = await queue_socket(client)
    session = await socket("/ws/session/", client)
    other = await queue_socket(await sync_to_async(signed_in)(colleague))

    def deactivate():
        handler.is_active = False
        handler.save()

    await sync_to_async(deactivate)()
    assert await session.receive_output(timeout=CLOSED_WITHIN) == closed(CLOSE_SESSION_ENDED)
    await assert_only_first_closes(queue, [other], CLOSE_SESSION_ENDED)


async def test_a_deactivation_without_signals_is_found_by_the_periodic_check(org, people):
    handler, colleague = people
    ws = await queue_socket(await sync_to_async(signed_in)(handler))
    other = await queue_socket(await sync_to_async(signed_in)(colleague))
    await sync_to_async(type(handler).objects.filter(pk=handler.pk).update)(is_active=False)
    await assert_only_first_closes(ws, [other], CLOSE_SESSION_ENDED)


# -- a change of role -----------------------------------------------------------------------------


async def test_a_changed_role_closes_the_sockets_and_a_new_socket_stays_open(org, people, settings):
    settings.LIVE_SESSION_CHECK_SECONDS = SLOW  # the service's close alone
    handler, colleague = people
    client = await sync_to_async(signed_in)(handler)
    ws = await queue_socket(client)
    other = await queue_socket(await sync_to_async(signed_in)(colleague))
    await sync_to_async(org_services.membership_set)(user=handler, unit=org.units["agri"], role=perms.CLERK)
    await assert_only_first_closes(ws, [other], CLOSE_ACCESS_CHANGED)

    settings.LIVE_SESSION_CHECK_SECONDS = FAST
    again = await queue_socket(client)  # opened under the new role: the earlier close is not its
    assert await again.receive_nothing(timeout=1)
    await again.disconnect()


async def test_a_removed_membership_closes_the_sockets(org, people):
    handler, colleague = people
    ws = await queue_socket(await sync_to_async(signed_in)(handler))
    other = await queue_socket(await sync_to_async(signed_in)(colleague))
    membership = await sync_to_async(Membership.objects.get)(user=handler, unit=org.units["agri"])
    await sync_to_async(org_services.membership_remove)(membership=membership)
    await assert_only_first_closes(ws, [other], CLOSE_ACCESS_CHANGED)


async def test_a_role_group_taken_away_in_the_admin_closes_the_sockets(org, people, settings):
    """Editing the user's groups (Wagtail's user editor) does not go through the services."""
    settings.LIVE_SESSION_CHECK_SECONDS = SLOW
    handler, colleague = people
    ws = await queue_socket(await sync_to_async(signed_in)(handler))
    other = await queue_socket(await sync_to_async(signed_in)(colleague))

    def take_group_away():
        group = Group.objects.get(name=perms.role_group_name("agriculture", perms.HANDLER))
        group.user_set.remove(handler)

    await sync_to_async(take_group_away)()
    await assert_only_first_closes(ws, [other], CLOSE_ACCESS_CHANGED)


async def test_a_group_added_closes_nothing(org, people, settings):
    handler, _colleague = people
    ws = await queue_socket(await sync_to_async(signed_in)(handler))

    def add_group():
        handler.groups.add(Group.objects.create(name="newsletter"))

    await sync_to_async(add_group)()
    assert await ws.receive_nothing(timeout=1)
    await ws.disconnect()


# -- anonymous ------------------------------------------------------------------------------------


async def test_a_socket_without_a_valid_session_is_refused(org, people):
    handler, _colleague = people
    client = await sync_to_async(signed_in)(handler)
    await sync_to_async(client.session.delete)()
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    ws = WebsocketCommunicator(
        application, QUEUE, headers=[ORIGIN, (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={key}".encode())]
    )
    connected, _code = await ws.connect()
    assert connected
    assert (await ws.receive_output(timeout=CLOSED_WITHIN))["type"] == "websocket.close"
