"""A monthly or quarterly report (月报、季报) of the whole center or of one unit, as a PDF and a workbook.

Asked for on ``/staff/reports/``, written by the background worker (``reports.tasks``), which
records its progress and, on failure, its message. The files are kept under
``PRIVATE_MEDIA_ROOT/reports/`` and served only through the download view, which asks
``reports.access`` every time. Asking again makes a new version: the older ones stay, since a
report that was printed and sent must still be found as it was sent (late follow-up visits and
clocks falling due move a period's figures afterwards).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodReport(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("monthly report")
        QUARTERLY = "quarterly", _("quarterly report")

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("report", "queued")
        RUNNING = "running", _("being written")
        DONE = "done", _("ready")
        FAILED = "failed", pgettext_lazy("report", "failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("first day of the period"))
    unit = models.ForeignKey(
        "departments.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="period_reports",
        help_text=_("Empty for the whole center."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="period_reports", verbose_name=_("asked by")
    )
    requested_at = models.DateTimeField(pgettext_lazy("report", "asked at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    counted_through = models.DateField(_("figures as of"), null=True, blank=True)
    pdf_name = models.CharField(max_length=200, blank=True)
    xlsx_name = models.CharField(max_length=200, blank=True)
    withheld_units = models.JSONField(default=list, blank=True)
    """Units accused in a case the report counts: their members and supervising leaders may not read it."""
    withheld_users = models.JSONField(default=list, blank=True)
    """People accused in a case the report counts: they may not read it."""

    class Meta:
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["kind", "period_start", "unit"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.period_start:%Y-%m} {self.unit_id or 'center'}"
