"""The reports page (``/staff/reports/``): the reports a person may read, the form to ask for one,
each report's progress (polled by ``static/reports/progress.js``) and its two downloads.

Whoever reads no reports, and a report they may not read, get the same 404; the download asks
``reports.access.may_read`` every time, so a report written before someone lost a role (or before
a complaint named their unit) is never served to them.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.errors import ActionRefused
from reports.access import may_read, readable_q, reader_for
from reports.forms import CENTER, ReportRequestForm
from reports.models import PeriodReport
from reports.services import report_period, report_request, reports_dir
from stats.rules.periods import month_of, neighbours

PAGE_SIZE = 30
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _reader_or_404(request):
    reader = reader_for(request.user)
    if reader is None:
        raise Http404("no reports for this person")
    return reader


def _readable(request, pk):
    reader = _reader_or_404(request)
    report = PeriodReport.objects.select_related("unit").filter(pk=pk).first()
    if report is None or not may_read(reader, report):
        raise Http404("no such report")
    return report


def _rows(reader, page_number):
    reports = PeriodReport.objects.filter(readable_q(reader)).select_related("unit", "requested_by")
    readable = [report for report in reports[:500] if may_read(reader, report)]
    page = Paginator(readable, PAGE_SIZE).get_page(page_number)
    for report in page:
        report.period = report_period(report)
        report.scope_value = str(report.unit_id) if report.unit_id else CENTER
    return page


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    reader = _reader_or_404(request)
    today = timezone.localdate()
    last_month = neighbours(month_of(today))[0]
    form = ReportRequestForm(request.POST or None, reader=reader, today=today, initial={"period": last_month.code})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report_request(
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    period=form.cleaned_data["chosen"],
                    unit=form.cleaned_data["unit"],
                    today=today,
                )
            except ActionRefused as refused:
                form.add_error(None, refused.message)
            else:
                return redirect("reports:list")
        status = 400
    return render(
        request,
        "reports/list.html",
        {"form": form, "page": _rows(reader, request.GET.get("page")), "reader": reader},
        status=status,
    )


@login_required
@require_GET
def report_status(request, pk):
    report = _readable(request, pk)
    body = {"state": report.state, "progress": report.progress}
    if report.state == PeriodReport.State.FAILED:
        body["error"] = report.error
    return JsonResponse(body, headers={"Cache-Control": "private, no-store"})


@login_required
@require_GET
def report_download(request, pk, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404("no such format")
    report = _readable(request, pk)
    name = report.pdf_name if fmt == "pdf" else report.xlsx_name
    if report.state != PeriodReport.State.DONE or not name:
        raise Http404("not ready")
    path = reports_dir() / name
    if not path.is_file():
        raise Http404("file gone")
    scope = report.unit.name if report.unit else _("the whole center")
    filename = f"{scope}-{report.get_kind_display()}-{report_period(report).code}.{fmt}"
    response = FileResponse(open(path, "rb"), as_attachment=fmt == "xlsx", filename=filename)  # noqa: SIM115 - closed by the response
    response["Content-Type"] = CONTENT_TYPES[fmt]
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
