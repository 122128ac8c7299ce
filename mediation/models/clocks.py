"""Deadline clocks running on a case, and requests to extend the reply clock (issue 5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CaseClock(models.Model):
    """One time limit running on a case: when it falls due, which rule set it and how, and its state.

    Written by ``mediation.services.clocks`` (from the case's facts with ``rules.deadlines``) and
    swept set-based by ``mediation.tasks.deadlines_sweep`` (states, notifications).
    """

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")
        MET = "met", _("met")

    # No index of its own: the unique (case, clock) index serves lookups by case.
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="clocks", db_index=False
    )
    clock = models.CharField(_("clock"), max_length=30)
    started_on = models.DateField(_("started on"))
    due_on = models.DateField(_("due on"))
    provisional = models.BooleanField(_("provisional"), default=False)
    policy_code = models.CharField(max_length=60)
    basis = models.TextField(_("rule"))
    explanation = models.TextField(_("how it was computed"))
    candidates = models.JSONField(default=list, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RUNNING)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    extended = models.BooleanField(_("extended"), default=False)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("deadline clock")
        verbose_name_plural = _("deadline clocks")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "clock"], name="one_clock_per_case")]
        indexes = [
            # The sweep reads open clocks by due date.
            models.Index(fields=["due_on", "state"], condition=Q(met_at__isnull=True), name="caseclock_open"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.clock} {self.due_on}"


class Extension(models.Model):
    """A request to extend the reply clock (at most 30 days), decided by the director."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.TextField(_("reason"), max_length=2000)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    due_before = models.DateField(_("due before"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=2000, blank=True)
    due_after = models.DateField(_("new due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(decided_at__isnull=True), name="one_pending_extension"
            ),
            models.UniqueConstraint(fields=["case"], condition=Q(decision="approved"), name="one_approved_extension"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} +{self.days} {self.decision or 'pending'}"
