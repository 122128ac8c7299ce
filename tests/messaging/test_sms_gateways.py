"""Each real SMS backend against a local fake of its provider: success, throttling, invalid template,
timeout and outage. No message is lost, none is sent twice, failures stay visible and are resent."""

import logging

import pytest

from messaging import services
from messaging.models import SmsMessage, State
from tests.messaging.helpers import filed_event, later, templates

pytestmark = pytest.mark.django_db
PROVIDERS = ["aliyun", "tencent"]


@pytest.fixture
def sms(configure, gateway, request):
    fake = gateway(request.param, delay=1.5)
    configure(sms=request.param, timeout=0.5, **{request.param: fake})
    templates(filed="1234567" if request.param == "tencent" else "SMS_100001")
    return fake


def _run(now=None):
    services.messages_dispatch(now=now)
    return services.messages_send_due(now=now)


def _one() -> SmsMessage:
    return SmsMessage.objects.get()


@pytest.mark.parametrize("sms", PROVIDERS, indirect=True)
def test_success_is_signed_sent_once_and_logs_no_number(sms, caplog):
    event = filed_event()
    with caplog.at_level(logging.INFO, logger="messaging"):
        _run()
        _run()  # a second pass finds the key taken: nothing twice
    message = _one()
    assert message.state == State.SENT
    assert message.provider_id
    assert message.attempts == 1
    assert sms.accepted == {f"event:{event.pk}": 1}
    assert sms.bad_signatures == 0
    body = sms.bodies[0]
    if sms.kind == "aliyun":
        assert body["TemplateCode"] == "SMS_100001"
        assert body["PhoneNumbers"] == "13800138000"
        assert '"code":"' + event.case.tracking_code in body["TemplateParam"]
    else:
        assert body["TemplateId"] == "1234567"
        assert body["PhoneNumberSet"] == ["+8613800138000"]
        assert body["TemplateParamSet"] == [event.case.tracking_code, event.case.reply_due_on.isoformat()]
    assert "13800138000" not in caplog.text
    assert "138****8000" in caplog.text


@pytest.mark.parametrize("sms", PROVIDERS, indirect=True)
def test_throttled_is_retried_after_its_backoff_and_sent_once(sms):
    sms.script = ["throttle", "throttle"]
    event = filed_event()
    _run()
    message = _one()
    assert message.state == State.QUEUED
    assert message.attempts == 1
    assert "LIMIT" in message.error.upper()
    _run()  # not due yet: the backoff holds it
    assert _one().attempts == 1
    _run(now=later(1))
    assert _one().attempts == 2
    assert _one().state == State.QUEUED
    _run(now=later(3))
    message = _one()
    assert message.state == State.SENT
    assert message.attempts == 3
    assert message.error == ""
    assert sms.accepted == {f"event:{event.pk}": 1}


@pytest.mark.parametrize("sms", PROVIDERS, indirect=True)
def test_invalid_template_fails_at_once_visible_and_resent_after_the_fix(sms, org):
    sms.script = ["invalid_template"]
    event = filed_event()
    _run()
    failed = _one()
    assert failed.state == State.FAILED
    assert failed.attempts == 1
    assert failed.error
    _run(now=later(120))
    assert SmsMessage.objects.get(pk=failed.pk).attempts == 1  # never retried by itself
    clerk = org.people["petition", "clerk"]
    again = services.sms_resend(message=failed, actor=clerk)
    _run()
    again.refresh_from_db()
    assert again.state == State.SENT
    assert again.resend_of_id == failed.pk
    assert sms.accepted == {f"resend:{failed.pk}": 1}
    assert event.pk == failed.event_id == again.event_id


@pytest.mark.parametrize("sms", PROVIDERS, indirect=True)
def test_timeout_is_not_sent_twice_but_failed_for_a_person_to_check(sms):
    sms.script = ["timeout"]
    event = filed_event()
    _run()
    message = _one()
    assert message.state == State.FAILED
    assert message.attempts == 1
    _run(now=later(120))
    assert _one().attempts == 1
    assert sms.accepted == {f"event:{event.pk}": 1}  # the provider took it once; we never sent it again


@pytest.mark.parametrize("sms", PROVIDERS, indirect=True)
def test_outage_is_retried_then_failed_never_lost(sms, settings):
    settings.MESSAGING["MAX_ATTEMPTS"] = 3
    sms.script = ["outage"] * 3
    filed_event()
    for minutes in (0, 1, 3):
        _run(now=later(minutes))
    message = _one()
    assert message.state == State.FAILED
    assert message.attempts == 3
    assert "503" in message.error
    assert not sms.accepted
    assert sms.requests == 3


@pytest.mark.parametrize("sms", PROVIDERS, indirect=True)
def test_outage_then_recovery_delivers_every_message_once(sms):
    sms.script = ["outage"] * 5
    events = [filed_event(phone=f"1390000000{i}") for i in range(5)]
    _run()
    assert SmsMessage.objects.filter(state=State.QUEUED).count() == 5
    _run(now=later(2))
    assert SmsMessage.objects.filter(state=State.SENT).count() == 5
    assert sms.accepted == {f"event:{e.pk}": 1 for e in events}


@pytest.mark.parametrize("sms", ["aliyun"], indirect=True)
def test_a_worker_that_died_while_sending_leaves_a_failed_message_not_a_second_send(sms):
    filed_event()
    services.messages_dispatch()
    SmsMessage.objects.update(state=State.SENDING, lease_until=later(-1), attempts=1)
    services.messages_send_due()
    message = _one()
    assert message.state == State.FAILED
    assert not sms.accepted
