"""Reports filed online go to the competent unit of their category (issue 16): the proposal names
it, with the reason; a conduct report still goes to the discipline office; a petition has no
report category."""

import re

import pytest

from cases.models import Case, CaseKind
from tests.intake.conftest import online_payload

pytestmark = pytest.mark.django_db


def _file(client, **overrides) -> Case:
    token = re.search(r'name="token" value="([^"]+)"', client.get("/file/").content.decode()).group(1)
    payload = online_payload(token=token, service="complaint", request="村东化工厂夜间偷排废水，河水发黑。")
    payload.update(overrides)
    response = client.post("/file/", payload)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.select_related("routing", "routing__line_office").get()


def test_a_pollution_report_is_proposed_to_the_ecology_office(client, demo):
    case = _file(client, report_category="environment")
    assert case.report_category == "environment"
    assert case.routing.kind == CaseKind.POLICY
    assert case.routing.line_office.code == "ecology"
    assert case.routing.proposal["lead_unit"] == "ecology"
    assert any("环境污染" in reason for reason in case.routing.proposal["reasons"])


def test_a_public_order_report_is_proposed_to_the_governance_office(client, demo):
    case = _file(client, report_category="public_order", request="村口棋牌室聚众赌博。")
    assert case.routing.kind == CaseKind.GOVERNANCE
    assert case.routing.proposal["lead_unit"] == "governance-office"


def test_an_anonymous_report_is_routed_by_its_category_too(client, demo):
    case = _file(
        client,
        report_category="construction",
        name="",
        phone="",
        anonymous="on",
        passphrase="river-bank-2026",
        passphrase_confirm="river-bank-2026",
    )
    assert case.is_anonymous
    assert case.routing.proposal["lead_unit"] == "urban-construction"


def test_a_conduct_report_goes_to_the_discipline_office_whatever_its_category(client, demo):
    case = _file(client, report_category="environment", is_conduct_complaint="on", accused_description="生态办某干部")
    assert case.routing.kind == CaseKind.CONDUCT
    assert case.routing.proposal["lead_unit"] == "discipline-office"


def test_a_report_without_a_category_routes_as_before(client, demo):
    case = _file(client, report_category="")
    assert case.routing.kind == CaseKind.EXECUTION
    assert not any("举报分流表" in reason for reason in case.routing.proposal["reasons"])


def test_a_petition_keeps_no_report_category(client, demo):
    case = _file(client, service="petition", report_category="environment")
    assert case.report_category == ""
    assert not any("举报分流表" in reason for reason in case.routing.proposal["reasons"])


def test_an_unknown_category_gets_a_chinese_message_and_stores_nothing(client, demo):
    token = re.search(r'name="token" value="([^"]+)"', client.get("/file/").content.decode()).group(1)
    response = client.post("/file/", online_payload(token=token, service="complaint", report_category="weather"))
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Case.objects.exists()


def test_the_categories_of_the_record_and_of_the_rules_agree():
    from cases.models import ReportCategory
    from mediation.rules.routing.reports import REPORT_CATEGORIES

    assert set(ReportCategory.values) == REPORT_CATEGORIES


def test_a_row_kept_in_the_admin_overrides_the_default_unit(client, demo):
    from cases.models import ReportRoute
    from departments.models import Unit

    ReportRoute.objects.create(category="environment", unit=Unit.objects.get(code="agriculture"))
    case = _file(client, report_category="environment")
    assert case.routing.line_office.code == "agriculture"
    assert case.routing.proposal["lead_unit"] == "agriculture"


def test_a_row_naming_a_unit_since_deactivated_leaves_the_report_to_the_clerk(client, demo):
    from cases.models import ReportRoute
    from departments.models import Unit

    unit = Unit.objects.get(code="economic-development")
    ReportRoute.objects.create(category="environment", unit=unit)
    Unit.objects.filter(pk=unit.pk).update(is_active=False)
    case = _file(client, report_category="environment")
    assert case.routing.kind == CaseKind.EXECUTION
    assert not any("举报分流表" in reason for reason in case.routing.proposal["reasons"])


def test_the_report_routing_table_is_kept_in_the_admin(client, demo, django_user_model):
    from cases.models import REPORT_UNIT_KINDS
    from mediation.rules.routing.reports import KIND_FOR_UNIT

    assert set(REPORT_UNIT_KINDS) == set(KIND_FOR_UNIT)
    admin = django_user_model.objects.create_superuser("site.admin", password="x-Long-enough-2026")
    client.force_login(admin)
    page = client.get("/admin/snippets/cases/reportroute/add/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "举报类别" in page.content.decode()
    response = client.post(
        "/admin/snippets/cases/reportroute/add/",
        {"category": "environment", "unit": demo_unit("agriculture").pk},
    )
    assert response.status_code == 302
    from cases.models import ReportRoute

    assert ReportRoute.objects.get().unit.code == "agriculture"
    staff = django_user_model.objects.get(username="agri.head")
    client.force_login(staff)
    assert client.get("/admin/snippets/cases/reportroute/add/").status_code in {302, 403}


def demo_unit(code):
    from departments.models import Unit

    return Unit.objects.get(code=code)
