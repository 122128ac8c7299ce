"""Reports (举报) and every service at the desk and over the JSON API, as at the online form (issue 16).

A report registered at the petition-office desk or sent to the intake API is stored and routed as one
filed online: its category, named or anonymous, and an anonymous reporter's passphrase (checked
with the same messages; a refused filing stores nothing). An anonymous report is followed over the
API with its code and passphrase, sent in a body, never with a phone. Every service of the one
window (petition, report, legal consultation, legal aid, people's mediation, governance) is
accepted by the online form, the desk and the API alike and proposed to the same unit.
"""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from cases.models import Case, CaseEvent, Petitioner, Service
from lobby.tickets import TICKET_PREFIX
from tests.intake.conftest import online_payload

pytestmark = pytest.mark.django_db

URL = "/api/v1/intake/cases"
PASS = "river-bank-2026"
REPORT = "村里的垃圾清运费被挪作他用，账目从未公开。"


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.RATE_LIMITS_ENABLED = False


def post(client, data, **headers):
    return client.post(URL, json.dumps(data), content_type="application/json", headers=headers)


def api_report(**overrides):
    data = {
        "service": "complaint",
        "report_category": "village_affairs",
        "request": REPORT,
        "anonymous": True,
        "passphrase": PASS,
        "consent": True,
    }
    data.update(overrides)
    return data


def token_of(client, url):
    return re.search(r'name="token" value="([^"]+)"', client.get(url).content.decode()).group(1)


def desk_data(client, **overrides):
    data = {
        "token": token_of(client, reverse("intake:desk")),
        "channel": "letter",
        "service": "complaint",
        "report_category": "village_affairs",
        "request": REPORT,
        "group_size": "1",
        "consent": "on",
        "anonymous": "on",
        "passphrase": PASS,
        "passphrase_confirm": PASS,
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "50",
        "p-0-name": "",
        "p-0-phone": "",
    }
    data.update(overrides)
    return data


def clerk_client(client):
    client.force_login(get_user_model().objects.get(username="petition.clerk"))
    return client


def lookup(client, code, **body):
    return client.post(f"{URL}/{code}/status", json.dumps(body), content_type="application/json")


# --- the API -----------------------------------------------------------------------------------


def test_api_files_an_anonymous_report_followed_by_code_and_passphrase(client, demo):
    response = post(client, api_report(name="不该保存", phone="13900001111"))
    assert response.status_code == 201, response.content
    case = Case.objects.get()
    assert case.is_anonymous
    assert case.service == "complaint"
    assert case.report_category == "village_affairs"
    assert not Petitioner.objects.filter(case=case).exists()
    assert check_password(PASS, case.passphrase_hash)
    assert PASS not in case.idempotency_fingerprint + case.passphrase_hash
    assert case.routing.proposal["lead_unit"] == "agriculture"  # the report routing table's row
    assert not hasattr(case, "ticket")
    code = case.tracking_code
    # The phone look-up never opens it; the passphrase does, in a body.
    assert client.get(f"{URL}/{code}", {"phone_last4": "1111"}).status_code == 404
    ok = lookup(client, code, passphrase=PASS)
    assert ok.status_code == 200
    assert ok.json()["service"] == "complaint"
    assert ok.json()["timeline"][0]["kind"] == "filed"
    assert "不该保存" not in ok.content.decode()
    assert "1111" not in ok.content.decode()
    wrong = lookup(client, code, passphrase="river-bank-2025")
    unknown = lookup(client, "LH2222222222", passphrase=PASS)
    by_phone = lookup(client, code, phone_last4="1111")
    assert wrong.status_code == unknown.status_code == by_phone.status_code == 404
    assert wrong.json() == unknown.json()


def test_api_status_lookup_with_the_phone_for_a_named_case(client, demo):
    response = post(client, api_report(anonymous=False, passphrase="", name="赵铁柱", phone="13900001234"))
    assert response.status_code == 201
    case = Case.objects.get()
    assert not case.is_anonymous
    assert case.petitioners.get().name == "赵铁柱"
    assert lookup(client, case.tracking_code, phone_last4="1234").status_code == 200
    assert lookup(client, case.tracking_code, passphrase=PASS).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"service": "petition"}, "anonymous", "只有举报可以匿名提交"),
        ({"passphrase": "short"}, "passphrase", "查询密语至少 8 个字符"),
        ({"passphrase": ""}, "passphrase", "请设置查询密语"),
        ({"passphrase": "x" * 129}, "passphrase", "128"),
        ({"anonymous": False, "passphrase": ""}, "name", "请填写姓名，或选择匿名举报"),
        ({"report_category": "bribes"}, "report_category", ""),
    ],
)
def test_api_refuses_a_bad_report_with_a_message_and_stores_nothing(client, demo, overrides, field, message):
    response = post(client, api_report(**overrides))
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_api_refusals_speak_english_when_chosen(client, demo):
    client.cookies["django_language"] = "en"
    response = post(client, api_report(passphrase="short"))
    assert response.status_code == 400
    assert response.json()["errors"]["passphrase"] == ["The passphrase needs at least 8 characters."]


def test_api_status_lookup_refuses_an_empty_or_oversized_body(client, demo):
    assert lookup(client, "LH2222222222").status_code == 400
    assert lookup(client, "LH2222222222", passphrase="x" * 500).status_code == 400
    assert client.post(f"{URL}/LH2222222222/status", "{", content_type="application/json").status_code == 400


def test_api_retry_of_an_anonymous_report_is_the_same_case(client, demo):
    first = post(client, api_report(), **{"Idempotency-Key": "report-1"})
    again = post(client, api_report(), **{"Idempotency-Key": "report-1"})
    other = post(client, api_report(passphrase="another-pass-1"), **{"Idempotency-Key": "report-1"})
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert Case.objects.count() == 1


def test_openapi_documents_the_report_fields(client):
    schema = client.get("/api/v1/openapi.json").json()
    case_in = schema["components"]["schemas"]["CaseIn"]["properties"]
    categories = case_in["report_category"]["anyOf"][0]["enum"]
    assert "village_affairs" in categories
    assert case_in["passphrase"]["writeOnly"] is True
    assert "anonymous" in case_in
    status = schema["paths"]["/api/v1/intake/cases/{tracking_code}/status"]["post"]
    assert "passphrase" in json.dumps(status["requestBody"])
    assert set(status["responses"]) >= {"200", "400", "404", "413", "429"}


# --- the desk ----------------------------------------------------------------------------------


def test_desk_registers_an_anonymous_report_from_a_letter(client, demo):
    clerk_client(client)
    response = client.post(reverse("intake:desk"), desk_data(client, **{"p-0-name": "不该保存"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert case.is_anonymous
    assert case.channel == "letter"
    assert case.report_category == "village_affairs"
    assert not Petitioner.objects.filter(case=case).exists()
    assert check_password(PASS, case.passphrase_hash)
    assert case.routing.proposal["lead_unit"] == "agriculture"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="reporter-anonymous"' in page
    assert PASS not in page
    client.logout()
    track = client.post("/track/", {"code": case.tracking_code, "phone_last4": "", "passphrase": PASS})
    assert case.display_code in track.content.decode()


def test_desk_registers_a_named_report_with_its_category(client, demo):
    clerk_client(client)
    data = desk_data(client, anonymous="", passphrase="", passphrase_confirm="", report_category="construction")
    data |= {"channel": "visit", "wants_ticket": "on", "p-0-name": "赵铁柱", "p-0-phone": "13700001111"}
    response = client.post(reverse("intake:desk"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert not case.is_anonymous
    assert case.report_category == "construction"
    assert case.petitioners.get().name == "赵铁柱"
    assert case.routing.proposal["lead_unit"] == "urban-construction"
    assert case.ticket.label == "B001"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"service": "petition"}, "anonymous", "只有举报可以匿名提交"),
        ({"passphrase": "short", "passphrase_confirm": "short"}, "passphrase", "查询密语至少 8 个字符"),
        ({"passphrase_confirm": "river-bank-2027"}, "passphrase_confirm", "两次输入的查询密语不一致"),
        ({"channel": "visit", "wants_ticket": "on"}, "wants_ticket", "匿名"),
    ],
)
def test_desk_refuses_a_bad_anonymous_report_and_stores_nothing(client, demo, overrides, field, message):
    clerk_client(client)
    response = client.post(reverse("intake:desk"), desk_data(client, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert PASS not in response.content.decode()  # the passphrase is never sent back
    assert "请填写" not in " ".join(str(e) for e in response.context["people"].errors or [])
    assert Case.objects.count() == 0


def test_desk_without_the_anonymous_box_needs_a_petitioner(client, demo):
    clerk_client(client)
    response = client.post(reverse("intake:desk"), desk_data(client, anonymous=""))
    assert response.status_code == 200
    assert Case.objects.count() == 0


# --- every service, every way in ----------------------------------------------------------------

REQUESTS = {
    "petition": "村口道路损坏多年，雨天积水严重，请求尽快修复。",
    "complaint": REPORT,
    "legal_consultation": "劳动合同到期后单位不续签，想咨询能否要求经济补偿。",
    "legal_aid": "工伤后单位拒绝赔偿，家庭困难请不起律师，申请法律援助。",
    "mediation": "邻居装修噪音扰民，协商无果，申请调解。",
    "governance": "村道边一处废弃厂房有人聚集，存在消防隐患。",
}


def _filed(way, client, service, phone):
    extra = {"report_category": "environment"} if service == "complaint" else {}
    if way == "online":
        data = online_payload(service=service, request=REQUESTS[service], phone=phone, **extra)
        assert client.post("/file/", {**data, "token": token_of(client, "/file/")}).status_code == 302
    elif way == "api":
        body = {"service": service, "request": REQUESTS[service], "name": "王小明", "phone": phone, "consent": True}
        assert post(client, {**body, **extra}).status_code == 201
    else:
        clerk_client(client)
        data = desk_data(client, service=service, anonymous="", passphrase="", passphrase_confirm="", **extra)
        data |= {"channel": "visit", "wants_ticket": "on", "p-0-name": "王小明", "p-0-phone": phone}
        if service != "complaint":
            data.pop("report_category")
        response = client.post(reverse("intake:desk"), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        client.logout()
    return Case.objects.get(petitioners__phone=phone)


@pytest.mark.parametrize("service", Service.values)
def test_every_service_is_taken_and_routed_alike_online_at_the_desk_and_over_the_api(client, demo, service):
    cases = {way: _filed(way, client, service, f"1390000{i:04d}") for i, way in enumerate(["online", "api", "desk"])}
    proposals = {
        way: (
            c.service,
            c.routing.kind,
            c.routing.proposal["lead_unit"],
            c.report_category,
            c.routing.proposal["reasons"],
        )
        for way, c in cases.items()
    }
    assert proposals["online"] == proposals["api"] == proposals["desk"], proposals
    # A petition's line office is the clerk's to set; every other service has its unit at once.
    assert bool(proposals["online"][2]) == (service != "petition"), proposals
    # The desk's visitor waits in the lobby with the service's own letter.
    assert cases["desk"].ticket.label.startswith(TICKET_PREFIX[service])
