"""A lobby queue ticket goes only to someone waiting in the lobby: kiosk filings and desk visits,
never an online filer (whatever the form or the API is sent)."""

import json

import pytest
from django.urls import reverse

from cases.models import Case, Kiosk
from intake.kiosk import kiosk_enrollment_new
from intake.rules import takes_ticket
from intake.services import CaseInput, PetitionerInput, case_file
from lobby.models import QueueTicket
from tests.intake.conftest import online_payload
from tests.intake.test_kiosk_and_desk import token_of

pytestmark = pytest.mark.django_db


def case_input(channel: str) -> CaseInput:
    return CaseInput(
        channel=channel,
        service="petition",
        request="村口道路损坏多年，雨天积水严重，请求尽快修复。",
        petitioners=[PetitionerInput(name="王小明", phone="13912345678")],
        consent=True,
        wants_ticket=True,
    )


@pytest.mark.parametrize(
    ("channel", "ticket"), [("kiosk", True), ("visit", True), ("online", False), ("letter", False), ("phone", False)]
)
def test_only_the_lobbys_channels_take_a_ticket(demo, channel, ticket):
    assert takes_ticket(channel) is ticket
    filed = case_file(data=case_input(channel))
    assert (filed.ticket is not None) is ticket
    assert QueueTicket.objects.exists() is ticket


def test_the_online_form_issues_no_ticket_whatever_it_is_sent(client, demo):
    response = client.post("/file/", online_payload(token=token_of(client, "/file/"), wants_ticket="1"))
    assert response.status_code == 302
    assert Case.objects.get().channel == "online"
    assert not QueueTicket.objects.exists()
    assert "A001" not in client.get(response["Location"]).content.decode()


def test_the_kiosk_still_issues_its_ticket(client, demo):
    kiosk_client = client
    key = kiosk_enrollment_new(Kiosk.objects.create(name="大厅一号机"))
    assert kiosk_client.get(reverse("intake:kiosk-enroll", args=[key])).status_code == 200
    url = reverse("intake:kiosk-file")
    kiosk_client.post(url, online_payload(token=token_of(kiosk_client, url), wants_ticket="1"))
    assert Case.objects.get().ticket.label == "A001"


def test_the_api_issues_no_ticket_to_an_anonymous_filer(client, demo):
    body = {
        "service": "petition",
        "request": "村口道路损坏多年，雨天积水严重，请求尽快修复。",
        "name": "王小明",
        "phone": "13912345678",
        "consent": True,
        "wants_ticket": True,
    }
    response = client.post("/api/v1/intake/cases", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert not QueueTicket.objects.exists()
