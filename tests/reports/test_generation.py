"""A monthly and a quarterly report written by the worker from a known month (``tests.stats.scenario``):
the numbers in the workbook and in the PDF are the statistics page's, sheet by sheet."""

import datetime
import re
from pathlib import Path

import pytest
from django.test import Client

from reports.models import PeriodReport
from reports.sections import SECTIONS
from stats.dimensions import BY_CODE
from stats.models import ScoreTotal
from stats.presentation import COUNTS
from stats.rules.periods import period_parse
from stats.scope import stats_scope_for
from stats.selectors.breakdown import figures_by
from stats.services import score_period_compute
from tests.reports.conftest import body, client_for, pdf_text, sheets_of
from tests.stats.scenario import november

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LABELS_ZH = ["受理", "已分流", "已交办", "已答复", "已办结", "重新启动", "重复访", "越级访"]


def _page_total(client: Client, period: str) -> list[int]:
    html = client.get("/staff/stats/", {"period": period}).content.decode()
    total = re.search(r'data-testid="figures-total">(.*?)</tr>', html, re.S)[1]
    return [int(n) for n in re.findall(r"<td>(?:<a [^>]*>)?(\d+)", total)]


def _files(client: Client, report: PeriodReport) -> tuple[dict, str]:
    xlsx = client.get(f"/staff/reports/{report.pk}/xlsx/")
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].startswith("attachment")
    pdf = client.get(f"/staff/reports/{report.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    content = body(pdf)
    assert content.startswith(b"%PDF")
    SAMPLES.mkdir(parents=True, exist_ok=True)
    (SAMPLES / f"report-{report.kind}.pdf").write_bytes(content)  # to look at
    return sheets_of(body(xlsx)), pdf_text(content)


def test_the_monthly_report_holds_the_stats_pages_figures(org, ask):
    november(org)
    director = org.director.user
    response = ask(director, kind="monthly", period="2026-11", scope="center")
    assert response.status_code == 302
    report = PeriodReport.objects.get()
    assert (report.state, report.progress, report.error) == ("done", 100, "")
    client = client_for(director)
    sheets, text = _files(client, report)
    assert (
        list(sheets)
        == ["封面", *[str(s.title) for s in SECTIONS]]
        == [
            "封面",
            "本期主要数据",
            "目标达成情况",
            "逐月趋势",
            "分承办单位",
            "分村（居）",
            "办理时限",
            "单位与村（居）考核",
        ]
    )
    assert sheets["单位与村（居）考核"][1][0] == "各单位、各村按季度和年度考核，不按月考核。"
    page = _page_total(client, "2026-11")
    figures = sheets["本期主要数据"]
    assert figures[0] == ["指标", "件数"]
    assert [row[1] for row in figures[1:]] == page == [5, 0, 2, 3, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    assert [row[0] for row in figures[1:9]] == LABELS_ZH
    total = figures_by(
        stats_scope_for(director), period_parse("2026-11"), BY_CODE["unit"], today=report.counted_through
    )
    assert page == [total.total.counts[code] for code in COUNTS]
    cover = dict(row for row in sheets["封面"][1:])
    assert cover["起始日期"] == datetime.datetime(2026, 11, 1)  # noqa: DTZ001 - a date cell, as Excel reads it
    assert cover["截止日期"] == datetime.datetime(2026, 11, 30)  # noqa: DTZ001
    assert isinstance(cover["生成时间"], datetime.datetime)
    targets = {row[0]: row[1:] for row in sheets["目标达成情况"][1:]}
    assert targets["代办率"] == [20.0, "50.0%", "未达标", 4]  # D of the five, as the page says
    assert targets["办结率"] == [50.0, "100.0%", "未达标", 2]
    units = {row[0]: row for row in sheets["分承办单位"][1:]}
    assert units["农业农村办"][1:3] == [2, 2]  # A and G received; A and B replied
    assert units["合计"][1] == 5
    months = sheets["逐月趋势"]
    assert len(months) == 13  # the heading and twelve months
    assert months[-1][:4] == ["2026-11", 5, 3, 0]
    # The PDF says the same: the title, each figure with its number, the targets' verdicts.
    assert "全中心 2026-11 月报" in text
    assert "受理 5 已分流 0 已交办 2 已答复 3" in text
    assert "代办率 20.0% 50.0% 未达标 4" in text
    assert "办结率 50.0% 100.0% 未达标 2" in text
    assert "逐月件数" in text  # the charts' captions; the charts are inline SVG drawn by WeasyPrint
    assert "逐月比率" in text
    assert text.count("2026-11 5 3 0") == 1  # the trend table's row under its charts


def test_the_quarterly_report_holds_the_quarters_figures(org, ask):
    november(org)
    director = org.director.user
    assert ask(director, kind="quarterly", period="2026-Q4", scope="center").status_code == 302
    report = PeriodReport.objects.get()
    assert report.state == "done"
    assert report.period_start == datetime.date(2026, 10, 1)
    client = client_for(director)
    sheets, text = _files(client, report)
    page = _page_total(client, "2026-Q4")
    assert [row[1] for row in sheets["本期主要数据"][1:]] == page
    assert page[0] == 7  # B (31 October), A, C, D, F, G and E (1 December)
    assert [row[0] for row in sheets["逐月趋势"][1:]] == ["2026-10", "2026-11", "2026-12"]
    assert "全中心 2026-Q4 季报" in text
    assert f"受理 {page[0]} 已分流 {page[1]} 已交办 {page[2]}" in text
    assert sheets["单位与村（居）考核"][1][0] == "本期考核分数尚未计算。"


def test_a_scored_quarter_prints_its_scores(org, ask):
    """The center's report lists every unit's and village's stored score, a unit's report its own row."""
    november(org)
    director = org.director.user
    period = score_period_compute(actor=director, code="2026-Q4")
    totals = {t.name: float(t.total) for t in ScoreTotal.objects.filter(period=period)}
    assert ask(director, kind="quarterly", period="2026-Q4", scope="center").status_code == 302
    sheets, text = _files(client_for(director), PeriodReport.objects.get())
    rows = sheets["单位与村（居）考核"]
    assert rows[0] == ["单位或村（居）", "基础分", "扣分", "加分", "调整", "得分"]
    assert {row[0]: row[5] for row in rows[1:-1]} == totals
    assert rows[-1][0] == "2026-Q4考核分数：草稿，仍可能变动"
    agri = org.units["agri"]
    assert ask(director, kind="quarterly", period="2026-Q4", scope=str(agri.pk)).status_code == 302
    own = sheets_of(
        body(client_for(director).get(f"/staff/reports/{PeriodReport.objects.latest('requested_at').pk}/xlsx/"))
    )
    assert [row[0] for row in own["单位与村（居）考核"][1:-1]] == [agri.name]


def test_writing_again_makes_a_new_version_and_keeps_the_old(org, ask):
    november(org)
    director = org.director.user
    ask(director, kind="monthly", period="2026-11", scope=str(org.units["agri"].pk))
    ask(director, kind="monthly", period="2026-11", scope=str(org.units["agri"].pk))
    first, second = PeriodReport.objects.order_by("requested_at")
    assert first.pk != second.pk
    assert first.state == second.state == "done"
    client = client_for(director)
    assert (
        sheets_of(body(client.get(f"/staff/reports/{first.pk}/xlsx/")))["本期主要数据"]
        == sheets_of(body(client.get(f"/staff/reports/{second.pk}/xlsx/")))["本期主要数据"]
    )
    html = client.get("/staff/reports/").content.decode()
    assert html.count('data-state="done"') == 2
    assert html.count('<button type="submit">重新生成</button>') == 2


def test_the_progress_is_read_while_the_worker_writes(org):
    """With the real (database) backend the report waits for the worker: the page polls its status."""
    november(org)
    client = client_for(org.director.user)
    response = client.post("/staff/reports/", {"kind": "monthly", "period": "2026-11", "scope": "center"})
    assert response.status_code == 302
    report = PeriodReport.objects.get()
    assert report.state == "queued"
    status = client.get(f"/staff/reports/{report.pk}/status/").json()
    assert status == {"state": "queued", "progress": 0}
    html = client.get("/staff/reports/").content.decode()
    assert f'data-status-url="/staff/reports/{report.pk}/status/"' in html
    assert "reports/progress.js" in html
    assert "排队中" in html
    assert client.get(f"/staff/reports/{report.pk}/pdf/").status_code == 404  # not written yet
