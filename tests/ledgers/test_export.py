"""The ledgers' export: the clerks' layout (Chinese headings, one row per case, dates as dates,
Beijing times), the month filter on Beijing's calendar, rows equal to the page's count, a constant
number of queries per page, and a big export written by the background worker with progress."""

import datetime
import re
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from ledgers import listing
from ledgers.models import LedgerExport
from ledgers.xlsx import write_xlsx
from tests.factories import IMMEDIATE_TASKS, VillageFactory
from tests.ledgers.conftest import BEIJING, PETITION_WORK, in_every_ledger, replied
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db
URL = "/admin/ledgers/petitions/"
CODE = re.compile(r"/staff/cases/(LH[0-9A-Z]{10})/")
HEADINGS = [
    "查询码",
    "受理时间",
    "渠道",
    "信访人",
    "村",
    "信访事项",
    "事项类别",
    "承办单位",
    "牵头领导",
    "答复期限",
    "答复日期",
    "办理结果",
    "状态",
    "回访时间",
    "满意度",
]


def sheet_rows(content: bytes) -> list[list]:
    return [list(row) for row in load_workbook(BytesIO(content), read_only=True).active.iter_rows(values_only=True)]


def export(client, params: dict) -> list[list]:
    response = client.get(URL, {**params, "export": "xlsx"})
    assert response.status_code == 200
    assert "登记台账" in response["Content-Disposition"] or "%E7%99%BB" in response["Content-Disposition"]
    return sheet_rows(b"".join(response.streaming_content))


def at_beijing(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BEIJING)


@pytest.fixture
def month_end(org):
    """Cases around the turn of October and November 2026, Beijing time, in two villages."""
    other = VillageFactory(code="xiaoyue", name="小越村", area=org.area)
    u = org.units

    def case(when, village, request):
        return routed_case(lead=u["agri"], received_at=when, village=village, request=request, owner=org.leaders["li"])

    cases = {
        # 00:30 on 1 November in Beijing is still 31 October in UTC: it is November's.
        "first_minute": case(at_beijing(2026, 11, 1, 0, 30), org.village, "十一月第一件"),
        "last_minute": case(at_beijing(2026, 11, 30, 23, 59), org.village, "十一月最后一件"),
        "october": case(at_beijing(2026, 10, 31, 23, 59), org.village, "十月最后一件"),
        "december": case(at_beijing(2026, 12, 1, 0, 0), org.village, "十二月第一件"),
        "other_village": case(at_beijing(2026, 11, 15, 10, 0), other, "小越村的事"),
    }
    replied(cases["first_minute"], on=datetime.date(2026, 11, 20), by=org.people["agri", "handler"])
    return org, cases


def test_a_month_and_a_village_in_the_clerks_layout(client, month_end):
    org, cases = month_end
    client.force_login(org.people["petition", "clerk"])
    params = {"month": "2026-11", "village": org.village.pk}
    page = client.get(URL, params)
    shown = set(CODE.findall(page.content.decode()))
    assert shown == {cases["first_minute"].tracking_code, cases["last_minute"].tracking_code}
    assert page.context["paginator"].count == 2
    rows = export(client, params)
    assert rows[0] == HEADINGS
    assert len(rows) - 1 == page.context["paginator"].count
    by_code = {row[0]: dict(zip(HEADINGS, row, strict=True)) for row in rows[1:]}
    first = by_code[cases["first_minute"].display_code]
    assert first["受理时间"] == datetime.datetime(2026, 11, 1, 0, 30)  # noqa: DTZ001  # Beijing time, as a time
    assert first["渠道"] == "来访"
    assert first["信访人"] == "王大伯"
    assert first["村"] == "塘角村"
    assert first["信访事项"] == "十一月第一件"
    assert first["承办单位"] == "农业农村办"
    assert first["答复日期"] == datetime.datetime(2026, 11, 20)  # noqa: DTZ001  # a date cell
    assert first["办理结果"] == "已修复村道。"
    assert first["满意度"] == "满意"
    assert isinstance(first["答复期限"], datetime.datetime)
    last = by_code[cases["last_minute"].display_code]
    assert last["受理时间"] == datetime.datetime(2026, 11, 30, 23, 59)  # noqa: DTZ001
    assert last["答复日期"] is None
    assert last["满意度"] is None


def test_csv_holds_the_same_rows(client, month_end):
    org, _cases = month_end
    client.force_login(org.people["petition", "clerk"])
    response = client.get(URL, {"month": "2026-11", "export": "csv"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert lines[0].split(",") == HEADINGS
    assert len(lines) - 1 == 3
    assert "2026-11-01 00:30:00" in "\n".join(lines)


@pytest.mark.parametrize("month", ["2026-13", "11/2026", "abc", "1999-01"])
def test_a_bad_month_is_answered_in_chinese(client, month_end, month):
    org, _cases = month_end
    client.force_login(org.people["petition", "clerk"])
    response = client.get(URL, {"month": month})
    assert response.status_code == 200
    assert "请按“年-月”填写月份" in response.content.decode()


def test_queries_per_page_do_not_grow_with_the_rows(client, org, django_assert_max_num_queries):
    client.force_login(org.people["petition", "clerk"])

    def make(n, start):
        for i in range(n):
            case = routed_case(lead=org.units["agri"], village=org.village, owner=org.leaders["li"])
            in_every_ledger(case, org, seq=start + i)
            replied(case, on=timezone.localdate(), by=org.people["agri", "handler"])

    make(2, 1)
    budgets = {}
    for slug in PETITION_WORK:  # the other services' registers: test_service_registers
        with django_assert_max_num_queries(100) as captured:
            assert client.get(f"/admin/ledgers/{slug}/").status_code == 200
        budgets[slug] = len(captured)
    make(25, 10)
    for slug, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            response = client.get(f"/admin/ledgers/{slug}/")
        assert response.context["paginator"].count == 27


@pytest.fixture
def immediate_tasks(settings):
    """The worker's task run at once, in the test."""
    settings.TASKS = IMMEDIATE_TASKS


def test_a_big_export_runs_in_the_worker_with_progress(
    immediate_tasks, client, month_end, monkeypatch, django_capture_on_commit_callbacks
):
    org, cases = month_end
    monkeypatch.setattr(listing, "SYNC_ROWS", 2)  # a big export is one over this
    clerk = org.people["petition", "clerk"]
    client.force_login(clerk)
    count = client.get(URL, {"month": "2026-11"}).context["paginator"].count
    assert count == 3
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(URL, {"month": "2026-11", "export": "xlsx"})
    assert len(callbacks) == 1
    assert response.status_code == 302
    export = LedgerExport.objects.get()
    assert response["Location"] == f"/admin/ledgers/exports/{export.pk}/"
    assert export.state == LedgerExport.State.DONE
    assert export.rows_done == count
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert 'data-state="done"' in status.content.decode()
    download = client.get(f"/admin/ledgers/exports/{export.pk}/download/")
    rows = sheet_rows(b"".join(download.streaming_content))
    assert rows[0] == HEADINGS
    assert {row[0] for row in rows[1:]} == {
        cases[key].display_code for key in ("first_minute", "last_minute", "other_village")
    }
    # Somebody else's export does not exist for them.
    client.force_login(org.people["agri", "handler"])
    assert client.get(response["Location"]).status_code == 404
    assert client.get(f"/admin/ledgers/exports/{export.pk}/download/").status_code == 404


def test_a_waiting_export_shows_its_progress(client, org):
    clerk = org.people["petition", "clerk"]
    export = LedgerExport.objects.create(
        user=clerk, ledger="petitions", rows_total=40000, rows_done=10000, created_at=timezone.now()
    )
    client.force_login(clerk)
    body = client.get(f"/admin/ledgers/exports/{export.pk}/").content.decode()
    assert "已写入 10000 / 40000 行（25%）" in body
    assert "ledgers/export-progress" in body  # reloads itself while the worker writes
    assert client.get(f"/admin/ledgers/exports/{export.pk}/download/").status_code == 404


def test_the_writer_keeps_awkward_text_and_types():
    out = BytesIO()
    late = datetime.datetime(2026, 2, 28, 23, 59)  # noqa: DTZ001 - a spreadsheet's time has no zone
    rows = [["a<b>&c", 3, datetime.date(2026, 2, 28), late, None, True, "x\x01y"]]
    assert write_xlsx(out, title="登记台账", headings=["一", "二", "三", "四", "五", "六", "七"], rows=rows) == 1
    (head, row) = sheet_rows(out.getvalue())
    assert head == ["一", "二", "三", "四", "五", "六", "七"]
    assert row == [
        "a<b>&c",
        3,
        datetime.datetime(2026, 2, 28),  # noqa: DTZ001
        late,
        None,
        True,
        "xy",
    ]
