"""The SMS on the staff case page, "send again" for the petition office, preferences, delivery reports."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import CaseEvent
from messaging import services
from messaging.models import SmsMessage, StaffMessagePreference, State
from tests.mediation.factories import routed_case
from tests.messaging.helpers import later, templates

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def failed(configure, org):
    configure(sms="console")
    case = routed_case(lead=org.units["agri"])
    CaseEvent.objects.create(case=case, at=later(-30), kind="follow_up", data={})
    services.messages_dispatch()
    services.messages_send_due()  # no template yet: failed
    return SmsMessage.objects.get()


def _page(user, case):
    return _client(user).get(reverse("mediation:case", args=[case.tracking_code]))


def test_the_case_page_shows_the_sms_masked_and_the_petition_office_may_send_a_failed_one_again(failed, org, zh):
    response = _page(org.people["petition", "clerk"], failed.case)
    html = response.content.decode()
    assert 'data-testid="sms"' in html
    assert "138****8000" in html
    assert "13800138000" not in html.split('data-testid="sms"')[1]
    assert 'data-testid="sms-resend"' in html
    handler_page = _page(org.people["agri", "handler"], failed.case).content.decode()
    assert 'data-testid="sms"' in handler_page
    assert 'data-testid="sms-resend"' not in handler_page


def test_send_again_queues_one_new_sms_and_a_second_click_is_refused(failed, org, zh):
    templates()
    clerk = _client(org.people["petition", "clerk"])
    url = reverse("messaging:sms-resend", args=[failed.pk])
    first = clerk.post(url, follow=True)
    assert first.status_code == 200
    again = SmsMessage.objects.get(resend_of=failed)
    assert again.state == State.QUEUED
    second = clerk.post(url, follow=True)
    assert "这条短信已经重新发送过" in second.content.decode()
    assert SmsMessage.objects.count() == 2
    services.messages_send_due()
    again.refresh_from_db()
    assert again.state == State.SENT


@pytest.mark.parametrize(
    ("who", "status"),
    [(("agri", "handler"), 200), (("agri", "head"), 200), (("discipline", "clerk"), 200), (("legal", "clerk"), 404)],
)
def test_only_the_petition_office_resends(failed, org, who, status, zh):
    response = _client(org.people[who]).post(reverse("messaging:sms-resend", args=[failed.pk]), follow=True)
    assert response.status_code == status
    if status == 200:
        assert "只有信访办可以重新发送短信" in response.content.decode()
    assert SmsMessage.objects.count() == 1


def test_a_conduct_complaints_sms_is_invisible_to_the_accused_unit(configure, org):
    configure(sms="console")
    case = routed_case(
        lead=org.units["discipline"], kind="conduct", is_conduct_complaint=True, accused_units=[org.units["agri"]]
    )
    CaseEvent.objects.create(case=case, at=later(-30), kind="follow_up", data={})
    services.messages_dispatch()
    message = SmsMessage.objects.get()
    for role in ("clerk", "handler", "head"):
        user = org.people["agri", role]
        assert _page(user, case).status_code == 404
        assert _client(user).post(reverse("messaging:sms-resend", args=[message.pk])).status_code == 404


def test_the_case_page_with_sms_stays_within_its_query_budget(failed, org, django_assert_max_num_queries):
    client = _client(org.people["petition", "clerk"])
    url = reverse("mediation:case", args=[failed.case.tracking_code])
    client.get(url)
    with django_assert_max_num_queries(50):  # the case page's own 44, and the SMS section
        assert client.get(url).status_code == 200


def test_preferences_are_saved_and_bad_quiet_hours_answer_in_chinese(org, zh):
    user = org.people["agri", "handler"]
    client = _client(user)
    url = reverse("messaging:preferences")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"categories": ["pick"], "quiet_start": "22:00"})
    assert bad.status_code == 200
    assert "免打扰时段请同时填写" in bad.content.decode()
    assert not StaffMessagePreference.objects.exists()
    good = client.post(
        url,
        {
            "categories": ["pick", "deadline"],
            "digest": "on",
            "quiet_start": "22:00",
            "quiet_end": "07:00",
            "messenger_id": "wang",
        },
    )
    assert good.status_code == 302
    pref = StaffMessagePreference.objects.get(user=user)
    assert pref.categories == ["pick", "deadline"]
    assert pref.digest
    assert pref.messenger_id == "wang"
    assert client.post(url, {"categories": ["nonsense"]}).status_code == 200


def test_delivery_reports_of_both_providers_mark_messages_delivered_or_failed(configure, org):
    configure(sms="console")
    case = routed_case(lead=org.units["agri"])
    rows = [
        SmsMessage.objects.create(
            key=f"k{i}",
            case=case,
            kind="follow_up",
            to="13800138000",
            state=State.SENT,
            provider_id=pid,
            created_at=later(0),
        )
        for i, pid in enumerate(["biz-1", "sid-2", "sid-3"])
    ]
    client = Client()
    url = reverse("messaging:receipts", args=["receipt-token-1234"])
    body = [
        {"biz_id": "biz-1", "success": True, "err_code": "DELIVERED"},
        {"sid": "sid-2", "report_status": "SUCCESS", "errmsg": "DELIVRD"},
        {"sid": "sid-3", "report_status": "FAIL", "description": "用户停机"},
    ]
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    assert [SmsMessage.objects.get(pk=r.pk).state for r in rows] == [State.DELIVERED, State.DELIVERED, State.FAILED]
    assert SmsMessage.objects.get(pk=rows[2].pk).error == "用户停机"
    wrong = client.post(reverse("messaging:receipts", args=["wrong"]), "[]", content_type="application/json")
    assert wrong.status_code == 404
    assert client.post(url, "not json", content_type="application/json").status_code == 400
