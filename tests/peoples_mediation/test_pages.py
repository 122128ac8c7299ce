"""The mediation section of the case page, its forms and its PDFs, from three sides."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.rules import status as st
from mediation import permissions as case_permissions
from peoples_mediation import services
from peoples_mediation.models import Agreement, Mediation, MediatorChoice, Party, Session
from tests.mediation.factories import routed_case
from tests.pdftools import assert_cjk_fonts_embedded, pdf_text
from tests.peoples_mediation.factories import mediating

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(name, case, *args):
    return reverse(f"peoples_mediation:{name}", args=[case.tracking_code, *args])


def _page(client, case) -> str:
    response = client.get(reverse("mediation:case", args=[case.tracking_code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_case_page_offers_the_mediation_forms_not_the_petition_reply(org, case, handler):
    body = _page(_client(handler), case)
    assert 'data-testid="mediation"' in body
    assert 'data-testid="party-form"' in body
    assert reverse("mediation:reply-draft", args=[case.tracking_code]) not in body
    assert 'id="reply"' not in body
    assert 'href="#mediation"' in body
    actions = case_permissions.handling_actions(handler, case)
    assert "draft_reply" not in actions


def test_a_petition_page_has_no_mediation_section(org, handler):
    petition = routed_case(lead=org.units["mediation"], status=st.IN_PROGRESS, picked_by=handler)
    assert 'data-testid="mediation"' not in _page(_client(handler), petition)


def test_the_director_sees_the_section_without_forms(org, case, handler):
    mediating(org, case)
    body = _page(_client(org.director.user), case)
    assert "王大伯" in body
    assert 'data-testid="schedule-form"' not in body


def test_posting_parties_mediators_and_consent_through_the_page(org, case, handler):
    client = _client(handler)
    for name, side in (("王大伯", "applicant"), ("李师傅", "respondent")):
        response = client.post(
            _url("party-add", case), {"kind": "person", "name": name, "phone": "13800000000", "side": side}
        )
        assert response.status_code == 302
    applicant = Party.objects.get(case=case, name="王大伯")
    refused = client.post(
        _url("mediator-choose", case),
        {"mediator": org.mediators["qian"].pk, "related_party": applicant.pk, "relation": "舅舅"},
        follow=True,
    )
    assert "回避" in refused.content.decode()
    assert not MediatorChoice.objects.filter(case=case).exists()
    client.post(_url("mediator-choose", case), {"mediator": org.mediators["zhao"].pk})
    for party in Party.objects.filter(case=case):
        client.post(_url("consent", case), {"party": party.pk, "decision": "agree"})
    assert Mediation.objects.get(case=case).stage == "mediating"


def test_a_bad_form_says_so_and_stores_nothing(org, case, handler):
    response = _client(handler).post(_url("party-add", case), {"kind": "person", "name": ""}, follow=True)
    assert response.status_code == 200
    assert not Party.objects.filter(case=case).exists()


def test_another_unit_and_anonymous_cannot_post(org, case):
    data = {"kind": "person", "name": "x", "phone": "1", "side": "applicant"}
    assert _client(org.people["agri", "handler"]).post(_url("party-add", case), data).status_code == 404
    assert _client(None).post(_url("party-add", case), data).status_code == 302
    assert not Party.objects.filter(case=case).exists()


def _agreed(org, case, handler):
    _applicant, respondent = mediating(org, case)
    session = services.mediation_session_schedule(
        case=case, actor=handler, at=timezone.now() + timedelta(hours=2), place="中心人民调解室"
    )
    today = timezone.localdate()
    services.mediation_agreement_record(
        case=case,
        actor=handler,
        facts="李师傅装修时损坏防水层，致王大伯家天花板漏水。",
        dispute="漏水损失的赔偿数额及修缮责任。",
        signed_on=today,
        obligations=[services.ObligationInput(respondent, "赔偿修缮费人民币叁仟元整", today + timedelta(days=15))],
    )
    return session


def test_agreement_pdf_has_parties_obligations_and_the_seal_block(org, case, handler, tmp_path):
    _agreed(org, case, handler)
    response = _client(handler).get(_url("agreement-pdf", case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content, tmp_path)
    for needle in (
        "人民调解协议书",
        "王大伯",
        "李师傅",
        "13700137000",
        "赔偿修缮费人民币叁仟元整",
        "街道人民调解委员会",
        "赵调解",
        "第三十三条",
        "印章",
    ):
        assert needle in text, needle
    assert_cjk_fonts_embedded(response.content, tmp_path)


def test_session_notice_and_confirmation_application_pdfs(org, case, handler, tmp_path):
    session = _agreed(org, case, handler)
    party = Party.objects.get(case=case, name="李师傅")
    notice = _client(handler).get(_url("session-notice", case, session.number, party.pk))
    assert notice.status_code == 200
    text = pdf_text(notice.content, tmp_path)
    assert "调解通知书" in text
    assert "中心人民调解室" in text
    application = _client(handler).get(_url("confirmation-pdf", case))
    assert application.status_code == 200
    text = pdf_text(application.content, tmp_path)
    assert "司法确认申请书" in text
    assert "三十日" in text


def test_pdfs_answer_only_those_who_see_the_case(org, case, handler):
    session = _agreed(org, case, handler)
    party = Party.objects.get(case=case, name="李师傅")
    for name, args in (("agreement-pdf", ()), ("confirmation-pdf", ()), ("session-notice", (session.number, party.pk))):
        assert _client(org.director.user).get(_url(name, case, *args)).status_code == 200
        assert _client(org.people["agri", "head"]).get(_url(name, case, *args)).status_code == 404
        assert _client(None).get(_url(name, case, *args)).status_code == 302


def test_no_pdf_before_there_is_an_agreement(org, case, handler):
    assert _client(handler).get(_url("agreement-pdf", case)).status_code == 404
    assert _client(handler).get(_url("session-notice", case, 1, 1)).status_code == 404


def test_the_window_shows_on_the_case_page_with_its_basis(org, case, handler):
    _agreed(org, case, handler)
    body = _page(_client(handler), case)
    assert 'data-clock="judicial_confirmation"' in body
    assert 'data-testid="confirmation-form"' in body
    assert 'data-testid="performance-form"' in body
    assert Session.objects.filter(case=case).count() == 1


def test_the_outcome_forms_post_through_the_page(org, case, handler):
    _applicant, respondent = mediating(org, case)
    client = _client(handler)
    today = timezone.localdate()
    incomplete = client.post(
        _url("agreement-record", case),
        {
            "facts": "漏水",
            "dispute": "赔偿",
            "signed_on": today.isoformat(),
            "party_1": respondent.pk,
            "text_1": "赔偿",
        },
        follow=True,
    )
    assert incomplete.status_code == 200
    assert not Agreement.objects.filter(case=case).exists()
    assert Mediation.objects.get(case=case).stage == "mediating"
    client.post(
        _url("agreement-record", case),
        {
            "facts": "漏水",
            "dispute": "赔偿",
            "signed_on": today.isoformat(),
            "party_1": respondent.pk,
            "text_1": "赔偿三千元",
            "due_1": (today + timedelta(days=10)).isoformat(),
            "party_2": respondent.pk,
            "text_2": "重做防水层",
            "due_2": (today + timedelta(days=20)).isoformat(),
        },
    )
    record = Mediation.objects.get(case=case)
    assert record.stage == "agreed"
    obligations = list(case.mediation_agreement.obligations.order_by("due_on"))
    assert [o.text for o in obligations] == ["赔偿三千元", "重做防水层"]
    data = {"at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "method": "phone", "satisfaction": "satisfied"}
    for o in obligations:
        data[f"performance_{o.pk}"] = "performed"
        data[f"note_{o.pk}"] = "已履行"
    assert client.post(_url("performance-record", case), data).status_code == 302
    case.refresh_from_db()
    assert case.status == st.FOLLOW_UP_DONE
    assert {o.performance for o in case.mediation_agreement.obligations.all()} == {"performed"}
    client.post(_url("confirmation-record", case), {"decision": "waived"})
    case.mediation_agreement.refresh_from_db()
    assert case.mediation_agreement.confirmation == "waived"


def test_failure_posts_through_the_page(org, case, handler):
    mediating(org, case)
    _client(handler).post(_url("failure-record", case), {"referral": "line_office", "note": "属行政处理事项"})
    assert Mediation.objects.get(case=case).referral == "line_office"
    body = _page(_client(handler), case)
    assert 'data-testid="referral"' in body
