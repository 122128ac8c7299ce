"""Scoring of units and villages (季考评、年考核, rulebook 二（七））: the scheme kept as data, and the
scores of each quarter and year, explained line by line down to the cases.

- ``ScoringScheme`` and its ``ScoringItem`` rows are edited in the Wagtail admin. A scheme that
  scored a published period is locked: the director makes a new version (``scheme_new_version``).
- ``ScorePeriod`` is one quarter or one year, draft until the director publishes it; then it is
  frozen (no recomputation, no adjustment).
- ``ScoreLine`` is one item triggered by one case for one unit or village (the explanation);
  ``ScoreAdjustment`` a justified manual adjustment by the director; ``ScoreTotal`` what the table shows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stats.rules import scoring as rules

POINTS = {"max_digits": 7, "decimal_places": 1}


class Trigger(models.TextChoices):
    """The events the code knows how to find on the case record (``stats.selectors.scoring``)."""

    FIRST_CONTACT_LATE = rules.FIRST_CONTACT_LATE, _("first phone call later than 1 working day")
    REPLY_OVERDUE = rules.REPLY_OVERDUE, _("written reply overdue")
    REOPENED = rules.REOPENED, _("case reopened by an unsatisfied petitioner")
    REPEAT_AFTER_REPLY = rules.REPEAT_AFTER_REPLY, _("repeat petition after a reply")
    SKIP_LEVEL = rules.SKIP_LEVEL, _("skip-level petition")
    REINVESTIGATION_LATE = rules.REINVESTIGATION_LATE, _("re-investigation later than its warning slip allows")
    UNSATISFIED = rules.UNSATISFIED, _("unsatisfied at the follow-up visit")
    SATISFIED = rules.SATISFIED, _("satisfied at the follow-up visit")
    RESOLVED_AT_VILLAGE = rules.RESOLVED_AT_VILLAGE, _("resolved at village level by the village's proxy agent")


class AppliesTo(models.TextChoices):
    UNIT = rules.UNIT, _("units")
    VILLAGE = rules.VILLAGE, _("villages")
    BOTH = rules.BOTH, _("units and villages")


class ScoringScheme(models.Model):
    """One version of the center's scoring rules (信访工作专项考核办法), in force from a day on."""

    name = models.CharField(_("name"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    valid_from = models.DateField(
        _("in force from"), help_text=_("Periods that begin on or after this day are scored with it.")
    )
    base_points = models.DecimalField(_("base points"), default=100, validators=[MinValueValidator(0)], **POINTS)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        ordering = ["-valid_from", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="scoring_scheme_version")]

    def __str__(self) -> str:
        return f"{self.name}（v{self.version}）"

    @property
    def locked(self) -> bool:
        """Used by a published period: its scores stand as computed, so the scheme cannot change."""
        return self.pk is not None and self.periods.filter(state=ScorePeriod.State.PUBLISHED).exists()

    def clean(self):
        if self.locked:
            raise ValidationError(LOCKED_MESSAGE)


LOCKED_MESSAGE = _(
    "This scheme scored a published period and cannot be changed, so that those scores stay as computed. "
    "Make a new version of it instead."
)


class ScoringItem(models.Model):
    """One deduction or bonus: which event triggers it, how many points per case, the cap per period."""

    scheme = models.ForeignKey(ScoringScheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="items")
    trigger = models.CharField(_("triggered by"), max_length=40, choices=Trigger.choices)
    label = models.CharField(_("item"), max_length=200)
    points = models.DecimalField(
        _("points per case"), help_text=_("Negative for a deduction, positive for a bonus."), **POINTS
    )
    applies_to = models.CharField(_("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.UNIT)
    cap_quarter = models.DecimalField(
        _("cap per quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("At most this many points a quarter for one unit or village (empty: no cap)."),
        **POINTS,
    )
    cap_year = models.DecimalField(
        _("cap per year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("At most this many points a year for one unit or village (empty: no cap)."),
        **POINTS,
    )
    basis = models.CharField(_("basis"), max_length=300, blank=True, help_text=_("Where the item comes from."))
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("scoring item")
        verbose_name_plural = _("scoring items")
        ordering = ["scheme", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "trigger"], name="one_item_per_trigger")]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        if self.scheme_id and self.scheme.locked:
            raise ValidationError(LOCKED_MESSAGE)
        if self.points is not None and self.points == 0:
            raise ValidationError({"points": _("An item deducts or adds points: zero does nothing.")})


class ScorePeriod(models.Model):
    """One quarter or one year of scores."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    code = models.CharField(_("period"), max_length=10, unique=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("first day after"))
    scheme = models.ForeignKey(
        ScoringScheme, verbose_name=_("scheme"), null=True, on_delete=models.PROTECT, related_name="periods"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    computed_at = models.DateTimeField(_("computed at"), null=True)
    computed_on = models.DateField(
        _("computed as of"), null=True, help_text="the Beijing day the open clocks were judged on"
    )
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("scoring period")
        verbose_name_plural = _("scoring periods")
        ordering = ["-start", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def published(self) -> bool:
        return self.state == self.State.PUBLISHED


def _one_subject(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(unit__isnull=False, village__isnull=True) | Q(unit__isnull=True, village__isnull=False),
        name=name,
    )


class ScoreLine(models.Model):
    """One item triggered by one case for one unit or village: the explanation of a score."""

    period = models.ForeignKey(ScorePeriod, on_delete=models.CASCADE, related_name="lines")
    unit = models.ForeignKey("departments.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey("departments.Village", null=True, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ScoringItem, on_delete=models.PROTECT, related_name="lines")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    points = models.DecimalField(_("points"), **POINTS)
    capped = models.BooleanField(_("cut by the cap"), default=False)

    class Meta:
        ordering = ["period", "item__sort_order", "day", "case_id"]
        constraints = [_one_subject("score_line_one_subject")]
        indexes = [models.Index(fields=["period", "unit", "village"])]

    def __str__(self) -> str:
        return f"{self.period_id} {self.item_id} {self.case_id} {self.points}"


class ScoreAdjustment(models.Model):
    """A manual adjustment by the director, with its reason; the unit reads it with its score."""

    period = models.ForeignKey(ScorePeriod, on_delete=models.PROTECT, related_name="adjustments")
    unit = models.ForeignKey("departments.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey("departments.Village", null=True, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), **POINTS)
    reason = models.TextField(_("reason"), max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("score adjustment")
        verbose_name_plural = _("score adjustments")
        ordering = ["at", "pk"]
        constraints = [_one_subject("score_adjustment_one_subject")]

    def __str__(self) -> str:
        return f"{self.period_id} {self.points}"


class ScoreTotal(models.Model):
    """A unit's or village's score in a period, as the table shows it (kept with the lines)."""

    period = models.ForeignKey(ScorePeriod, on_delete=models.CASCADE, related_name="totals")
    unit = models.ForeignKey("departments.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey("departments.Village", null=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=60)
    base = models.DecimalField(**POINTS)
    deductions = models.DecimalField(**POINTS)
    bonuses = models.DecimalField(**POINTS)
    adjustments = models.DecimalField(**POINTS)
    total = models.DecimalField(**POINTS)

    class Meta:
        ordering = ["period", "village", "name"]
        constraints = [
            _one_subject("score_total_one_subject"),
            models.UniqueConstraint(fields=["period", "unit"], name="score_total_unit"),
            models.UniqueConstraint(fields=["period", "village"], name="score_total_village"),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.name} {self.total}"
