"""The intake API: filing with idempotency, public status, and its OpenAPI document."""

import json

import pytest

from cases.models import Case
from mediation.models import RoutingTable

pytestmark = pytest.mark.django_db

URL = "/api/v1/intake/cases"


def body(**overrides):
    data = {
        "service": "mediation",
        "request": "邻居装修噪音扰民，协商无果，申请调解。",
        "name": "李四",
        "phone": "13812345678",
        "consent": True,
    }
    data.update(overrides)
    return data


def post(client, data, **headers):
    return client.post(URL, json.dumps(data), content_type="application/json", headers=headers)


def test_file_case_returns_201_with_tracking_code(client, demo):
    response = post(client, body())
    assert response.status_code == 201
    payload = response.json()
    case = Case.objects.get()
    assert payload["tracking_code"] == case.tracking_code
    assert case.channel == "online"


def test_idempotency_key_returns_the_same_case(client, demo):
    first = post(client, body(), **{"Idempotency-Key": "abc-123"})
    retry = post(client, body(), **{"Idempotency-Key": "abc-123"})
    assert first.status_code == 201
    assert retry.status_code == 200
    assert retry.json()["tracking_code"] == first.json()["tracking_code"]
    assert Case.objects.count() == 1
    conflict = post(client, body(request="另一件事：道路积水"), **{"Idempotency-Key": "abc-123"})
    assert conflict.status_code == 409
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"phone": "555"}, "phone"),
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"request": "x" * 10_000}, "request"),
        ({"request": "a\u200bb"}, "request"),
        ({"consent": False}, "consent"),
        ({"service": "bribery"}, "service"),
        ({"group_size": 0}, "group_size"),
    ],
)
def test_bad_input_is_400_with_chinese_messages(client, demo, overrides, field):
    response = post(client, body(**overrides))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors[field][0])
    assert not Case.objects.exists()


def test_malformed_json_is_a_clear_4xx(client, demo):
    response = client.post(URL, "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert not Case.objects.exists()


def test_anonymous_cannot_claim_another_channel(client, demo):
    response = post(client, body(channel="phone"))
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_petition_clerk_registers_a_phone_case(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="petition.clerk"))
    response = post(client, body(channel="phone"))
    assert response.status_code == 201
    assert Case.objects.get().registered_by.username == "petition.clerk"


def test_public_status(client, demo):
    code = post(client, body()).json()["tracking_code"]
    ok = client.get(f"{URL}/{code}", {"phone_last4": "5678"})
    assert ok.status_code == 200
    assert ok.json()["status"] == "registered"
    assert ok.json()["timeline"][0]["kind"] == "filed"
    wrong = client.get(f"{URL}/{code}", {"phone_last4": "0000"})
    unknown = client.get(f"{URL}/LH2222222222", {"phone_last4": "5678"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/intake/cases" in paths
    assert "/api/v1/intake/cases/{tracking_code}" in paths


def test_filing_runs_a_constant_number_of_queries(client, demo, django_assert_max_num_queries):
    """Never the whole organisation: ≤ 11 here (the key's look-up, then the filing; the test's
    transaction adds a savepoint and its release, 9 in production); a retry is one look-up."""
    RoutingTable.load()  # stored, as in any running center (its first load stores it: a change)
    post(client, body())  # routing's copy of the organisation is built
    for phone in ("13812340001", "13812340002"):
        with django_assert_max_num_queries(11):
            assert post(client, body(phone=phone), **{"Idempotency-Key": phone}).status_code == 201
    with django_assert_max_num_queries(1):
        assert post(client, body(phone=phone), **{"Idempotency-Key": phone}).status_code == 200
