"""DingTalk's work notification and WeCom's application message against local fakes of their APIs."""

import pytest

from mediation.models import Notification
from messaging import services
from messaging.models import StaffMessagePreference, State, WorkMessage
from tests.mediation.factories import routed_case
from tests.messaging.helpers import later

pytestmark = pytest.mark.django_db
MESSENGERS = ["dingtalk", "wecom"]


@pytest.fixture
def work(configure, gateway, request):
    fake = gateway(request.param, delay=1.5)
    configure(work=request.param, timeout=0.5, **{request.param: fake})
    return fake


@pytest.fixture
def handler(org):
    user = org.people["agri", "handler"]
    StaffMessagePreference.objects.create(user=user, messenger_id="wang.handler")
    return user


def _notify(org, handler, key="k1"):
    case = routed_case(lead=org.units["agri"])
    return Notification.objects.create(
        user=handler,
        case=case,
        kind="deadline",
        key=key,
        message=f"事项 {case.display_code} 答复明天到期",
        created_at=later(-60),
    )


def _run(now=None):
    services.messages_dispatch(now=now)
    return services.messages_send_due(now=now)


@pytest.mark.parametrize("work", MESSENGERS, indirect=True)
def test_a_notification_reaches_the_person_once_with_a_link_to_the_case(work, org, handler):
    note = _notify(org, handler)
    _run()
    _run()
    message = WorkMessage.objects.get()
    assert message.state == State.SENT
    assert message.key == f"n:{note.pk}"
    assert message.link == f"https://mediation.example.cn/staff/cases/{note.case.tracking_code}/"
    assert len(work.bodies) == 1
    assert sum(work.accepted.values()) == 1
    body = work.bodies[0]
    if work.kind == "dingtalk":
        assert body["userid_list"] == "wang.handler"
        assert message.link in body["msg"]["markdown"]["text"]
    else:
        assert body["touser"] == "wang.handler"
        assert body["textcard"]["url"] == message.link
    assert work.token_fetches == 1


@pytest.mark.parametrize("work", MESSENGERS, indirect=True)
def test_an_expired_token_is_fetched_again_and_the_message_sent_once(work, org, handler):
    _notify(org, handler)
    work.script = ["token_expired"]
    _run()
    assert WorkMessage.objects.get().state == State.SENT
    assert work.token_fetches == 2
    assert sum(work.accepted.values()) == 1


@pytest.mark.parametrize("work", MESSENGERS, indirect=True)
def test_throttled_and_outage_are_retried_until_sent_once(work, org, handler):
    _notify(org, handler)
    work.script = ["throttle", "outage"]
    _run()
    assert WorkMessage.objects.get().state == State.QUEUED
    _run(now=later(1))
    assert WorkMessage.objects.get().state == State.QUEUED
    _run(now=later(5))
    message = WorkMessage.objects.get()
    assert message.state == State.SENT
    assert message.attempts == 3
    assert sum(work.accepted.values()) == 1


@pytest.mark.parametrize("work", MESSENGERS, indirect=True)
def test_an_unknown_account_or_a_timeout_fails_visibly_and_is_not_retried(work, org, handler):
    _notify(org, handler, key="a")
    _notify(org, handler, key="b")
    work.script = ["invalid_template", "timeout"]
    _run()
    assert list(WorkMessage.objects.values_list("state", flat=True)) == [State.FAILED, State.FAILED]
    _run(now=later(120))
    assert sum(work.accepted.values()) == 1  # the timed-out one, once
    assert work.requests == 2


@pytest.mark.parametrize("work", ["dingtalk"], indirect=True)
def test_a_person_without_a_messenger_account_is_told_in_the_portal_only(work, org):
    _notify(org, org.people["agri", "head"])
    _run()
    assert not WorkMessage.objects.exists()
    assert work.requests == 0
