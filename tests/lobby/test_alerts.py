"""Joint-reception alerts: who is alerted, delivery on any page, acknowledgement, the board."""

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse
from django.utils import timezone

from departments import permissions as perms
from lobby import selectors, services
from lobby.models import AlertRecipient, DutyRoster
from tests.lobby.factories import build_org, case_new, routed_case
from tests.lobby.sockets import assert_refused, open_socket


def heads(org, *keys):
    return {org.people[(key, perms.HEAD)].pk for key in keys}


@pytest.mark.django_db
def test_a_collective_visit_alerts_the_heads_and_the_duty_leader(org, broadcasts, django_capture_on_commit_callbacks):
    DutyRoster.objects.create(date=timezone.localdate(), leader=org.li)
    case = routed_case(lead=org.units["agri"], group_size=12, village=org.village)
    with django_capture_on_commit_callbacks(execute=True):
        alert = services.joint_reception_alert_raise(case=case)
    assert alert.reason == "collective"
    assert alert.group_size == 12
    roles = dict(alert.recipients.values_list("user_id", "role"))
    assert roles == {
        org.people[("petition", perms.HEAD)].pk: "petition_office_head",
        org.people[("agri", perms.HEAD)].pk: "lead_unit_head",
        org.people[("east", perms.HEAD)].pk: "liaison_team_head",
        org.li.user_id: "duty_leader",
    }
    sent = {(group, kind) for group, kind, _payload in broadcasts}
    assert {(f"alerts.{user_id}", "alert.raised") for user_id in roles} | {("alerts", "alert.raised")} == sent
    assert all(payload == {"alert": alert.pk} for _g, _k, payload in broadcasts)  # the id, nothing else
    assert services.joint_reception_alert_raise(case=case) == alert  # once per case
    assert AlertRecipient.objects.count() == 4


@pytest.mark.django_db
def test_no_alert_for_an_ordinary_visit_and_one_for_extreme_behaviour(org):
    assert services.joint_reception_alert_raise(case=case_new(group_size=4)) is None
    alert = services.joint_reception_alert_raise(case=case_new(extreme_behaviour=True))
    assert alert.reason == "extreme"
    both = services.joint_reception_alert_raise(case=case_new(extreme_behaviour=True, group_size=5))
    assert both.reason == "collective_extreme"


@pytest.mark.django_db
def test_nobody_complained_about_is_alerted(org):
    DutyRoster.objects.create(date=timezone.localdate(), leader=org.li)
    case = routed_case(
        lead=org.units["discipline"],
        kind="conduct",
        is_conduct_complaint=True,
        group_size=8,
        village=org.village,
        accused_units=[org.units["east"]],
        accused_persons=[org.li.user, org.people[("petition", perms.HEAD)]],
    )
    alert = services.joint_reception_alert_raise(case=case)
    alerted = set(alert.recipients.values_list("user_id", flat=True))
    assert alerted == heads(org, "discipline")  # not the liaison team, the duty leader, the accused head


@pytest.mark.django_db
def test_a_proposed_lead_unit_counts_before_confirmation(org):
    from cases.models import Routing

    case = case_new(group_size=6)
    Routing.objects.create(case=case, kind="policy", proposal={"lead_unit": "urban-construction"})
    alert = services.joint_reception_alert_raise(case=case)
    assert heads(org, "urban") <= set(alert.recipients.values_list("user_id", flat=True))


@pytest.mark.django_db
def test_acknowledging_is_for_recipients_and_shows_on_the_board(client, org):
    case = case_new(group_size=9, village=org.village)
    alert = services.joint_reception_alert_raise(case=case)
    head = org.people[("east", perms.HEAD)]
    client.force_login(org.people[("agri", perms.HANDLER)])
    assert client.post(reverse("lobby:alert-acknowledge", args=[alert.pk])).status_code == 404
    client.force_login(head)
    response = client.post(reverse("lobby:alert-acknowledge", args=[alert.pk]), headers={"Accept": "application/json"})
    assert response.json() == {"acknowledged": True, "id": alert.pk}
    assert AlertRecipient.objects.get(alert=alert, user=head).acknowledged_at is not None

    client.force_login(org.people[("petition", perms.CLERK)])
    page = client.get(reverse("lobby:alerts")).content.decode()
    assert "ack-yes" in page
    assert str(head) in page
    assert str(org.people[("petition", perms.HEAD)]) in page  # not yet acknowledged
    client.force_login(org.people[("agri", perms.HANDLER)])
    page = client.get(reverse("lobby:alerts")).content.decode()
    assert str(head) not in page  # not the petition office: only their own alerts


@pytest.mark.django_db
def test_the_board_hides_alerts_about_the_viewer(org):
    clerk = org.people[("petition", perms.CLERK)]
    about_clerk = case_new(group_size=6, is_conduct_complaint=True, accused_persons=[clerk])
    other = case_new(group_size=6)
    services.joint_reception_alert_raise(case=about_clerk)
    services.joint_reception_alert_raise(case=other)
    shown = {a.case_id for a in selectors.alert_board_for_user(clerk)}
    assert shown == {other.pk}
    # A conduct complaint is for those who may see it: not the petition office, the director yes.
    assert {a.case_id for a in selectors.alert_board_for_user(org.people[("petition", perms.HEAD)])} == {other.pk}
    assert {a.case_id for a in selectors.alert_board_for_user(org.director.user)} == {other.pk, about_clerk.pk}
    assert selectors.alert_board_for_user(org.people[("agri", perms.HEAD)]) == []


@pytest.mark.django_db(transaction=True)
async def test_an_alert_pops_up_on_the_recipients_open_pages_and_nowhere_else():
    org = await sync_to_async(build_org)()
    head = org.people[("petition", perms.HEAD)]
    bystander = org.people[("agri", perms.HANDLER)]
    page = await open_socket("/ws/session/", head)
    assert (await page.receive_json_from())["type"] == "hello"
    assert await page.receive_json_from() == {"type": "alerts", "items": [], "seq": 2}
    other = await open_socket("/ws/session/", bystander)
    await other.receive_json_from()
    await other.receive_json_from()
    board = await open_socket("/ws/alerts/", org.people[("petition", perms.CLERK)])
    await board.receive_json_from()

    case = await sync_to_async(case_new)(group_size=15, village=org.village, request="隐私诉求")
    alert = await sync_to_async(services.joint_reception_alert_raise)(case=case)
    message = await page.receive_json_from()
    assert message["type"] == "alert"
    assert message["id"] == alert.pk
    assert message["ack_url"] == f"/lobby/alerts/{alert.pk}/acknowledge/"
    assert "15" in message["html"]
    assert "隐私诉求" not in message["html"]
    assert "王大伯" not in message["html"]
    assert await other.receive_nothing(timeout=0.3)
    raised = (await board.receive_json_from())["regions"]["alerts"]
    assert f'data-alert="{alert.pk}"' in raised
    assert "ack-no" in raised  # nobody has acknowledged yet

    await sync_to_async(services.alert_acknowledge)(alert=alert, user=head)
    assert (await page.receive_json_from())["type"] == "alert.acknowledged"
    update = await board.receive_json_from()
    assert "ack-yes" in update["regions"]["alerts"]

    # A page opened later gets the pending alerts at once (none: this one is acknowledged).
    again = await open_socket("/ws/session/", head)
    await again.receive_json_from()
    assert (await again.receive_json_from())["items"] == []
    for ws in (page, other, board, again):
        await ws.disconnect()
    await assert_refused("/ws/alerts/", org.people[("agri", perms.HEAD)])


@pytest.mark.django_db(transaction=True)
async def test_pending_alerts_come_with_a_new_page():
    org = await sync_to_async(build_org)()
    head = org.people[("east", perms.HEAD)]
    case = await sync_to_async(case_new)(extreme_behaviour=True, village=org.village)
    alert = await sync_to_async(services.joint_reception_alert_raise)(case=case)
    page = await open_socket("/ws/session/", head)
    await page.receive_json_from()
    pending = await page.receive_json_from()
    assert [item["id"] for item in pending["items"]] == [alert.pk]
    await page.send_json_to({"type": "snapshot"})
    assert [item["id"] for item in (await page.receive_json_from())["items"]] == [alert.pk]
    await page.disconnect()
