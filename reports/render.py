"""A report's two files from its sections: the workbook (one sheet per section, after a cover
sheet) with ``ledgers.xlsx``, and the PDF (a cover, then each section's charts and table) with
WeasyPrint, like the center's other printed papers (``mediation.printing``)."""

import datetime
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ledgers.xlsx import Sheet, write_workbook
from mediation.printing import pdf_render
from reports.content import ReportData
from reports.sections import SECTIONS, Rate, Table
from stats.presentation import provisional_text


def _xlsx_cell(value):
    return value.number if isinstance(value, Rate) else value


def _pdf_cell(value):
    if isinstance(value, Rate):
        return value.text
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def cover_rows(data: ReportData) -> list[list]:
    rows = [
        [_("Report"), data.title],
        [pgettext("report", "Scope"), data.scope_name],
        [_("Period"), data.period.code],
        [_("First day"), data.period.start],
        [_("Last day"), data.period.last],
        [_("Figures as of"), data.today],
        [_("Written at"), data.generated_at],
        [_("Asked for by"), data.requested_by],
    ]
    provisional = data.units.total.provisional if data.units else 0
    if provisional:  # due dates in a year whose official schedule is not entered yet
        rows.append([_("Provisional due dates"), provisional_text(provisional)])
    return rows


def build_tables(data: ReportData) -> list[tuple[str, Table]]:
    return [(str(section.title), section.build(data)) for section in SECTIONS]


def write_report_xlsx(out: IO[bytes], data: ReportData, tables: list[tuple[str, Table]]) -> int:
    sheets = [Sheet(_("Cover"), [_("Item"), _("Value")], cover_rows(data), [16, 40])]
    for title, table in tables:
        rows = ([_xlsx_cell(v) for v in row] for row in table.rows)
        sheets.append(Sheet(title, table.headings, rows, table.widths))
    return write_workbook(out, sheets)


def report_pdf(data: ReportData, tables: list[tuple[str, Table]]) -> bytes:
    sections = [
        {
            "title": title,
            "headings": table.headings,
            "rows": [[_pdf_cell(v) for v in row] for row in table.rows],
            "charts": table.charts,
        }
        for title, table in tables
    ]
    return pdf_render(
        "reports/print/report.html",
        {"data": data, "cover": [[label, _pdf_cell(v)] for label, v in cover_rows(data)], "sections": sections},
    )
