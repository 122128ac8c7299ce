"""Joint-reception alerts, slips and notifications ask the one visibility rule (issue 12, fix 4).

A group of six complains, online, about the east liaison team's 施勇: the alert must reach
those who may see the complaint, never 施勇, his team, the area chief, nor anyone else who may
not see it, on a page, a socket, the board or a count.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.errors import NotAllowed
from departments.models import Leader, Unit, Village
from intake.services import CaseInput, PetitionerInput, case_file
from lobby import selectors
from lobby.models import AlertRecipient, DutyRoster, JointReceptionAlert
from lobby.services import alert_acknowledge

pytestmark = pytest.mark.django_db


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def demo(db):
    call_command("load_demo", "--quiet-logins")
    # The east area's chief, 李明, is on duty today.
    DutyRoster.objects.create(date=timezone.localdate(), leader=Leader.objects.get(user__username="leader.li"))


def _alert(case):
    return JointReceptionAlert.objects.get(case=case)


def _complaint(**overrides):
    data = {
        "channel": "online",
        "service": "complaint",
        "request": "东片联村工作组施勇在征地补偿中优亲厚友，我们六户一起反映。",
        "petitioners": [
            PetitionerInput(name="钱多多", phone="13912340002", village=Village.objects.get(code="tangjiao"))
        ],
        "consent": True,
        "group_size": 6,
        "is_conduct_complaint": True,
        "accused_description": "东片联村工作组 施勇",
    }
    data.update(overrides)
    return case_file(data=CaseInput(**data)).case


def test_the_accused_and_those_who_may_not_see_it_get_no_alert(demo, broadcasts):
    case = _complaint()
    alert = JointReceptionAlert.objects.get(case=case)
    alerted = set(alert.recipients.values_list("user__username", flat=True))
    assert alerted == {"discipline.head"}
    for username in ("east.leader", "east.member", "leader.li", "petition.head"):
        user = _user(username)
        assert selectors.alerts_pending_for_user(user) == [], username
        assert f"alerts.{user.pk}" not in {group for group, _kind, _payload in broadcasts}, username


def test_the_discipline_office_is_alerted_and_the_director_sees_it_on_the_board(demo, client):
    case = _complaint()
    head = _user("discipline.head")
    assert [r.alert.case_id for r in selectors.alerts_pending_for_user(head)] == [case.pk]
    assert [r.alert.case_id for r in selectors.alerts_for_user(head)] == [case.pk]
    assert [a.case_id for a in selectors.alert_board_for_user(_user("director"))] == [case.pk]
    client.force_login(_user("director"))
    assert f'data-alert="{_alert(case).pk}"' in client.get(reverse("lobby:alerts")).content.decode()


def test_the_petition_office_board_does_not_show_it(demo, client):
    case = _complaint()
    for username in ("petition.head", "petition.clerk"):
        assert selectors.alert_board_for_user(_user(username)) == [], username
        client.force_login(_user(username))
        page = client.get(reverse("lobby:alerts")).content.decode()
        assert f'data-alert="{_alert(case).pk}"' not in page


def test_a_row_left_for_the_accused_neither_pops_up_nor_acknowledges(demo, client):
    case = _complaint()
    shi = _user("east.leader")
    # As if the alert had reached him before the rule (or before the accused were known).
    AlertRecipient.objects.create(alert=_alert(case), user=shi, role="liaison_team_head")
    assert selectors.alerts_pending_for_user(shi) == []
    assert selectors.alerts_for_user(shi) == []
    assert selectors.alert_recipient_for(shi, alert_id=_alert(case).pk) is None
    with pytest.raises(NotAllowed):
        alert_acknowledge(alert=_alert(case), user=shi)
    client.force_login(shi)
    page = client.get(reverse("lobby:alerts")).content.decode()
    assert reverse("lobby:alert-acknowledge", args=[_alert(case).pk]) not in page
    assert "暂无您的提醒" in page
    response = client.post(reverse("lobby:alert-acknowledge", args=[_alert(case).pk]))
    assert response.status_code == 404


def test_anonymous_gets_nothing(demo, client):
    _complaint()
    assert selectors.alerts_pending_for_user(AnonymousUser()) == []
    assert selectors.alert_board_for_user(AnonymousUser()) == []
    assert client.get(reverse("lobby:alerts")).status_code == 302


def test_an_ordinary_group_visit_still_alerts_the_areas_team_and_duty_leader(demo):
    case = _complaint(service="petition", is_conduct_complaint=False, accused_description="")
    alerted = set(_alert(case).recipients.values_list("user__username", flat=True))
    assert {"petition.head", "east.leader", "leader.li"} <= alerted


def test_a_warning_slip_on_a_conduct_complaint_names_only_people_who_may_see_it(demo):
    from mediation import services
    from mediation.models import WarningSlip

    case = _complaint(
        channel="visit",
        accused_description="城建办",
        accused_units=[Unit.objects.get(code="urban-construction")],
        request="城建办工作人员索要好处费，第三次来反映。",
        group_size=1,
    )
    case.repeat_count = 3
    case.save(update_fields=["repeat_count"])
    clerk = _user("discipline.head")
    services.case_routing_confirm(
        case=case,
        actor=clerk,
        lead_unit=Unit.objects.get(code="discipline-office"),
        owner=Leader.objects.get(user__username="leader.chen"),
        reason="纪工委书记牵头",
    )
    services.case_sign_assignment(case=case, actor=_user("director"))
    slip = WarningSlip.objects.get(case=case)
    named = {p["id"] for p in [*slip.recipients, *slip.copies]}
    assert named == {_user("discipline.head").pk, _user("leader.chen").pk, _user("director").pk}
    # The east team's leader would be named for a case in the east area: not on a conduct complaint.
    assert _user("east.leader").pk not in named
    assert _user("urban.head").pk not in named


def test_a_notification_about_a_case_that_became_hidden_is_gone(demo):
    from mediation.models import Notification
    from mediation.selectors.notifications import notifications_for, unread_count

    case = _complaint(service="petition", is_conduct_complaint=False, accused_description="")
    head, clerk = _user("petition.head"), _user("petition.clerk")
    for user in (head, clerk):
        Notification.objects.create(user=user, case=case, kind="test", message="x", created_at=timezone.now())
    assert unread_count(head) == 1
    case.accused_persons.add(head)  # the accused become known after the notification went out
    assert unread_count(head) == 0
    assert list(notifications_for(head)) == []
    assert unread_count(clerk) == 1
    assert unread_count(AnonymousUser()) == 0
