"""每周一会商: a unit's (or a village's) weekly consultation over its cases, and the actions it decided (issue 17)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WeeklyConsultation(models.Model):
    """The minutes of one unit's or one village's weekly consultation (二（一））: who came, what was decided
    per case. A village's is held by its area's liaison team (or the area chief) over the village's cases."""

    unit = models.ForeignKey(
        "departments.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    village = models.ForeignKey(
        "departments.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text="a village's consultation, held by its area's liaison team or area chief",
    )
    week = models.DateField(_("week of"), help_text="the Monday of the week")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees"), blank=True, related_name="+"
    )
    other_attendees = models.CharField(_("other attendees"), max_length=500, blank=True)
    notes = models.TextField(_("other matters"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("weekly consultation")
        verbose_name_plural = _("weekly consultations")
        ordering = ["-week", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "week"], name="one_consultation_per_unit_week"),
            models.UniqueConstraint(fields=["village", "week"], name="one_consultation_per_village_week"),
            models.CheckConstraint(
                condition=Q(unit__isnull=False, village__isnull=True) | Q(unit__isnull=True, village__isnull=False),
                name="consultation_of_a_unit_or_a_village",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id or self.village_id} {self.week}"

    @property
    def forum(self):
        """The unit or the village that met."""
        return self.unit or self.village


class ConsultationItem(models.Model):
    """One case discussed at a consultation: the decision, and the action it became (owner, date)."""

    consultation = models.ForeignKey(WeeklyConsultation, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consultation_items")
    reasons = models.JSONField(_("why on the agenda"), default=list)
    decision = models.TextField(_("decision"), max_length=2000)
    action = models.CharField(_("action"), max_length=300, blank=True)
    action_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("action owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_actions",
    )
    action_due = models.DateField(_("action due"), null=True, blank=True)
    action_done_at = models.DateTimeField(_("action done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case discussed")
        verbose_name_plural = _("cases discussed")
        ordering = ["consultation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "case"], name="one_item_per_case_and_consultation")
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.case_id}"
