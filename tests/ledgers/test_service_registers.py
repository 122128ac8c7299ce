"""The registers of the other services behind the window (issue 16): legal consultations, legal aid,
governance incidents and reports. Each holds its own service's cases only, through THE visibility
rule; its export has the clerks' Chinese headings and dates as dates; a page costs the same number
of queries whatever rows it shows. The reports register never names a reporter, to anyone, and a
report about a unit's conduct never reaches that unit or the leader who supervises it.
"""

import datetime
import re
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import CaseEvent, CaseKind, Petitioner
from cases.selectors import case_list_for_user
from governance.models import GridWorker, Incident, IncidentCategory
from ledgers.registers import LEDGERS
from mediation.models import CaseClock, LegalAidChecklist, LegalConsultation
from tests.factories import UserFactory
from tests.ledgers.conftest import BEIJING
from tests.ledgers.test_visibility import people
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db
CODE = re.compile(r"/staff/cases/(LH[0-9A-Z]{10})/")
SERVICE_LEDGERS = ("legal-consultations", "legal-aid", "governance-incidents", "reports")
REPORTER_NAME, REPORTER_PHONE, REPORTER_ID = "王大伯", "13800138000", "330621195001011234"


def at_beijing(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BEIJING)


def clock(case, name: str, due_on: datetime.date) -> None:
    CaseClock.objects.create(
        case=case,
        clock=name,
        started_on=due_on - datetime.timedelta(days=7),
        due_on=due_on,
        policy_code=name,
        basis="rule",
        explanation="test",
        updated_at=timezone.now(),
    )


def event(case, kind: str, at: datetime.datetime, **data) -> None:
    CaseEvent.objects.create(case=case, kind=kind, at=at, data=data)


def consultation_case(org):
    case = routed_case(
        lead=org.units["legal"],
        service="legal_consultation",
        kind=CaseKind.LEGAL,
        request="邻居占用宅基地怎么办",
        village=org.village,
        received_at=at_beijing(2026, 11, 2, 9, 0),
    )
    LegalConsultation.objects.create(
        case=case,
        unit=org.units["legal"],
        question="邻居占用宅基地怎么办",
        mode=LegalConsultation.Mode.BOOKED,
        advice="可申请村委会调解，或向法院起诉。",
        law_cited="民法典第二百三十六条",
        booked_for=at_beijing(2026, 11, 3, 14, 0),
        lawyer="周律师",
        recorded_by=org.people["legal", "handler"],
        recorded_at=at_beijing(2026, 11, 2, 9, 10),
        held_at=at_beijing(2026, 11, 3, 14, 30),
    )
    event(case, "legal_consultation_held", at_beijing(2026, 11, 3, 14, 30))
    return case


def legal_aid_case(org):
    case = routed_case(
        lead=org.units["legal"],
        service="legal_aid",
        kind=CaseKind.LEGAL,
        request="讨薪诉讼申请法律援助",
        village=org.village,
        received_at=at_beijing(2026, 11, 4, 10, 0),
    )
    LegalAidChecklist.objects.create(
        case=case,
        received=["id_card"],
        complete_at=at_beijing(2026, 11, 5, 23, 30),  # 23:30 in Beijing: still the 5th there
        updated_by=org.people["legal", "handler"],
        updated_at=at_beijing(2026, 11, 5, 23, 30),
    )
    clock(case, "legal_aid_decision", datetime.date(2026, 11, 11))
    event(case, "legal_aid_decided", at_beijing(2026, 11, 6, 0, 20), decision="granted", reason="")
    event(case, "legal_aid_lawyer_assigned", at_beijing(2026, 11, 8, 16, 0), lawyer="钱律师", firm="越城律师事务所")
    return case


def incident_case(org, n: int = 0):
    case = routed_case(
        lead=org.units["agri"],
        service="governance",
        kind=CaseKind.GOVERNANCE,
        request="村口路灯倒伏",
        village=org.village,
        received_at=at_beijing(2026, 11, 6, 8, 0),
    )
    worker = UserFactory(username=f"grid.sun{n}")
    GridWorker.objects.create(user=worker, village=org.village, kind=GridWorker.Kind.GRID_WORKER, phone="13900000001")
    Incident.objects.create(
        case=case,
        reporter=worker,
        village=org.village,
        address="塘角村村口",
        category=IncidentCategory.objects.create(code=f"hazard{n}", name="安全隐患" + (str(n) if n else "")),
        risk_level="high",
        reported_at=at_beijing(2026, 11, 6, 8, 0),
        measure="已扶正路灯并加固。",
        closed_at=at_beijing(2026, 11, 6, 17, 45),
    )
    clock(case, "governance_response", datetime.date(2026, 11, 7))
    return case


def report_cases(org) -> dict:
    """A named report about illegal construction, an anonymous one, and one about the urban office's conduct."""
    u = org.units
    named = routed_case(
        lead=u["agri"],
        service="complaint",
        request="举报违建戊4Q",
        report_category="construction",
        picked_by=org.people["agri", "handler"],
        phone=REPORTER_PHONE,
        received_at=at_beijing(2026, 11, 9, 9, 0),
    )
    Petitioner.objects.filter(case=named).update(id_number=REPORTER_ID)
    anonymous = routed_case(
        lead=u["agri"],
        service="complaint",
        request="举报排污己5R",
        report_category="environment",
        is_anonymous=True,
        passphrase_hash="x",
        phone=REPORTER_PHONE,
    )
    conduct = routed_case(
        lead=u["discipline"],
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[u["urban"]],
        owner=org.leaders["chen"],
        request="举报城建办丙8M",
        service="complaint",
        report_category="other",
        phone=REPORTER_PHONE,
    )
    return {"named_report": named, "anonymous_report": anonymous, "conduct_report": conduct}


@pytest.fixture
def services(org):
    cases = {
        "petition": routed_case(lead=org.units["agri"], request="村道破损甲7K", village=org.village),
        "consultation": consultation_case(org),
        "legal_aid": legal_aid_case(org),
        "incident": incident_case(org),
        **report_cases(org),
    }
    return org, cases


HOLDS = {
    "legal-consultations": {"consultation"},
    "legal-aid": {"legal_aid"},
    "governance-incidents": {"incident"},
    "reports": {"named_report", "anonymous_report", "conduct_report"},
}


def url(slug: str) -> str:
    return f"/admin/ledgers/{slug}/"


def export_rows(client, slug: str, params: dict | None = None) -> list[list]:
    response = client.get(url(slug), {**(params or {}), "export": "xlsx"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return [list(row) for row in load_workbook(BytesIO(content), read_only=True).active.iter_rows(values_only=True)]


def shown_codes(client, slug: str, params: dict | None = None) -> set[str]:
    response = client.get(url(slug), params or {})
    assert response.status_code == 200
    return set(CODE.findall(response.content.decode()))


@pytest.mark.parametrize("slug", SERVICE_LEDGERS)
def test_each_register_holds_its_own_service_only(client, services, slug):
    org, cases = services
    client.force_login(org.director.user)  # sees every case: what is missing is not its register's
    expected = {cases[key].tracking_code for key in HOLDS[slug]}
    assert shown_codes(client, slug) == expected
    rows = export_rows(client, slug)
    assert {row[0].replace("-", "") for row in rows[1:]} == expected
    assert cases["petition"].tracking_code not in shown_codes(client, slug)


@pytest.mark.parametrize("slug", SERVICE_LEDGERS)
def test_each_register_follows_the_visibility_rule(client, services, slug):
    org, _cases = services
    ledger = LEDGERS[slug]
    for name, user in people(org).items():
        client.force_login(user)
        expected = set(case_list_for_user(user).filter(ledger.scope).values_list("tracking_code", flat=True))
        assert shown_codes(client, slug) == expected, (slug, name)
        rows = export_rows(client, slug)
        assert {row[0].replace("-", "") for row in rows[1:]} == expected, (slug, name)


def by_code(rows: list[list], case) -> dict:
    (row,) = [row for row in rows[1:] if row[0] == case.display_code]
    return dict(zip(rows[0], row, strict=True))


def test_the_legal_consultation_register(client, services):
    org, cases = services
    client.force_login(org.people["legal", "head"])
    rows = export_rows(client, "legal-consultations")
    assert rows[0] == [
        "查询码",
        "受理时间",
        "信访人",
        "村",
        "咨询问题",
        "解答意见",
        "引用的法律依据",
        "当场解答或预约",
        "预约时间",
        "值班律师",
        "办结时间",
        "状态",
    ]
    row = by_code(rows, cases["consultation"])
    assert row["受理时间"] == datetime.datetime(2026, 11, 2, 9, 0)  # noqa: DTZ001 - Beijing time, as a time
    assert row["信访人"] == "王大伯"
    assert row["咨询问题"] == "邻居占用宅基地怎么办"
    assert row["解答意见"] == "可申请村委会调解，或向法院起诉。"
    assert row["引用的法律依据"] == "民法典第二百三十六条"
    assert row["当场解答或预约"] == "预约值班律师"
    assert row["预约时间"] == datetime.datetime(2026, 11, 3, 14, 0)  # noqa: DTZ001
    assert row["值班律师"] == "周律师"
    assert row["办结时间"] == datetime.datetime(2026, 11, 3, 14, 30)  # noqa: DTZ001


def test_the_legal_aid_register(client, services):
    org, cases = services
    client.force_login(org.people["legal", "head"])
    rows = export_rows(client, "legal-aid")
    assert rows[0] == [
        "查询码",
        "受理时间",
        "申请人",
        "村",
        "信访事项",
        "材料齐全日期",
        "决定期限",
        "援助决定",
        "决定日期",
        "援助律师",
        "律师事务所",
        "指派律师日期",
        "状态",
    ]
    row = by_code(rows, cases["legal_aid"])
    assert row["申请人"] == "王大伯"
    # Dates are date cells, on Beijing's calendar (00:20 on the 6th is the 5th in UTC).
    assert row["材料齐全日期"] == datetime.datetime(2026, 11, 5)  # noqa: DTZ001
    assert row["决定期限"] == datetime.datetime(2026, 11, 11)  # noqa: DTZ001
    assert row["援助决定"] == "给予法律援助"
    assert row["决定日期"] == datetime.datetime(2026, 11, 6)  # noqa: DTZ001
    assert row["援助律师"] == "钱律师"
    assert row["律师事务所"] == "越城律师事务所"
    assert row["指派律师日期"] == datetime.datetime(2026, 11, 8)  # noqa: DTZ001
    page = client.get(url("legal-aid")).content.decode()
    assert "2026-11-06" in page  # the decision day as a day, not a time


def test_the_governance_incident_register(client, services):
    org, cases = services
    client.force_login(org.director.user)
    rows = export_rows(client, "governance-incidents")
    assert rows[0] == [
        "查询码",
        "上报时间",
        "报告人类别",
        "村",
        "地址",
        "类别",
        "风险等级",
        "信访事项",
        "交办单位",
        "处置期限",
        "办结时间",
        "处置措施",
        "状态",
    ]
    row = by_code(rows, cases["incident"])
    assert row["上报时间"] == datetime.datetime(2026, 11, 6, 8, 0)  # noqa: DTZ001
    assert row["报告人类别"] == "网格员"
    assert row["村"] == "塘角村"
    assert row["地址"] == "塘角村村口"
    assert row["类别"] == "安全隐患"
    assert row["风险等级"] == "高风险"
    assert row["交办单位"] == "农业农村办"
    assert row["处置期限"] == datetime.datetime(2026, 11, 7)  # noqa: DTZ001
    assert row["办结时间"] == datetime.datetime(2026, 11, 6, 17, 45)  # noqa: DTZ001
    assert row["处置措施"] == "已扶正路灯并加固。"


def test_the_report_register(client, services):
    org, cases = services
    client.force_login(org.director.user)
    rows = export_rows(client, "reports")
    assert rows[0] == [
        "查询码",
        "受理时间",
        "渠道",
        "举报类别",
        "实名/匿名",
        "被举报单位",
        "办理单位",
        "状态",
        "答复期限",
        "答复日期",
    ]
    named = by_code(rows, cases["named_report"])
    assert named["受理时间"] == datetime.datetime(2026, 11, 9, 9, 0)  # noqa: DTZ001
    assert named["举报类别"] == "违法建设"
    assert named["实名/匿名"] == "实名"
    assert named["被举报单位"] is None
    assert named["办理单位"] == "农业农村办"
    assert isinstance(named["答复期限"], datetime.datetime)  # a date cell
    assert by_code(rows, cases["anonymous_report"])["实名/匿名"] == "匿名"
    conduct = by_code(rows, cases["conduct_report"])
    assert conduct["被举报单位"] == "城建办"
    assert conduct["办理单位"] == "纪工委"


def test_a_conduct_report_never_reaches_the_unit_it_is_about(client, services):
    org, cases = services
    who = people(org)
    conduct = cases["conduct_report"]
    for name in ("urban.handler", "urban.head", "leader.zhang"):  # its unit, and the leader over it
        client.force_login(who[name])
        page = client.get(url("reports"), {"q": conduct.display_code})
        assert conduct.tracking_code not in set(CODE.findall(page.content.decode())), name
        body = client.get(url("reports")).content.decode()
        assert conduct.request not in body, name
        assert conduct.display_code not in body, name
        rows = export_rows(client, "reports")
        assert all(conduct.display_code != row[0] for row in rows[1:]), name
    client.force_login(who["discipline.handler"])
    assert conduct.tracking_code in shown_codes(client, "reports")


def test_the_report_register_names_no_reporter_to_anyone(client, services):
    """Not even to the report's handlers or the director: they see who reported on the case page."""
    org, cases = services
    who = people(org)
    for name in ("director", "agri.handler", "agri.head", "agri.clerk", "petition.clerk", "discipline.handler"):
        client.force_login(who[name])
        body = client.get(url("reports")).content.decode()
        cells = [str(cell) for row in export_rows(client, "reports") for cell in row if cell is not None]
        csv = b"".join(client.get(url("reports"), {"export": "csv"}).streaming_content).decode("utf-8-sig")
        for secret in (REPORTER_NAME, REPORTER_PHONE, REPORTER_ID):
            assert secret not in body, (name, secret)
            assert all(secret not in cell for cell in cells), (name, secret)
            assert secret not in csv, (name, secret)
            assert not shown_codes(client, "reports", {"q": secret}), (name, secret)  # a search finds nobody
    # The handler still knows who reported, where it belongs: in the petition register.
    client.force_login(who["agri.handler"])
    assert cases["named_report"].tracking_code in shown_codes(client, "petitions", {"q": REPORTER_NAME})


MAKERS = {
    "legal-consultations": lambda org, n: [consultation_case(org)],
    "legal-aid": lambda org, n: [legal_aid_case(org)],
    "governance-incidents": lambda org, n: [incident_case(org, n)],
    "reports": lambda org, n: list(report_cases(org).values()),
}


@pytest.mark.parametrize("slug", SERVICE_LEDGERS)
def test_queries_per_page_do_not_grow_with_the_rows(client, org, slug, django_assert_max_num_queries):
    client.force_login(org.director.user)
    made = []
    for n in range(2):
        made += MAKERS[slug](org, n)
    with django_assert_max_num_queries(100) as captured:
        assert client.get(url(slug)).status_code == 200
    budget = len(captured)
    for n in range(2, 12):
        made += MAKERS[slug](org, n)
    with django_assert_max_num_queries(budget):
        response = client.get(url(slug))
    assert response.context["paginator"].count == len(made) > 10
