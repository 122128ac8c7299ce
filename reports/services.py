"""Writes of the reports: asking for one (checked, recorded, queued for the worker once committed),
and the worker's writing it with its progress, its failure recorded with a message."""

import logging
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, NotAllowed
from departments.models import Unit
from reports.access import reader_for, report_scope, withheld
from reports.content import ReportData, report_data
from reports.models import PeriodReport
from reports.render import build_tables, report_pdf, write_report_xlsx
from stats.rules.periods import MONTH, QUARTER, Period, month_of, quarter_of

logger = logging.getLogger(__name__)
PERIOD_KIND = {PeriodReport.Kind.MONTHLY: MONTH, PeriodReport.Kind.QUARTERLY: QUARTER}


class ReportFailed(Exception):
    """The worker cannot write the report; the message is recorded for the people who asked."""


def reports_dir() -> Path:
    path = Path(settings.PRIVATE_MEDIA_ROOT) / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def report_period(report: PeriodReport) -> Period:
    of = month_of if report.kind == PeriodReport.Kind.MONTHLY else quarter_of
    return of(report.period_start)


@transaction.atomic
def report_request(*, user, kind: str, period: Period, unit: Unit | None, today: date) -> PeriodReport:
    """A report for ``user``: recorded now, written by the worker once the record is committed.

    Asking again for the same kind, period and scope makes a new version; the older ones stay.
    """
    from reports.tasks import report_generate_task  # deferred: the task module imports this one

    reader = reader_for(user)
    if reader is None or not reader.may_choose(unit.pk if unit else None):
        raise NotAllowed(_("You may not ask for a report of this scope."))
    if kind not in PERIOD_KIND:
        raise ActionRefused(_("Choose a monthly or a quarterly report."), code="unknown_kind")
    if period.kind != PERIOD_KIND[kind]:
        raise ActionRefused(_("A monthly report is of a month, a quarterly report of a quarter."), code="wrong_period")
    if period.start > today:
        raise ActionRefused(_("This period has not begun yet."), code="future_period")
    report = PeriodReport.objects.create(
        kind=kind, period_start=period.start, unit=unit, requested_by=user, requested_at=timezone.now()
    )
    transaction.on_commit(lambda: report_generate_task.enqueue(str(report.pk)))
    return report


def _write(report: PeriodReport, progress, today: date) -> dict:
    """The files of the report, step by step; the fields to record once they are written."""
    user = get_user_model().objects.get(pk=report.requested_by_id)  # a fresh object: no standing cached
    reader = reader_for(user)
    if reader is None or not reader.may_choose(report.unit_id):
        raise ReportFailed(_("The person who asked for this report no longer reads reports of its scope."))
    scope = report_scope(reader, report.unit_id)
    data = ReportData(
        period=report_period(report),
        kind_label=str(report.get_kind_display()),
        scope_name=report.unit.name if report.unit else _("the whole center"),
        requested_by=user.get_full_name() or user.get_username(),
        generated_at=timezone.localtime().replace(tzinfo=None, second=0, microsecond=0),
        today=today,
        unit_id=report.unit_id,
    )
    report_data(data, scope, on_step=lambda n, total: progress.update(progress=10 + 50 * n // total))
    units, users = withheld(scope)
    tables = build_tables(data)
    progress.update(progress=65)
    with open(reports_dir() / f"{report.pk}.xlsx", "wb") as out:
        write_report_xlsx(out, data, tables)
    progress.update(progress=75)
    (reports_dir() / f"{report.pk}.pdf").write_bytes(report_pdf(data, tables))
    return {
        "xlsx_name": f"{report.pk}.xlsx",
        "pdf_name": f"{report.pk}.pdf",
        "withheld_units": units,
        "withheld_users": users,
        "counted_through": today,
    }


def report_generate(*, report_id) -> PeriodReport:
    """Write the report's files in Simplified Chinese, recording the progress as it goes.

    Not one transaction: the progress must be visible while the report is written. A failure marks
    the report failed with its message and leaves no file behind.
    """
    report = PeriodReport.objects.select_related("unit").get(pk=report_id)
    if report.state != PeriodReport.State.QUEUED:
        return report
    progress = PeriodReport.objects.filter(pk=report.pk)
    progress.update(state=PeriodReport.State.RUNNING, progress=5)
    try:
        with translation.override("zh-hans"):
            done = _write(report, progress, timezone.localdate())
    except Exception as error:
        logger.exception("period report %s failed", report.pk)
        for suffix in ("xlsx", "pdf"):
            (reports_dir() / f"{report.pk}.{suffix}").unlink(missing_ok=True)
        message = str(error) if isinstance(error, ReportFailed) else f"{type(error).__name__}: {error}"
        progress.update(state=PeriodReport.State.FAILED, error=message[:2000], finished_at=timezone.now())
    else:
        progress.update(state=PeriodReport.State.DONE, progress=100, finished_at=timezone.now(), **done)
    report.refresh_from_db()
    return report
