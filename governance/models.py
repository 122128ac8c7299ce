"""Governance records: grid workers, incident categories, incidents and the monthly dispute screening.

An incident and a high-risk screened dispute become cases at the center (``intake.services.case_file``):
the case carries the tracking code, routing, queue, clocks and audit; these records carry what only
governance knows (where exactly, what category, how risky, the measure taken) and link back to it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import Village


class RiskLevel(models.TextChoices):
    LOW = "low", _("low risk")
    MEDIUM = "medium", _("medium risk")
    HIGH = "high", _("high risk")


class GridWorker(models.Model):
    """A person who reports incidents from a village: a grid worker (网格员) attached to a village grid,
    or a village cadre / staff member (村（居）干部) reporting for their own village.

    Both report incidents and file the village's monthly screening. A grid worker sees the incidents
    they reported (in whatever village); a village staff member reports only for their own village
    and sees that village's incidents, whoever reported them.
    """

    class Kind(models.TextChoices):
        GRID_WORKER = "grid_worker", _("grid worker")
        VILLAGE_STAFF = "village_staff", _("village cadre or staff")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="grid_worker"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="grid_workers"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GRID_WORKER)
    grid = models.CharField(
        _("grid or post"),
        max_length=60,
        blank=True,
        help_text=_("A grid worker's grid, e.g. 塘角村第2网格; a village staff member's post, e.g. 村调解主任."),
    )
    phone = models.CharField(_("phone"), max_length=20)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("grid worker or village staff")
        verbose_name_plural = _("grid workers and village staff")
        ordering = ["village__code", "user__username"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def is_village_staff(self) -> bool:
        return self.kind == self.Kind.VILLAGE_STAFF


class IncidentCategory(models.Model):
    """A category of incident or screened dispute, kept as data in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("incident category")
        verbose_name_plural = _("incident categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Incident(models.Model):
    """An incident a grid worker or a village reported; its case is the center's record of handling it."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="governance_incident"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=200)
    category = models.ForeignKey(
        IncidentCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="incidents"
    )
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    reported_at = models.DateTimeField(_("reported at"))
    measure = models.TextField(_("measure taken"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["reporter", "reported_at"])]

    def __str__(self) -> str:
        return f"{self.village} · {self.category}"


class Screening(models.Model):
    """A village's monthly dispute screening (矛盾纠纷排查): one per village per month."""

    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text="the first day of the month screened")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"))
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("dispute screening")
        verbose_name_plural = _("dispute screenings")
        ordering = ["-month", "village__code"]
        constraints = [models.UniqueConstraint(fields=["village", "month"], name="one_screening_per_village_month")]

    def __str__(self) -> str:
        return f"{self.village} {self.month:%Y-%m}"


class ScreeningItem(models.Model):
    """One dispute on a village's monthly list; a high-risk one is linked to the case it became."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="items")
    parties = models.CharField(_("parties"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    category = models.ForeignKey(
        IncidentCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    measures = models.TextField(_("measures"), max_length=2000, blank=True)
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="screening_item",
    )

    class Meta:
        verbose_name = _("screened dispute")
        verbose_name_plural = _("screened disputes")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(risk_level__in=["low", "medium", "high"]), name="screening_item_risk_level"
            ),
        ]

    def __str__(self) -> str:
        return self.parties
