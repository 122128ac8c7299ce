"""Anonymous reports (举报): filed online or at the kiosk without name or phone, followed with the
tracking code and a passphrase the reporter chose, which is kept only as a hash."""

import re

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from cases.errors import AnonymousNotAllowed, PassphraseInvalid, PetitionerRequired
from cases.models import Case, CaseEvent, Kiosk, Petitioner
from intake import rules
from intake.kiosk import kiosk_enrollment_new
from intake.selectors import case_get_public
from intake.services import CaseInput, PetitionerInput, case_file
from tests.intake.conftest import online_payload

pytestmark = pytest.mark.django_db

PASSPHRASE = "桥头老樟树下见面"
PASS = "river-bank-2026"


def token_of(client, url="/file/"):
    return re.search(r'name="token" value="([^"]+)"', client.get(url).content.decode()).group(1)


def anonymous_payload(**overrides):
    data = online_payload(
        service="complaint",
        request="村里的垃圾清运费被挪作他用，账目从未公开。",
        name="",
        phone="",
        anonymous="on",
        passphrase=PASS,
        passphrase_confirm=PASS,
    )
    data.update(overrides)
    return data


def track(client, code, *, phone_last4="", passphrase="", url="/track/"):
    return client.post(url, {"code": code, "phone_last4": phone_last4, "passphrase": passphrase})


def strip_tokens(body: str) -> str:
    return re.sub(r'value="[^"]*"', "", body)


def test_anonymous_report_is_filed_online_without_anyone_named(client, demo):
    response = client.post("/file/", anonymous_payload(token=token_of(client)))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.is_anonymous
    assert case.service == "complaint"
    assert not Petitioner.objects.filter(case=case).exists()
    assert PASS not in case.passphrase_hash
    assert check_password(PASS, case.passphrase_hash)
    assert CaseEvent.objects.get(case=case, kind="filed").data["anonymous"] is True
    done = client.get(response["Location"]).content.decode()
    assert case.display_code in done
    assert 'data-testid="anonymous-note"' in done


def test_whatever_was_typed_as_name_or_phone_is_not_kept(client, demo):
    payload = anonymous_payload(
        token=token_of(client), name="李四", phone="13912345678", id_number="11010519491231002X", address="桥头 3 号"
    )
    assert client.post("/file/", payload).status_code == 302
    case = Case.objects.get()
    assert not Petitioner.objects.filter(case=case).exists()
    stored = " ".join(str(v) for v in Case.objects.filter(pk=case.pk).values().get().values())
    assert "13912345678" not in stored
    assert "李四" not in stored


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"service": "petition"}, "只有举报可以匿名"),
        ({"passphrase": "", "passphrase_confirm": ""}, "请设置查询密语"),
        ({"passphrase": "short", "passphrase_confirm": "short"}, "至少 8 个字符"),
        ({"passphrase_confirm": "river-bank-2027"}, "两次输入的查询密语不一致"),
        ({"passphrase": "x" * 200, "passphrase_confirm": "x" * 200}, "最多 128 个字符"),
    ],
)
def test_bad_anonymous_input_gets_a_chinese_message_and_stores_nothing(client, demo, overrides, message):
    response = client.post("/file/", anonymous_payload(token=token_of(client), **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Case.objects.exists()


def test_a_named_filer_still_needs_name_and_phone(client, demo):
    response = client.post("/file/", online_payload(token=token_of(client), service="complaint", name="", phone=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert "请填写姓名" in body
    assert "请填写中心能联系到您的电话号码" in body
    assert not Case.objects.exists()


def test_passphrase_is_never_echoed_back(client, demo):
    response = client.post("/file/", anonymous_payload(token=token_of(client), passphrase_confirm="different-one"))
    assert response.status_code == 200
    assert PASS not in response.content.decode()


def test_anonymous_report_is_followed_with_code_and_passphrase(client, demo):
    client.post("/file/", anonymous_payload(token=token_of(client)))
    case = Case.objects.get()
    body = track(client, case.display_code.lower(), passphrase=PASS).content.decode()
    assert case.display_code in body
    assert "已登记" in body


def test_wrong_passphrase_answers_like_unknown_code(client, demo):
    client.post("/file/", anonymous_payload(token=token_of(client)))
    case = Case.objects.get()
    wrong = strip_tokens(track(client, case.tracking_code, passphrase="river-bank-2027").content.decode())
    unknown = strip_tokens(track(client, "LH-22222-22222", passphrase=PASS).content.decode())
    # Without a passphrase, the phone of nobody: the anonymous report has no phone to match.
    by_phone = strip_tokens(track(client, case.tracking_code, phone_last4="0000").content.decode())
    unknown_by_phone = strip_tokens(track(client, "LH-22222-22222", phone_last4="0000").content.decode())
    assert wrong == unknown
    assert by_phone == unknown_by_phone
    assert case.display_code not in wrong


def test_a_named_case_does_not_open_with_a_passphrase(client, demo):
    client.post("/file/", online_payload(token=token_of(client), service="complaint"))
    case = Case.objects.get()
    assert case_get_public(code=case.tracking_code, passphrase="13912345678") is None
    assert case_get_public(code=case.tracking_code, phone_last4="5678") == case


def test_tracking_asks_for_phone_or_passphrase(client, demo):
    response = track(client, "LH-22222-22222")
    assert "请输入电话号码后四位，或匿名举报的查询密语" in response.content.decode()


def test_passphrase_tracking_is_rate_limited(client, demo):
    from web import ratelimit

    for _ in range(ratelimit.TRACK.count):
        track(client, "LH-22222-22222", passphrase=PASS)
    assert track(client, "LH-22222-22222", passphrase=PASS).status_code == 429


def test_kiosk_files_an_anonymous_report_without_a_ticket(client, demo):
    kiosk = Kiosk.objects.create(name="大厅二号机")
    client.get(reverse("intake:kiosk-enroll", args=[kiosk_enrollment_new(kiosk)]))
    url = reverse("intake:kiosk-file")
    response = client.post(url, anonymous_payload(token=token_of(client, url), wants_ticket="1"))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.is_anonymous
    assert case.channel == "kiosk"
    assert getattr(case, "ticket", None) is None
    slip = client.get(response["Location"]).content.decode()
    assert case.display_code in slip
    assert 'data-testid="anonymous-note"' in slip
    tracked = track(client, case.tracking_code, passphrase=PASS, url=reverse("intake:kiosk-track"))
    assert case.display_code in tracked.content.decode()


def test_kiosk_step_check_asks_nothing_of_an_anonymous_reporter(client, demo):
    kiosk = Kiosk.objects.create(name="大厅三号机")
    client.get(reverse("intake:kiosk-enroll", args=[kiosk_enrollment_new(kiosk)]))
    url = reverse("intake:kiosk-file")
    data = anonymous_payload(check=["anonymous", "passphrase", "passphrase_confirm", "name", "phone"])
    assert client.post(url, data).json() == {"errors": {}}
    data = anonymous_payload(passphrase="short", check=["passphrase", "name", "phone"])
    errors = client.post(url, data).json()["errors"]
    assert set(errors) == {"passphrase"}


def _input(**overrides) -> CaseInput:
    values = {
        "channel": "online",
        "service": "complaint",
        "request": "村务账目不公开。",
        "petitioners": [],
        "consent": True,
        "anonymous": True,
        "passphrase": PASS,
    }
    values.update(overrides)
    return CaseInput(**values)


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"service": "petition"}, AnonymousNotAllowed),
        ({"petitioners": [PetitionerInput(name="李四", phone="13912345678")]}, AnonymousNotAllowed),
        ({"passphrase": "short"}, PassphraseInvalid),
        ({"passphrase": "        x"}, PassphraseInvalid),
        ({"anonymous": False}, PetitionerRequired),
    ],
)
def test_case_file_refuses_a_bad_anonymous_filing_and_stores_nothing(demo, overrides, error):
    with pytest.raises(error):
        case_file(data=_input(**overrides))
    assert not Case.objects.exists()


def test_case_file_stores_an_anonymous_report(demo):
    filed = case_file(data=_input())
    assert filed.case.is_anonymous
    assert check_password(PASS, filed.case.passphrase_hash)
    assert case_get_public(code=filed.case.tracking_code, passphrase=f"  {PASS} ") == filed.case


def test_passphrase_rules_are_pure():
    assert not rules.passphrase_acceptable("1234567")
    assert rules.passphrase_acceptable(PASSPHRASE)
    assert rules.may_be_anonymous("complaint")
    assert not rules.may_be_anonymous("legal_aid")


def test_the_public_status_api_never_opens_an_anonymous_report(client, demo):
    """The API looks up by the phone's last four digits only: an anonymous report has none."""
    client.post("/file/", anonymous_payload(token=token_of(client)))
    case = Case.objects.get()
    anonymous = client.get(f"/api/v1/intake/cases/{case.tracking_code}", {"phone_last4": "0000"})
    unknown = client.get("/api/v1/intake/cases/LH2222222222", {"phone_last4": "0000"})
    assert anonymous.status_code == unknown.status_code == 404
    assert anonymous.json() == unknown.json()


def test_the_acknowledgement_names_no_one_for_an_anonymous_report(client, demo, tmp_path):
    from tests.pdftools import pdf_text

    response = client.post("/file/", anonymous_payload(token=token_of(client)))
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    pdf = client.get(reverse("intake:online-ack", args=[token]))
    text = pdf_text(pdf.content, tmp_path)
    assert "匿名举报" in text
    assert "查询密语" in text
    assert "手机号码的后四位" not in text
