"""The case-handling API: tokens and sessions, one winner per pick, 400s in Chinese, 404 alike."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from cases.models import Routing
from mediation import services
from mediation.models import ApiToken
from mediation.services.tokens import token_hash
from tests.mediation.factories import assert_chinese, routed_case

pytestmark = pytest.mark.django_db

API = "/api/v1"


def bearer(user) -> dict:
    _token, raw = services.api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, url, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return client.post(url, data=data, content_type="application/json", **headers)


def test_token_is_stored_only_as_its_hash_and_printed_once(org, capsys):
    call_command("api_token_issue", "agri.handler", name="手机")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=org.people["agri", "handler"])
    assert token.key_hash == token_hash(raw)
    assert raw not in {token.key_hash, token.prefix}
    assert Client().get(f"{API}/queues", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_no_or_wrong_or_revoked_token_is_401(org):
    client = Client()
    assert client.get(f"{API}/queues").status_code == 401
    assert client.get(f"{API}/queues", HTTP_AUTHORIZATION="Bearer ow_nonsense").status_code == 401
    headers = bearer(org.people["agri", "handler"])
    services.api_token_revoke(token=ApiToken.objects.get())
    assert client.get(f"{API}/queues", **headers).status_code == 401


def test_queues_and_their_cases(org):
    case = routed_case(lead=org.units["agri"])
    headers = bearer(org.people["agri", "handler"])
    client = Client()
    assert [q["unit"] for q in client.get(f"{API}/queues", **headers).json()] == ["agriculture"]
    page = client.get(f"{API}/queues/agriculture/cases", **headers).json()
    assert [c["tracking_code"] for c in page["cases"]] == [case.tracking_code]
    assert client.get(f"{API}/queues/urban-construction/cases", **headers).status_code == 404
    assert client.get(f"{API}/queues/agriculture/cases?limit=x", **headers).status_code == 400
    assert client.get(f"{API}/queues/agriculture/cases?after=%%%", **headers).status_code == 400


def test_pick_is_200_for_the_winner_and_409_for_everyone_else(org):
    case = routed_case(lead=org.units["agri"])
    url = f"{API}/cases/{case.tracking_code}/pick"
    won = post(Client(), url, **bearer(org.people["agri", "handler"]))
    assert won.status_code == 200
    assert won.json()["status"] == "in_progress"
    lost = post(Client(), url, **bearer(org.people["agri", "head"]))
    assert lost.status_code == 409
    assert lost.json()["code"] == "already_picked"
    assert Routing.objects.get(pk=case.pk).picked_by == org.people["agri", "handler"]
    assert_chinese(lost.json()["message"], "Already picked by someone else.", "已被他人领取")


def test_session_writes_need_csrf(org):
    case = routed_case(lead=org.units["agri"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.people["agri", "handler"])
    assert client.get(f"{API}/cases/{case.tracking_code}").status_code == 200
    assert post(client, f"{API}/cases/{case.tracking_code}/pick").status_code == 403
    client.get("/staff/queues/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert post(client, f"{API}/cases/{case.tracking_code}/pick", HTTP_X_CSRFTOKEN=token).status_code == 200


def test_bad_input_is_400_with_a_message_never_500(org):
    case = routed_case(lead=org.units["agri"])
    director = bearer(org.director.user)
    client = Client()
    url = f"{API}/cases/{case.tracking_code}/reassign"
    for body in [
        "not json",
        "[1]",
        json.dumps({"unit": 5}),
        json.dumps({"reason": "x"}),
        json.dumps({"unit": "nope", "reason": "x"}),
    ]:
        response = client.post(url, data=body, content_type="application/json", **director)
        assert response.status_code == 400, body
        assert response.json()["message"]
    response = post(client, url, {"unit": "urban-construction", "reason": " "}, **director)
    assert response.status_code == 400
    response = post(client, url, {"unit": "urban-construction", "reason": "涉及规划"}, **director)
    assert response.status_code == 200
    assert response.json()["routing"]["lead_unit"] == "urban-construction"


def test_forbidden_and_missing_cases_answer_alike(org):
    case = routed_case(lead=org.units["agri"], request="秘密诉求内容")
    headers = bearer(org.people["urban", "handler"])
    client = Client()
    hidden = client.get(f"{API}/cases/{case.tracking_code}", **headers)
    missing = client.get(f"{API}/cases/LH2222222222", **headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert post(client, f"{API}/cases/{case.tracking_code}/pick", **headers).status_code == 404


def test_object_assign_release_and_findings(org):
    case = routed_case(lead=org.units["agri"], assisting=[org.units["east"]])
    code = case.tracking_code
    client = Client()
    head = bearer(org.people["agri", "head"])
    handler = org.people["agri", "handler"]
    assert post(client, f"{API}/cases/{code}/assign", {"assignee": "nobody"}, **head).status_code == 400
    assert post(client, f"{API}/cases/{code}/assign", {"assignee": handler.username}, **head).status_code == 200
    assert post(client, f"{API}/cases/{code}/release", **bearer(handler)).status_code == 200
    assert post(client, f"{API}/cases/{code}/object", {"reason": "非本单位职责"}, **head).json()["status"] == "objected"
    response = post(client, f"{API}/cases/{code}/objection", {"decision": "maybe"}, **bearer(org.director.user))
    assert response.status_code == 400
    response = post(client, f"{API}/cases/{code}/objection", {"decision": "uphold"}, **bearer(org.director.user))
    assert response.json()["status"] == "assigned"
    east = bearer(org.people["east", "handler"])
    assert post(client, f"{API}/cases/{code}/findings", {"text": "已核实"}, **east).status_code == 200
    assert post(client, f"{API}/cases/{code}/pick", **east).status_code == 403


def test_queue_api_query_count_does_not_grow_with_cases(org, django_assert_max_num_queries):
    headers = bearer(org.people["agri", "handler"])
    client = Client()
    routed_case(lead=org.units["agri"])
    with django_assert_max_num_queries(20) as few:
        client.get(f"{API}/queues/agriculture/cases", **headers)
    for _ in range(30):
        routed_case(lead=org.units["agri"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"{API}/queues/agriculture/cases?limit=20", **headers).json()
    assert len(page["cases"]) == 20
    rest = client.get(f"{API}/queues/agriculture/cases?limit=20&after={page['next']}", **headers).json()
    assert len(rest["cases"]) == 11
    assert rest["next"] is None


def test_api_case_answer_carries_routing_and_actions(org):
    case = routed_case(lead=org.units["agri"], assisting=[org.units["east"]])
    body = Client().get(f"{API}/cases/{case.display_code}", **bearer(org.people["agri", "head"])).json()
    assert body["routing"]["lead_unit"] == "agriculture"
    assert body["routing"]["assisting_units"] == ["liaison-east"]
    assert {"pick", "assign_directly", "object"} <= set(body["actions"])
