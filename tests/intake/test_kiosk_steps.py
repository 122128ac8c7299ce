"""The kiosk's step check: a step's own errors before moving on, and nothing filed."""

import re

import pytest
from django.urls import reverse

from cases.models import Case, Kiosk
from intake.kiosk import kiosk_enrollment_new
from tests.intake.conftest import online_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiosk_client(client, demo):
    key = kiosk_enrollment_new(Kiosk.objects.create(name="大厅一号机"))
    client.get(reverse("intake:kiosk-enroll", args=[key]))
    return client


def test_step_check_names_only_the_steps_errors(kiosk_client):
    data = online_payload(phone="12345", request="", consent="")
    data["check"] = ["name", "phone", "id_number", "village", "address", "group_size"]
    response = kiosk_client.post(reverse("intake:kiosk-file"), data)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    errors = response.json()["errors"]
    # The phone is wrong on this step; the empty matter and the missing consent belong to others.
    assert list(errors) == ["phone"]
    assert "11 位手机号码" in errors["phone"][0]
    assert not Case.objects.exists()


def test_step_check_of_a_valid_step_is_empty(kiosk_client):
    data = {"service": "mediation", "check": ["service"]}
    response = kiosk_client.post(reverse("intake:kiosk-file"), data)
    assert response.json() == {"errors": {}}
    data = {"is_conduct_complaint": "on", "request": "村干部办事拖拉。", "check": ["request", "accused_description"]}
    errors = kiosk_client.post(reverse("intake:kiosk-file"), data).json()["errors"]
    assert list(errors) == ["accused_description"]


def test_step_check_is_refused_to_a_browser_that_is_not_a_kiosk(client, demo):
    response = client.post(reverse("intake:kiosk-file"), {"service": "mediation", "check": ["service"]})
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_a_full_submission_is_still_checked_on_the_server(kiosk_client):
    """The steps only show errors earlier: a submission that skipped them is refused as before."""
    url = reverse("intake:kiosk-file")
    token = re.search(r'name="token" value="([^"]+)"', kiosk_client.get(url).content.decode()).group(1)
    response = kiosk_client.post(url, online_payload(request="", token=token))
    assert response.status_code == 200
    assert "请写明您反映的事项。" in response.content.decode()
    assert not Case.objects.exists()


def test_service_tiles_explain_each_service(kiosk_client):
    body = kiosk_client.get(reverse("intake:kiosk-file")).content.decode()
    assert body.count('class="tile-hint"') == 6
    assert "邻里、家庭、土地、债务等纠纷" in body
    assert "7日内作出决定" in body
