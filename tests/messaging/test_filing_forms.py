"""The SMS choices on the filing forms: "no SMS" online and at the desk, another number at the desk."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case
from messaging.models import SmsContact
from tests.intake.conftest import PDF_BYTES, online_payload

pytestmark = pytest.mark.django_db


def _token(client, url):
    return re.search(r'name="token" value="([^"]+)"', client.get(url).content.decode()).group(1)


def _desk(client, **extra):
    url = reverse("intake:desk")
    data = {
        "token": _token(client, url),
        "channel": "letter",
        "service": "petition",
        "request": "征地补偿款至今未发放到位，请求核实并发放。",
        "group_size": "1",
        "consent": "on",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "50",
        "p-0-name": "赵一",
        "p-0-phone": "057582123456",
        "attachments": [SimpleUploadedFile("letter.pdf", PDF_BYTES)],
        **extra,
    }
    return client.post(url, data)


def test_online_filing_can_say_no_sms(client, demo, private_media):
    response = client.post("/file/", online_payload(token=_token(client, "/file/"), sms_opt_out="on"))
    assert response.status_code == 302
    assert SmsContact.objects.get(case=Case.objects.get()).opt_out


def test_online_filing_without_a_word_about_sms_stores_nothing(client, demo, private_media):
    assert client.post("/file/", online_payload(token=_token(client, "/file/"))).status_code == 302
    assert not SmsContact.objects.exists()


def test_the_desk_records_a_mobile_number_for_sms_beside_a_landline(client, demo, private_media, django_user_model):
    client.force_login(django_user_model.objects.get(username="petition.clerk"))
    response = _desk(client, sms_phone="139 1234 5678")
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = SmsContact.objects.get()
    assert contact.phone == "13912345678"
    assert not contact.opt_out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"sms_phone": "057582123456"}, "短信只能发到 11 位手机号码"),
        ({"sms_phone": "13912345678", "sms_opt_out": "on"}, "已选择不接收短信"),
    ],
)
def test_the_desk_refuses_a_landline_or_a_number_with_no_sms_in_chinese(
    client,
    demo,
    private_media,
    django_user_model,
    extra,
    message,
    zh,
):
    client.force_login(django_user_model.objects.get(username="petition.clerk"))
    response = _desk(client, **extra)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Case.objects.exists()
