"""督办单: a leader's supervision order to the lead unit about a case, and the unit's answer (issue 17)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SupervisionOrder(models.Model):
    """A leader's written order to the lead unit (二（一） 分管领导督办): instructions and a date to answer by.

    Open until the unit answers; one open order per case (``mediation.rules.supervision``).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="supervision_orders")
    unit = models.ForeignKey(
        "departments.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"))
    instructions = models.TextField(_("instructions"), max_length=2000)
    answer_by = models.DateField(_("answer by"))
    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(answered_at__isnull=True), name="one_open_supervision_order"
            ),
        ]
        indexes = [models.Index(fields=["answer_by"], condition=Q(answered_at__isnull=True), name="supervision_open")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.issued_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
