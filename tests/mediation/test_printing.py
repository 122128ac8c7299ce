"""Printed documents of the staff case page: the assignment sheet (交办单) and the warning slip PDF.

Real PDFs: the text is read back with ``pdftotext`` and the fonts with ``pdffonts`` (poppler).
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseKind
from cases.rules import status as st
from mediation import services
from mediation.clocktext import clock_label
from mediation.models import CaseClock, WarningSlip
from tests.mediation.factories import case_new, routed_case
from tests.pdftools import assert_cjk_fonts_embedded, pdf_text

pytestmark = pytest.mark.django_db
CENTER = "沥海街道社会矛盾纠纷调处化解中心"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name, case):
    return reverse(f"mediation:{name}", args=[case.tracking_code])


@pytest.fixture
def signed(org):
    """A case routed to agriculture with the east liaison team assisting, signed out by the director."""
    case = case_new(village=org.village, received_at=timezone.now() - timedelta(hours=2))
    services.case_routing_confirm(
        case=case,
        actor=org.people["petition", "clerk"],
        lead_unit=org.units["agri"],
        assisting_units=[org.units["east"]],
        owner=org.leaders["li"],
        reason="印刷测试",
    )
    services.case_sign_assignment(case=case, actor=org.director.user)
    case.refresh_from_db()
    return case


def test_assignment_sheet_names_the_units_deadlines_and_signature_block(org, signed, tmp_path):
    response = _client(org.people["agri", "head"]).get(_url("assignment-sheet", signed))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content, tmp_path)
    routing = signed.routing
    for needle in (
        CENTER,
        "交办单",
        signed.display_code,
        "农业农村办",  # lead unit
        "东片联村工作组",  # assisting unit
        "王大伯",
        "13800138000",
        "村道破损，请求修复。",
        timezone.localdate(routing.signed_at).strftime("%Y年%-m月%-d日"),
        "签收",
    ):
        assert needle in text, needle
    clocks = list(CaseClock.objects.filter(case=signed, met_at__isnull=True))
    assert clocks, "signing out starts the case's clocks"
    for clock in clocks:
        assert clock_label(clock.clock) in text
        assert clock.due_on.strftime("%Y年%-m月%-d日") in text
    assert_cjk_fonts_embedded(response.content, tmp_path)


def test_assignment_sheet_only_after_the_sign_off_and_only_for_those_who_see_the_case(org, signed):
    for person in (org.people["agri", "handler"], org.people["east", "clerk"], org.director.user):
        assert _client(person).get(_url("assignment-sheet", signed)).status_code == 200
    assert _client(org.people["urban", "head"]).get(_url("assignment-sheet", signed)).status_code == 404
    assert _client(org.outsider).get(_url("assignment-sheet", signed)).status_code == 404
    assert Client().get(_url("assignment-sheet", signed)).status_code == 302
    unsigned = routed_case(lead=org.units["agri"], status=st.ROUTED)
    assert _client(org.director.user).get(_url("assignment-sheet", unsigned)).status_code == 404


def test_a_conduct_complaint_prints_for_the_discipline_office_never_for_the_accused_unit(org):
    conduct = routed_case(
        lead=org.units["discipline"],
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[org.units["urban"]],
        repeat_count=3,
    )
    WarningSlip.objects.create(
        case=conduct,
        year=2026,
        seq=90,
        issued_at=timezone.now(),
        lead_unit=org.units["discipline"],
        reasons=["重复访"],
        reinvestigation_due_on=timezone.localdate() + timedelta(days=9),
    )
    assert _client(org.people["discipline", "handler"]).get(_url("assignment-sheet", conduct)).status_code == 200
    assert _client(org.people["discipline", "handler"]).get(_url("warning-slip-pdf", conduct)).status_code == 200
    for role in ("clerk", "handler", "head"):
        client = _client(org.people["urban", role])
        for name in ("assignment-sheet", "warning-slip-pdf"):
            response = client.get(_url(name, conduct))
            assert response.status_code == 404, (role, name)
            # The 404 page echoes the path asked for; nothing of the case itself.
            assert conduct.request not in response.content.decode()


@pytest.fixture
def escalated(org):
    return routed_case(lead=org.units["agri"], assisting=[org.units["east"]], owner=org.leaders["li"], repeat_count=3)


def test_warning_slip_pdf_carries_number_reasons_people_and_due_date(org, escalated, tmp_path):
    clerk = org.people["petition", "clerk"]
    slip = services.warning_slip_issue(case=escalated, actor=clerk)
    page = _client(clerk).get(_url("case", escalated)).content.decode()
    assert _url("warning-slip-pdf", escalated) in page
    response = _client(org.people["agri", "head"]).get(_url("warning-slip-pdf", escalated))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    names = [p["name"] for p in [*slip.recipients, *slip.copies]]
    assert names
    for needle in (
        "信访事项预警提醒单",
        slip.number,
        escalated.display_code,
        "农业农村办",
        "重复访",
        slip.reinvestigation_due_on.strftime("%Y年%-m月%-d日"),
        "7个工作日内",
        *names,
    ):
        assert needle in text, needle
    assert_cjk_fonts_embedded(response.content, tmp_path)
    # One of the case's slips by id; another id, another unit, no slip: 404.
    own = _client(org.people["agri", "head"])
    assert own.get(_url("warning-slip-pdf", escalated) + f"?slip={slip.pk}").status_code == 200
    assert own.get(_url("warning-slip-pdf", escalated) + "?slip=999999").status_code == 404
    assert own.get(_url("warning-slip-pdf", routed_case(lead=org.units["agri"]))).status_code == 404
    assert _client(org.people["urban", "head"]).get(_url("warning-slip-pdf", escalated)).status_code == 404
    assert Client().get(_url("warning-slip-pdf", escalated)).status_code == 302


def test_the_case_page_links_the_assignment_sheet_once_signed(org, signed):
    client = _client(org.people["agri", "head"])
    assert _url("assignment-sheet", signed) in client.get(_url("case", signed)).content.decode()
    unsigned = routed_case(lead=org.units["agri"], status=st.ROUTED)
    assert (
        _url("assignment-sheet", unsigned)
        not in _client(org.director.user).get(_url("case", unsigned)).content.decode()
    )
