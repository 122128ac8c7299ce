"""The director asks for November's report on /staff/reports/, watches it being written by the
background worker (``manage.py db_worker``, run here once it is queued), and downloads the PDF and
the workbook. Photographed (var/screenshots/report-*.png) and scanned with axe-core."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from reports.models import PeriodReport
from tests.browser.day import settled_look
from tests.factories import PASSWORD
from tests.mediation.factories import build_org
from tests.reports.conftest import pdf_text, sheets_of
from tests.stats.scenario import november

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_asks_for_novembers_report_and_downloads_it(
    transactional_db, page, live_server, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path  # the worker here and the server share it (the server forks after)
    org = build_org()
    november(org)
    base = live_server.url
    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill("director")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    page.get_by_role("link", name="报表").click()
    page.wait_for_url("**/staff/reports/")

    form = page.get_by_test_id("report-form")
    form.get_by_label("类型").select_option(label="月报")
    form.get_by_label("期间").fill("2026-11")
    form.get_by_label("统计范围").select_option(label="全中心")
    posted = lambda r: r.request.method == "POST" and r.url.endswith("/staff/reports/")  # noqa: E731
    with page.expect_response(posted) as asked:
        form.get_by_role("button", name="生成报表").click()
    answer = asked.value  # said in full if it fails: a report asked for is a redirect to the list, nothing else
    assert answer.status == 302, (
        f"asking for the report was answered {answer.status} (timing {answer.request.timing}): {answer.text()[:2000]}"
    )
    page.wait_for_load_state()
    row = page.get_by_test_id("reports").locator("tbody tr").first
    expect(row).to_have_attribute("data-state", "queued")
    expect(row.locator("progress")).to_be_visible()
    settled_look(page, "report-queued")

    report = PeriodReport.objects.get()
    assert report.requested_by == org.director.user
    call_command("db_worker", "--batch", "--no-startup-delay")  # the worker takes it and writes it
    report.refresh_from_db()
    assert report.state == "done"
    expect(row).to_have_attribute("data-state", "done", timeout=10000)  # the page polled and reloaded
    expect(row.locator("th")).to_have_text("月报 2026-11")
    expect(row.get_by_test_id("report-state")).to_contain_text("已生成")
    settled_look(page, "report-done")

    with page.expect_download() as xlsx_info:
        row.get_by_role("link", name="Excel").click()
    xlsx = xlsx_info.value
    assert xlsx.suggested_filename == "全中心-月报-2026-11.xlsx"
    sheets = sheets_of(Path(xlsx.path()).read_bytes())
    assert [r[1] for r in sheets["本期主要数据"][1:5]] == [5, 0, 2, 3]
    pdf = page.request.get(base + row.get_by_role("link", name="PDF").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.body())
    assert "全中心 2026-11 月报" in text
    assert "受理 5 已分流 0 已交办 2 已答复 3" in text
    assert page.console_errors == []
