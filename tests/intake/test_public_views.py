"""The online form, its result page and the tracking page, over HTTP."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from cases.models import Case
from departments.models import Village
from mediation.models import RoutingTable
from tests.intake.conftest import PDF_BYTES, online_payload

pytestmark = pytest.mark.django_db


def form_token(client, url="/file/"):
    body = client.get(url).content.decode()
    return re.search(r'name="token" value="([^"]+)"', body).group(1)


def test_online_form_files_a_case_and_shows_the_code(client, demo, private_media):
    token = form_token(client)
    response = client.post("/file/", online_payload(token=token, attachments=[SimpleUploadedFile("l.pdf", PDF_BYTES)]))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == "online"
    assert case.attachments.count() == 1
    done = client.get(response["Location"])
    body = done.content.decode()
    assert case.display_code in body
    assert "<svg" in body  # the QR code
    assert done["Cache-Control"].startswith("max-age=0") or "no-cache" in done["Cache-Control"]


def test_double_submission_files_once(client, demo):
    token = form_token(client)
    first = client.post("/file/", online_payload(token=token))
    second = client.post("/file/", online_payload(token=token))
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("request", "字" * 10_000, "5000"),
        ("request", "看不见\u200b的字", "不可见字符"),
        ("phone", "12345", "11 位"),
        ("id_number", "110105194912310021", "校验码"),
        ("consent", "", "个人信息"),
        ("name", "名\x07字", "控制字符"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_stores_nothing(client, demo, field, value, message):
    token = form_token(client)
    response = client.post("/file/", online_payload(token=token, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Case.objects.exists()


def test_disguised_upload_is_refused(client, demo, private_media):
    token = form_token(client)
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post("/file/", online_payload(token=token, attachments=[fake]))
    assert response.status_code == 200
    assert "不是图片或 PDF" in response.content.decode()
    assert not Case.objects.exists()


def test_forged_or_expired_token_is_refused_keeping_entries(client, demo):
    response = client.post("/file/", online_payload(token="forged"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "表单已过期" in body
    assert "村口道路损坏多年" in body
    assert not Case.objects.exists()


def test_script_payload_is_shown_inert(client, demo, django_user_model):
    token = form_token(client)
    client.post("/file/", online_payload(token=token, request="<script>alert('x')</script> 请求修路"))
    case = Case.objects.get()
    assert case.request.startswith("<script>")
    client.force_login(django_user_model.objects.get(username="petition.clerk"))
    body = client.get(reverse("intake:desk-case", args=[case.tracking_code])).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body


def test_rate_limit_on_online_filing(client, demo):
    from web import ratelimit

    for _ in range(ratelimit.FILE_ONLINE.count):
        assert client.post("/file/", online_payload(token=form_token(client))).status_code == 302
    response = client.post("/file/", online_payload(token=form_token(client)))
    assert response.status_code == 429
    assert "请求过于频繁" in response.content.decode()
    assert Case.objects.count() == ratelimit.FILE_ONLINE.count


def _track(client, code, last4):
    return client.post(reverse("intake:track"), {"code": code, "phone_last4": last4})


def _strip_tokens(body: str) -> str:
    """The page without the echoed form values and CSRF token."""
    return re.sub(r'value="[^"]*"', "", body)


def test_tracking_with_the_right_pair(client, demo):
    client.post("/file/", online_payload(token=form_token(client)))
    case = Case.objects.get()
    body = _track(client, case.display_code.lower(), "5678").content.decode()
    assert case.display_code in body
    assert "已登记" in body
    assert case.reply_due_on.strftime("%Y-%m-%d") in body


def test_wrong_phone_answers_like_unknown_code(client, demo):
    client.post("/file/", online_payload(token=form_token(client)))
    case = Case.objects.get()
    wrong_phone = _strip_tokens(_track(client, case.tracking_code, "0000").content.decode())
    unknown = _strip_tokens(_track(client, "LH-22222-22222", "5678").content.decode())
    assert wrong_phone == unknown
    assert case.display_code not in wrong_phone


def test_tracking_is_rate_limited(client, demo):
    from web import ratelimit

    for _ in range(ratelimit.TRACK.count):
        _track(client, "LH-22222-22222", "0000")
    assert _track(client, "LH-22222-22222", "0000").status_code == 429


def test_phone_never_in_urls(client, demo):
    token = form_token(client)
    response = client.post("/file/", online_payload(token=token))
    assert "13912345678" not in response["Location"]
    assert "5678" not in response["Location"]
    done = client.get(response["Location"]).content.decode()
    assert "13912345678" not in done


def test_file_entry_redirects_to_the_form_page(client, demo):
    response = client.get(reverse("cms:file"))
    assert response.status_code == 302
    assert response["Location"] == "/file/"


def test_every_status_has_a_public_label():
    """The tracking page names each status in words, never by its stored value (signed_off was shown raw)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from cases.rules.status import STATUSES

    with translation.override("zh-hans"):
        labels = {
            status: render_to_string("intake/includes/status_label.html", {"status": status}).strip()
            for status in STATUSES
        }
    assert all(label and not label.isascii() for label in labels.values()), labels
    assert labels["signed_off"] == labels["awaiting_signoff"] == "答复拟定中"


def test_online_filing_runs_a_constant_number_of_queries(client, demo, django_assert_max_num_queries):
    """The Wagtail page's own look-ups (site, page, view restrictions: 6), the form's village, then
    the filing (≤ 11 here, where the test's transaction adds a savepoint and its release; 9 in
    production): never the whole organisation."""
    village = Village.objects.order_by("pk").first().pk
    RoutingTable.load()  # stored, as in any running center (its first load stores it: a change)
    client.post("/file/", online_payload(token=form_token(client), village=village))  # routing's copy is built
    for phone in ("13912340001", "13912340002"):
        token = form_token(client)
        with django_assert_max_num_queries(18):
            response = client.post("/file/", online_payload(token=token, phone=phone, village=village))
        assert response.status_code == 302
    assert Case.objects.count() == 3


def test_receipt_is_one_indexed_lookup(client, demo, django_assert_num_queries):
    response = client.post("/file/", online_payload(token=form_token(client)))
    with django_assert_num_queries(1) as captured:
        assert client.get(response["Location"]).status_code == 200
    assert "submission_token" in captured.captured_queries[0]["sql"]
    assert Case._meta.get_field("submission_token").unique
    if connection.vendor == "sqlite":
        token = response["Location"].rstrip("/").rsplit("/", 1)[1]
        assert "USING INDEX" in Case.objects.filter(submission_token=token).explain()


def test_receipt_reloads_never_show_another_visitors_case(demo):
    visitors = [Client(), Client()]
    receipts = []
    for number, visitor in enumerate(visitors):
        payload = online_payload(token=form_token(visitor), phone=f"1391234567{number}")
        receipts.append(visitor.post("/file/", payload)["Location"])
    first, second = Case.objects.order_by("pk")
    for _ in range(2):  # the second time from the cache
        mine = visitors[0].get(receipts[0]).content.decode()
        theirs = visitors[1].get(receipts[1]).content.decode()
        assert first.display_code in mine
        assert second.display_code not in mine
        assert second.display_code in theirs
        assert first.display_code not in theirs
        assert f"code={first.tracking_code}" in mine
        assert f"code={second.tracking_code}" not in mine


def test_tracking_page_get_runs_no_query(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        assert client.get(reverse("intake:track")).status_code == 200
