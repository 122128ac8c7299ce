"""The petition-office clerk's month end: the petition register (登记台账) narrowed to last month and
one village in the Wagtail admin, exported, and the spreadsheet opened as Excel would read it."""

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from departments.models import Unit, Village
from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot
from tests.browser.day import sign_in
from tests.mediation.factories import routed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def month(transactional_db):
    """The demo, and cases around October 2026 in two villages (Beijing time)."""
    call_command("load_demo", "--quiet-logins")
    unit = Unit.objects.get(code="agriculture")
    here, there = Village.objects.order_by("code")[:2]

    def case(day: datetime.datetime, village, request: str):
        return routed_case(lead=unit, received_at=day, village=village, request=request)

    inside = [
        case(datetime.datetime(2026, 10, 1, 0, 5, tzinfo=BEIJING), here, "月初第一件：村道破损"),
        case(datetime.datetime(2026, 10, 17, 9, 30, tzinfo=BEIJING), here, "月中：灌溉渠堵塞"),
        case(datetime.datetime(2026, 10, 31, 23, 50, tzinfo=BEIJING), here, "月末最后一件：路灯不亮"),
    ]
    outside = [
        case(datetime.datetime(2026, 9, 30, 23, 59, tzinfo=BEIJING), here, "九月的事"),
        case(datetime.datetime(2026, 11, 1, 0, 0, tzinfo=BEIJING), here, "十一月的事"),
        case(datetime.datetime(2026, 10, 12, 10, 0, tzinfo=BEIJING), there, "别村的事"),
    ]
    return here, inside, outside


def test_the_clerk_exports_last_months_register_for_one_village(month, page, live_server):
    village, inside, outside = month
    base = live_server.url
    sign_in(page, base, "petition.clerk")
    page.goto(base + "/admin/")
    page.get_by_role("button", name="台账").click()
    page.get_by_role("link", name="登记台账").click()
    page.wait_for_url("**/admin/ledgers/petitions/")
    page.get_by_role("button", name="显示过滤器").click()
    page.get_by_role("button", name="受理月份").click()
    page.get_by_label("受理月份").fill("2026-10")
    page.get_by_role("button", name="上一步").locator("visible=true").click()  # Wagtail's filter drill-down
    page.get_by_role("button", name="村", exact=True).click()
    page.get_by_label("村", exact=True).select_option(label=village.name)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelectorAll('table.listing tbody tr').length === 3", timeout=10000)
    assert "受理月份: 2026-10" in " ".join(page.locator("body").inner_text().split())  # the active filter
    body = page.locator("table.listing").inner_text()
    for case in inside:
        assert case.display_code in body
    for case in outside:
        assert case.display_code not in body
    assert page.console_errors == []
    assert_accessible(page, "ledger-petitions")
    screenshot(page, "ledger-petitions-month-village")
    page.get_by_role("button", name="动作").click()  # the header's "…" menu holds Wagtail's export links
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载XLSX").click()
    download = download_info.value
    assert download.suggested_filename.startswith("登记台账-")
    content = Path(download.path()).read_bytes()
    sheet = load_workbook(BytesIO(content), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:6] == ["查询码", "受理时间", "渠道", "信访人", "村", "信访事项"]
    assert len(rows) - 1 == 3  # the page's count
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {case.display_code for case in inside}
    first = by_code[inside[0].display_code]
    assert first[1] == datetime.datetime(2026, 10, 1, 0, 5)  # noqa: DTZ001 - Beijing time, as Excel shows it
    assert first[4] == village.name
    assert first[5] == "月初第一件：村道破损"
    assert isinstance(by_code[inside[2].display_code][9], datetime.datetime)  # the reply date, a date cell


def test_a_big_exports_progress_page(month, page, live_server):
    """What the clerk sees while the worker writes a big export, and once it is written."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from ledgers.models import LedgerExport

    clerk = get_user_model().objects.get(username="petition.clerk")
    export = LedgerExport.objects.create(
        user=clerk, ledger="petitions", rows_total=40000, rows_done=10000, created_at=timezone.now()
    )
    sign_in(page, live_server.url, "petition.clerk")
    page.goto(f"{live_server.url}/admin/ledgers/exports/{export.pk}/")
    assert page.get_by_test_id("ledger-export-progress").inner_text() == "已写入 10000 / 40000 行（25%）"
    assert page.locator("progress").get_attribute("value") == "25"
    assert_accessible(page, "ledger-export-running")
    screenshot(page, "ledger-export-running")
    LedgerExport.objects.filter(pk=export.pk).update(state=LedgerExport.State.DONE, rows_done=40000, file_name="x")
    page.reload()  # what the page's own refresh does every two seconds
    assert page.get_by_test_id("ledger-export-download").is_visible()
    screenshot(page, "ledger-export-done")
