"""After the legal-aid decision (issue 16): the lawyer assigned within 3 days, and the written decision as PDF."""

import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cases.errors import ActionRefused
from cases.models import CaseEvent, CaseKind
from cases.rules import status as st
from mediation.models import CaseClock
from mediation.rules import clocks as rules
from mediation.services.clocks import case_clocks_refresh
from mediation.services.legal_aid import case_legal_aid_decide, case_legal_aid_lawyer_assign
from mediation.tasks import run_sweep
from tests.mediation.factories import routed_case
from tests.pdftools import assert_cjk_fonts_embedded, pdf_text

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
MATTER = "用人单位拖欠工资八个月，申请法律援助代理劳动仲裁。"


def at(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=SH)


@pytest.fixture
def application(org):
    case = routed_case(
        lead=org.units["legal"],
        kind=CaseKind.LEGAL,
        service="legal_aid",
        request=MATTER,
        received_at=at(2026, 11, 2),
        assigned_at=at(2026, 11, 2, 11),
        status=st.IN_PROGRESS,
        picked_by=org.people["legal", "handler"],
    )
    case_clocks_refresh(case, at(2026, 11, 2, 11))
    return case


def _lawyer_clock(case):
    return CaseClock.objects.filter(case=case, clock="legal_aid_lawyer").first()


def test_a_grant_starts_the_lawyer_clock_and_the_assignment_meets_it(org, application):
    handler = org.people["legal", "handler"]
    assert _lawyer_clock(application) is None
    case_legal_aid_decide(case=application, actor=handler, granted=True, now=at(2026, 11, 4))
    clock = _lawyer_clock(application)
    # Granted on Wednesday 4 November: the third day, Saturday 7 November, moves to Monday the 9th.
    assert (clock.started_on.isoformat(), clock.due_on.isoformat()) == ("2026-11-04", "2026-11-09")
    assert clock.met_at is None
    recorded = case_legal_aid_lawyer_assign(
        case=application, actor=handler, lawyer="林律师", firm="沥海律师事务所", now=at(2026, 11, 5)
    )
    assert recorded.public is True
    assert recorded.data["lawyer"] == "林律师"
    clock.refresh_from_db()
    assert clock.met_at == at(2026, 11, 5)
    run_sweep(at(2026, 11, 20))
    clock.refresh_from_db()
    assert clock.state == rules.MET


def test_a_lawyer_not_assigned_in_3_days_goes_overdue(org, application):
    case_legal_aid_decide(case=application, actor=org.people["legal", "head"], granted=True, now=at(2026, 11, 4))
    run_sweep(at(2026, 11, 10))
    assert _lawyer_clock(application).state == rules.OVERDUE


def test_a_refusal_starts_no_lawyer_clock(org, application):
    case_legal_aid_decide(
        case=application,
        actor=org.people["legal", "head"],
        granted=False,
        reason="不符合经济困难条件",
        now=at(2026, 11, 4),
    )
    assert _lawyer_clock(application) is None
    with pytest.raises(ActionRefused) as refused:
        case_legal_aid_lawyer_assign(case=application, actor=org.people["legal", "head"], lawyer="林律师")
    assert refused.value.code == "not_granted"


@pytest.mark.parametrize(
    ("who", "granted", "lawyer", "code"),
    [
        ("director", True, "林律师", "role_not_allowed"),
        ("legal-handler", False, "林律师", "not_granted"),
        ("legal-handler", True, "  ", "required"),
    ],
)
def test_a_refused_assignment_stores_nothing(org, application, who, granted, lawyer, code):
    handler = org.people["legal", "handler"]
    if granted:
        case_legal_aid_decide(case=application, actor=handler, granted=True, now=at(2026, 11, 4))
    actor = org.director.user if who == "director" else handler
    with pytest.raises(ActionRefused) as refused:
        case_legal_aid_lawyer_assign(case=application, actor=actor, lawyer=lawyer, now=at(2026, 11, 5))
    assert refused.value.code == code
    assert not CaseEvent.objects.filter(case=application, kind="legal_aid_lawyer_assigned").exists()


def test_the_lawyer_is_assigned_once(org, application):
    handler = org.people["legal", "handler"]
    case_legal_aid_decide(case=application, actor=handler, granted=True, now=at(2026, 11, 4))
    case_legal_aid_lawyer_assign(case=application, actor=handler, lawyer="林律师", now=at(2026, 11, 5))
    with pytest.raises(ActionRefused) as refused:
        case_legal_aid_lawyer_assign(case=application, actor=handler, lawyer="王律师", now=at(2026, 11, 5))
    assert refused.value.code == "already_assigned"


def test_the_case_page_offers_the_assignment_and_the_decision_pdf(org, application):
    handler = org.people["legal", "handler"]
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(handler)
    case_url = reverse("mediation:case", args=[application.tracking_code])
    lawyer_url = reverse("mediation:legal-aid-lawyer", args=[application.tracking_code])
    pdf_url = reverse("mediation:legal-aid-decision-pdf", args=[application.tracking_code])
    body = client.get(case_url).content.decode()
    assert lawyer_url not in body
    assert pdf_url not in body
    assert client.get(pdf_url).status_code == 404
    case_legal_aid_decide(case=application, actor=handler, granted=True)
    body = client.get(case_url).content.decode()
    assert lawyer_url in body
    assert pdf_url in body
    assert client.post(lawyer_url, {"lawyer": "林律师", "firm": "沥海律师事务所"}).status_code == 302
    body = client.get(case_url).content.decode()
    assert lawyer_url not in body
    assert "林律师" in body
    public = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    tracked = public.post(reverse("intake:track"), {"code": application.tracking_code, "phone_last4": "8000"})
    assert "林律师" in tracked.content.decode()


def test_other_units_get_no_decision_pdf(org, application):
    case_legal_aid_decide(case=application, actor=org.people["legal", "head"], granted=True)
    client = Client()
    client.force_login(org.people["agri", "head"])
    assert client.get(reverse("mediation:legal-aid-decision-pdf", args=[application.tracking_code])).status_code == 404


def _png(content: bytes, name: str) -> Path:
    """The first page as a PNG under var/screenshots, to look at."""
    out = Path(settings.BASE_DIR) / "var" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / f"{name}.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(out / name)], check=True)
    pdf.unlink()
    return out / f"{name}.png"


@pytest.mark.parametrize("granted", [True, False])
def test_the_written_decision_as_pdf(org, application, tmp_path, granted):
    head = org.people["legal", "head"]
    reason = "申请人家庭人均收入高于本地经济困难标准"
    case_legal_aid_decide(case=application, actor=head, granted=granted, reason="" if granted else reason)
    if granted:
        case_legal_aid_lawyer_assign(case=application, actor=head, lawyer="林律师", firm="沥海律师事务所")
    client = Client()
    client.force_login(org.people["legal", "handler"])
    response = client.get(reverse("mediation:legal-aid-decision-pdf", args=[application.tracking_code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = "".join(pdf_text(response.content, tmp_path).split())
    title = "给予法律援助决定书" if granted else "不予法律援助决定书"
    assert title in text
    assert "司法所" in text
    assert MATTER in text
    assert "王大伯" in text
    assert "第四十三条" in text
    if granted:
        assert "沥海律师事务所林律师" in text
    else:
        assert reason in text
        assert "第四十九条" in text
    assert_cjk_fonts_embedded(response.content, tmp_path)
    assert _png(response.content, f"legal-aid-decision-{'granted' if granted else 'refused'}").exists()


def test_a_refusal_and_the_lawyer_end_the_application_without_the_petition_steps(org, application):
    from cases.models import Case

    handler = org.people["legal", "handler"]
    case_legal_aid_decide(case=application, actor=handler, granted=True, now=at(2026, 11, 4))
    assert Case.objects.get(pk=application.pk).status == st.IN_PROGRESS  # waiting for the lawyer
    case_legal_aid_lawyer_assign(case=application, actor=handler, lawyer="林律师", now=at(2026, 11, 5))
    assert Case.objects.get(pk=application.pk).status == st.CLOSED
    open_clocks = CaseClock.objects.filter(case=application, met_at__isnull=True).values_list("clock", flat=True)
    assert list(open_clocks) == []

    refused = routed_case(
        lead=org.units["legal"], service="legal_aid", status=st.IN_PROGRESS, picked_by=handler, kind=CaseKind.LEGAL
    )
    case_legal_aid_decide(case=refused, actor=handler, granted=False, reason="经济状况不符合条件")
    assert Case.objects.get(pk=refused.pk).status == st.CLOSED
