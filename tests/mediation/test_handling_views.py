"""The handling section's pages: forms post, errors in Chinese, the PDF letter, history, tracking."""

import subprocess
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import CaseEvent
from cases.rules import status as st
from mediation import services
from mediation.history import event_label
from mediation.models import Contact, Reply
from mediation.rules import reopening
from mediation.services.reply import section_labels
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db

SECTIONS = {
    "understood_request": "您反映塘角村村道破损，请求修复。",
    "facts": "经现场核实，村道约两百米路面破损。",
    "basis": "依据《农村公路条例》相关规定。",
    "decision": "街道已安排资金，于本月底前修复。",
    "remedies": reopening.DEFAULT_REMEDIES,
}


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.RATE_LIMITS_ENABLED = False


@pytest.fixture
def picked(org):
    case = routed_case(lead=org.units["agri"], village=org.village, received_at=timezone.now() - timedelta(days=2))
    services.case_pick(case=case, actor=org.people["agri", "handler"])
    case.refresh_from_db()
    return case


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _url(name, case):
    return reverse(f"mediation:{name}", args=[case.tracking_code])


def _signed_and_delivered(org, case):
    handler = org.people["agri", "handler"]
    services.case_first_contact_record(case=case, actor=handler, at=timezone.now(), learned="已电话联系")
    services.case_reply_draft(case=case, actor=handler, sections=SECTIONS)
    services.case_reply_submit(case=case, actor=handler)
    services.case_completion_sign(case=case, actor=org.director.user)
    services.case_reply_deliver(
        case=case, actor=org.people["petition", "clerk"], method="post", delivered_on=timezone.localdate()
    )


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "reply.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_the_handler_records_a_call_and_drafts_the_reply_through_the_page(org, picked):
    client = _client(org.people["agri", "handler"])
    page = client.get(_url("case", picked))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="first-contact-form"' in body
    assert 'data-testid="reply-form"' in body
    response = client.post(
        _url("first-contact", picked),
        {
            "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "learned": "王大伯说村道塌陷",
            "made_by": "李四",
            "request_clear": "on",
        },
    )
    assert response.status_code == 302
    assert Contact.objects.get(case=picked).made_by == "李四"
    response = client.post(_url("reply-draft", picked), SECTIONS)
    assert response.status_code == 302
    picked.refresh_from_db()
    assert picked.status == st.REPLY_DRAFTED
    page = client.get(_url("case", picked)).content.decode()
    assert "经现场核实" in page
    assert _url("reply-pdf", picked) in page


def test_bad_input_is_told_in_chinese_and_changes_nothing(org, picked):
    client = _client(org.people["agri", "handler"])
    events = CaseEvent.objects.filter(case=picked).count()
    for data in (
        {},
        {"at": "not a date", "learned": "x"},
        {"at": "2026-13-45T99:99", "learned": "x"},
        {"at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "learned": "字" * 2001},
    ):
        response = client.post(_url("first-contact", picked), data)
        assert response.status_code == 400  # the form comes back on the page, as typed
        shown = _messages(response)
        assert shown
        assert any("请" in m for m in shown), shown
    # A refusal of the service (the call in the future) is shown too, and nothing is recorded.
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(_url("first-contact", picked), {"at": future, "learned": "x"})
    assert response.status_code == 400
    assert 'id="id_at_error"' in response.content.decode()  # beside the field it is about
    assert _messages(response)
    # Drafting before the first call is refused with the service's message.
    response = client.post(_url("reply-draft", picked), SECTIONS)
    assert _messages(response)
    assert CaseEvent.objects.filter(case=picked).count() == events
    assert not Contact.objects.filter(case=picked).exists()
    assert not Reply.objects.filter(case=picked).exists()
    # Wrong status and forged choices never answer 500.
    for name in ("reply-submit", "completion-sign", "close"):
        assert client.post(_url(name, picked)).status_code == 302
    # Forms that do not parse come back on the page (400), whatever the status.
    assert client.post(_url("reply-deliver", picked), {"method": "pigeon", "delivered_on": "x"}).status_code == 400
    assert client.post(_url("follow-up", picked), {"satisfaction": "meh"}).status_code == 400
    assert client.post(_url("reopen", picked), {"reason": ""}).status_code == 400
    assert CaseEvent.objects.filter(case=picked).count() == events


def test_the_whole_flow_through_the_pages_and_the_pdf_has_the_chinese_text(org, picked, tmp_path):
    handler = _client(org.people["agri", "handler"])
    handler.post(
        _url("first-contact", picked),
        {"at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "learned": "已联系", "request_clear": "on"},
    )
    handler.post(_url("reply-draft", picked), SECTIONS)
    handler.post(_url("reply-submit", picked))
    director = _client(org.director.user)
    assert "mediation:completion-sign" not in director.get(_url("case", picked)).content.decode()
    director.post(_url("reply-return", picked), {"reason": "请补充依据条款"})
    picked.refresh_from_db()
    assert picked.status == st.REPLY_DRAFTED
    handler.post(_url("reply-draft", picked), SECTIONS)
    handler.post(_url("reply-submit", picked))
    director.post(_url("completion-sign", picked))
    clerk = _client(org.people["petition", "clerk"])
    clerk.post(_url("reply-deliver", picked), {"method": "in_person", "delivered_on": timezone.localdate().isoformat()})
    clerk.post(
        _url("follow-up", picked),
        {"at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "method": "phone", "satisfaction": "satisfied"},
    )
    clerk.post(_url("close", picked))
    picked.refresh_from_db()
    assert picked.status == st.CLOSED

    response = handler.get(_url("reply-pdf", picked))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    flat = "".join(text.split())
    for needle in (
        "沥海街道社会矛盾纠纷调处化解中心",
        "经现场核实，村道约两百米路面破损。",
        "街道已安排资金，于本月底前修复。",
        "30日内",
        picked.display_code,
        "王大伯",
    ):
        assert "".join(needle.split()) in flat, needle


def test_a_draft_pdf_is_marked_and_a_case_without_reply_has_none(org, picked, tmp_path):
    client = _client(org.people["agri", "handler"])
    assert client.get(_url("reply-pdf", picked)).status_code == 404
    services.case_first_contact_record(case=picked, actor=org.people["agri", "handler"], at=timezone.now(), learned="x")
    services.case_reply_draft(case=picked, actor=org.people["agri", "handler"], sections=SECTIONS)
    text = _pdf_text(client.get(_url("reply-pdf", picked)).content, tmp_path)
    with translation.override("zh-hans"):
        marker = translation.gettext("DRAFT – not signed off")
    assert "".join(marker.split()) in "".join(text.split())


def test_history_is_readable_by_the_discipline_office_and_hidden_from_the_accused_unit(org, picked):
    services.case_first_contact_record(
        case=picked, actor=org.people["agri", "handler"], at=timezone.now(), learned="x", request_clear=False
    )
    response = _client(org.people["discipline", "head"]).get(_url("history", picked))
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("zh-hans"):
        assert event_label("first_contact") in body
        assert event_label("picked") in body
    assert st.STATUS_LABELS[st.IN_PROGRESS] in body  # from → to shown as labels
    assert '"from"' not in body
    assert "first_contact" not in body.replace('data-kind="first_contact"', "")

    conduct = routed_case(
        lead=org.units["discipline"], kind="conduct", is_conduct_complaint=True, accused_units=[org.units["urban"]]
    )
    assert _client(org.people["discipline", "clerk"]).get(_url("history", conduct)).status_code == 200
    for role in ("clerk", "handler", "head"):
        assert _client(org.people["urban", role]).get(_url("history", conduct)).status_code == 404
        assert _client(org.people["urban", role]).get(_url("reply-pdf", conduct)).status_code == 404


def _track(client, case, phone="8000"):
    return client.post(reverse("intake:track"), {"code": case.tracking_code, "phone_last4": phone})


def test_the_reply_appears_on_the_tracking_page_only_once_delivered(org, picked, tmp_path):
    public = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    services.case_first_contact_record(case=picked, actor=org.people["agri", "handler"], at=timezone.now(), learned="x")
    services.case_reply_draft(case=picked, actor=org.people["agri", "handler"], sections=SECTIONS)
    body = _track(public, picked).content.decode()
    assert "经现场核实" not in body
    assert 'data-testid="public-reply"' not in body
    services.case_reply_submit(case=picked, actor=org.people["agri", "handler"])
    services.case_completion_sign(case=picked, actor=org.director.user)
    assert "经现场核实" not in _track(public, picked).content.decode()
    services.case_reply_deliver(
        case=picked, actor=org.people["petition", "clerk"], method="post", delivered_on=timezone.localdate()
    )
    response = _track(public, picked)
    body = response.content.decode()
    assert "经现场核实" in body
    assert "已电话联系" not in body  # internal records stay internal
    link = response.context["public_reply_pdf"]
    assert picked.tracking_code not in link
    pdf = public.get(link)
    assert pdf.status_code == 200
    assert "街道已安排资金" in "".join(_pdf_text(pdf.content, tmp_path).split())
    assert public.get(reverse("mediation:public-reply-pdf", args=[f"{picked.pk}.1"])).status_code == 404
    assert "reply_delivered" not in body  # the timeline names it in words
    with translation.override("zh-hans"):
        assert translation.gettext("The written reply was delivered.") in body
    # A wrong phone shows nothing of it.
    assert "经现场核实" not in _track(public, picked, phone="0000").content.decode()


def test_the_petitioner_reopens_on_the_tracking_page(org, picked):
    _signed_and_delivered(org, picked)
    public = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    form = _track(public, picked).context["public_reopen_form"]
    token = form.initial["token"]
    response = public.post(reverse("mediation:public-reopen"), {"token": token, "reason": ""})
    assert response.status_code == 302
    picked.refresh_from_db()
    assert picked.status == st.REPLIED
    response = public.post(reverse("mediation:public-reopen"), {"token": "forged", "reason": "不满意"})
    assert response.status_code == 302
    picked.refresh_from_db()
    assert picked.status == st.REPLIED
    public.post(reverse("mediation:public-reopen"), {"token": token, "reason": "路还没修"})
    picked.refresh_from_db()
    assert picked.status == st.REOPENED
    event = CaseEvent.objects.get(case=picked, kind="reopened")
    assert event.data["by_petitioner"] is True
    # Once reopened, the form is gone and a second post is refused without a 500.
    assert "public_reopen_form" not in _track(public, picked).context
    assert public.post(reverse("mediation:public-reopen"), {"token": token, "reason": "再次"}).status_code == 302


def test_a_note_to_an_assisting_unit_through_the_page(org):
    case = routed_case(lead=org.units["agri"], assisting=[org.units["east"]])
    handler = org.people["agri", "handler"]
    services.case_pick(case=case, actor=handler)
    client = _client(handler)
    assert 'name="to_unit"' in client.get(_url("case", case)).content.decode()
    response = client.post(_url("note-add", case), {"text": "请协助核实", "to_unit": org.units["east"].pk})
    assert response.status_code == 302
    assert case.handling_notes.get().to_unit == org.units["east"]
    # A unit that does not assist is not a choice: the form refuses it, nothing is written.
    response = client.post(_url("note-add", case), {"text": "x", "to_unit": org.units["urban"].pk})
    assert _messages(response)
    assert case.handling_notes.count() == 1
    assert "请协助核实" in client.get(_url("case", case)).content.decode()


def test_history_shows_times_in_local_time_and_section_names(org, picked, settings):
    at = timezone.now() - timedelta(hours=3)
    services.case_first_contact_record(case=picked, actor=org.people["agri", "handler"], at=at, learned="x")
    services.case_reply_draft(case=picked, actor=org.people["agri", "handler"], sections={"facts": "只写了事实"})
    body = _client(org.director.user).get(_url("history", picked)).content.decode()
    assert timezone.localtime(at).strftime("%Y-%m-%d %H:%M") in body
    with translation.override("zh-hans"):
        assert str(section_labels()["facts"]) in body


def test_the_reopen_form_is_offered_only_within_the_period(org, picked):
    _signed_and_delivered(org, picked)
    clerk = _client(org.people["petition", "clerk"])
    assert _url("reopen", picked) in clerk.get(_url("case", picked)).content.decode()
    Reply.objects.filter(case=picked).update(delivered_on=timezone.localdate() - timedelta(days=40))
    assert _url("reopen", picked) not in clerk.get(_url("case", picked)).content.decode()
    assert "public_reopen_form" not in _track(Client(), picked).context
    response = clerk.post(_url("reopen", picked), {"reason": "不满意"})
    assert response.status_code == 409
    assert _messages(response)
    picked.refresh_from_db()
    assert picked.status == st.REPLIED
