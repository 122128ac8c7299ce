"""Routing of cases being worked: the routing table (data, edited in the admin), the lead unit's
objections to an assignment, and what assisting units found out (issue 4)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting

from mediation.rules.routing import DEFAULT_ROUTING_TABLE, RoutingTableError, table_from_rows, table_to_rows


class Objection(models.Model):
    """A lead unit's objection to an assignment, raised within 5 working days; the director decides."""

    class Decision(models.TextChoices):
        UPHELD = "upheld", _("assignment upheld")
        REASSIGNED = "reassigned", _("reassigned")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="objections")
    unit = models.ForeignKey("departments.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("raised at"))
    reason = models.TextField(_("reason"), max_length=2000)
    deadline = models.DateField(_("last day to object"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(decided_at__isnull=True), name="one_open_objection"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.unit_id} {self.decision or 'open'}"


class AssistFinding(models.Model):
    """What an assisting unit found out, for the lead unit."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assist_findings")
    unit = models.ForeignKey("departments.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    text = models.TextField(_("finding"), max_length=5000)

    class Meta:
        verbose_name = _("assisting unit's finding")
        verbose_name_plural = _("assisting units' findings")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.unit_id} {self.at:%Y-%m-%d}"


def default_routing_rows() -> list[dict]:
    return table_to_rows(DEFAULT_ROUTING_TABLE)


class RoutingTable(BaseGenericSetting):
    """The routing table as data (one row per case kind), edited in the admin."""

    rows = models.JSONField(
        _("rows"),
        default=default_routing_rows,
        help_text=_(
            "One object per case kind: case_kind, lead, assist (a list), owner and optional (a list). "
            "Roles: line_office, area_liaison_team, discipline_office, legal_service, mediation_committee, "
            "governance_office, petition_office, related_units, area_chief, supervising_leader, director, "
            "related_leaders."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("routing table")
        verbose_name_plural = _("routing tables")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    def clean(self):
        if not isinstance(self.rows, list):
            raise ValidationError({"rows": _("The routing table must be a list of rows.")})
        try:
            table_from_rows(self.rows)
        except RoutingTableError as error:
            problem = _("The routing table cannot be used: %(problem)s") % {"problem": error}
            raise ValidationError({"rows": problem}) from error
