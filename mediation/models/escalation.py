"""Escalated cases: the warning slip and its numbering, the re-investigation report, the five
ownership duties and the case conference (issue 5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mediation.rules.oversight import slip_number


class WarningSlipCounter(models.Model):
    """The last warning slip number given out in a year (numbers are taken under a row lock)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class WarningSlip(models.Model):
    """信访事项预警提醒单 (二（二））: issued by the petition office for an escalated case.

    Open until the lead unit's re-investigation report is signed by the supervising leader.
    ``recipients`` and ``copies`` keep who it went to as issued: ``[{"id": user pk, "name": ...}]``.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="warning_slips")
    year = models.PositiveIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("number in the year"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.JSONField(_("reasons"), default=list)
    lead_unit = models.ForeignKey(
        "departments.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    recipients = models.JSONField(_("sent to"), default=list)
    copies = models.JSONField(_("copied to"), default=list)
    reinvestigation_due_on = models.DateField(_("re-investigation due"))
    reinvestigation_provisional = models.BooleanField(default=False)
    reinvestigation_basis = models.CharField(max_length=300, blank=True)
    overdue_at = models.DateTimeField(_("marked overdue at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("warning slip")
        verbose_name_plural = _("warning slips")
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "seq"], name="warning_slip_number"),
            models.UniqueConstraint(fields=["case"], condition=Q(closed_at__isnull=True), name="one_open_warning_slip"),
        ]
        indexes = [
            models.Index(
                fields=["reinvestigation_due_on"], condition=Q(closed_at__isnull=True), name="warning_slip_open_due"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return slip_number(self.year, self.seq)


class ReinvestigationReport(models.Model):
    """The lead unit's re-investigation (二（二））: analysis, resolution and stabilisation plans.

    The supervising leader (or area chief) signs it, which closes the slip, or returns it with a
    reason; the unit then files a new report. At most one report per slip waits for a decision.
    """

    slip = models.ForeignKey(WarningSlip, on_delete=models.CASCADE, related_name="reports")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reinvestigation_reports")
    analysis = models.TextField(_("analysis of the causes"), max_length=5000)
    resolution_plan = models.TextField(_("resolution plan"), max_length=5000)
    stabilisation_plan = models.TextField(_("stabilisation plan"), max_length=5000)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("filed at"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("re-investigation report")
        verbose_name_plural = _("re-investigation reports")
        ordering = ["filed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slip"],
                condition=Q(signed_at__isnull=True, returned_at__isnull=True),
                name="one_pending_reinvestigation_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slip_id} {self.filed_at:%Y-%m-%d}"

    @property
    def pending(self) -> bool:
        return self.signed_at is None and self.returned_at is None


class OwnershipDuty(models.Model):
    """One of the five duties (五包, 二（四）) done by the owning leader, with its date and a note."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="ownership_duties")
    owner = models.ForeignKey(
        "departments.Leader", verbose_name=_("owning leader"), on_delete=models.PROTECT, related_name="+"
    )
    duty = models.CharField(_("duty"), max_length=20)
    done_on = models.DateField(_("done on"))
    note = models.TextField(_("note"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("ownership duty")
        verbose_name_plural = _("ownership duties")
        ordering = ["done_on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.duty} {self.done_on}"


class CaseConference(models.Model):
    """专题分析会 (二（四））: the owning leader's meeting on one hard case, and what it decided."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="conferences")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees"), blank=True, related_name="+"
    )
    other_attendees = models.CharField(_("other attendees"), max_length=500, blank=True)
    analysis = models.TextField(_("analysis"), max_length=5000)
    decisions = models.TextField(_("decisions"), max_length=5000)
    follow_up_actions = models.JSONField(_("follow-up actions"), default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"


class ProactiveAppointment(models.Model):
    """主动约访 (二（四））: the owning leader meets the petitioner to hear them, or offers to.

    "Made or offered": an offer the petitioner declined counts, with what they said; an anonymous
    report has nobody to meet and takes none.
    """

    class Outcome(models.TextChoices):
        HELD = "held", _("met the petitioner")
        DECLINED = "declined", _("offered; the petitioner declined")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="proactive_appointments")
    owner = models.ForeignKey(
        "departments.Leader", verbose_name=_("owning leader"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    note = models.TextField(_("what the petitioner said"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("proactive appointment")
        verbose_name_plural = _("proactive appointments")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.outcome} {self.on}"
