"""The register of mediated disputes (人民调解登记) in the Wagtail admin: who sees it, filters, export."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from peoples_mediation import services
from tests.peoples_mediation.factories import mediating, mediation_case, parties_added

pytestmark = pytest.mark.django_db
LIST = "/admin/mediation-register/"


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def register(org, handler):
    """One mediation agreed, one refused, one still preparing."""
    agreed = mediation_case(org, request="漏水赔偿纠纷甲1")
    _applicant, respondent = mediating(org, agreed)
    today = timezone.localdate()
    services.mediation_agreement_record(
        case=agreed,
        actor=handler,
        facts="漏水",
        dispute="赔偿",
        signed_on=today,
        obligations=[services.ObligationInput(respondent, "赔偿三千元", today)],
    )
    refused = mediation_case(org, request="宅基地边界纠纷乙2")
    applicant, respondent = parties_added(org, refused)
    services.mediation_consent_record(
        case=refused, actor=handler, party=respondent, consent=False, referral="court", note="拒绝调解"
    )
    preparing = mediation_case(org, request="相邻通行纠纷丙3")
    parties_added(org, preparing)
    return {"agreed": agreed, "refused": refused, "preparing": preparing}


def test_the_committee_sees_every_mediation_it_leads(org, register, handler):
    response = _client(handler).get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    for case in register.values():
        assert case.display_code in body
    assert reverse("mediation:case", args=[register["agreed"].tracking_code]) in body
    assert "李师傅" in body


def test_the_director_sees_the_register(org, register):
    body = _client(org.director.user).get(LIST).content.decode()
    assert register["agreed"].display_code in body


def test_another_unit_and_anonymous_do_not(org, register):
    response = _client(org.people["agri", "head"]).get(LIST)
    assert response.status_code in {302, 403}
    assert register["agreed"].display_code not in response.content.decode()
    assert _client(None).get(LIST).status_code == 302


def test_filters_narrow_by_stage_and_referral(org, register, handler):
    body = _client(handler).get(f"{LIST}?stage=agreed").content.decode()
    assert register["agreed"].display_code in body
    assert register["refused"].display_code not in body
    body = _client(handler).get(f"{LIST}?referral=court").content.decode()
    assert register["refused"].display_code in body
    assert register["agreed"].display_code not in body


def test_the_export_is_a_spreadsheet_with_chinese_headers(org, register, handler, zh):
    response = _client(handler).get(f"{LIST}?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "查询码"
    assert "申请人" in rows[0]
    assert len(rows) == 4
    codes = {row[0] for row in rows[1:]}
    assert register["agreed"].display_code in codes
