"""People's mediation (人民调解): the roster of mediators, and each mediation case's parties,
mediators, sessions, agreement or referral, and the follow-up of the agreement's performance.

The stages and their checks are ``peoples_mediation.rules.flow`` (pure); the services write these
rows; the case itself (``cases.Case``, its status and events) stays the one record.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peoples_mediation.rules import flow


class Mediator(models.Model):
    """A mediator on the roster (人民调解员名册): of the subdistrict committee or a village committee."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for a mediator without an account (a village mediator)."),
    )
    name = models.CharField(_("name"), max_length=40)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    committee_unit = models.ForeignKey(
        "departments.Unit",
        verbose_name=_("subdistrict mediation committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "mediation_committee"},
    )
    village = models.ForeignKey(
        "departments.Village",
        verbose_name=_("village mediation committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(committee_unit__isnull=False) & Q(village__isnull=True))
                | (Q(committee_unit__isnull=True) & Q(village__isnull=False)),
                name="mediator_one_committee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.committee_name}）"

    @property
    def committee_name(self) -> str:
        if self.committee_unit_id:
            return self.committee_unit.name
        if self.village_id:
            return _("%(village)s people's mediation committee") % {"village": self.village.name}
        return ""

    def clean(self) -> None:
        if bool(self.committee_unit_id) == bool(self.village_id):
            raise ValidationError(_("Choose either the subdistrict committee or a village committee, not both."))


class Mediation(models.Model):
    """The mediation of one case: its stage, the dispute, and how it ended."""

    class Stage(models.TextChoices):
        PREPARING = flow.PREPARING, _("preparing")
        MEDIATING = flow.MEDIATING, _("mediating")
        AGREED = flow.AGREED, _("agreement reached")
        FAILED = flow.FAILED, _("mediation failed")
        REFUSED = flow.REFUSED, _("mediation refused")

    class Referral(models.TextChoices):
        COURT = flow.COURT, _("a lawsuit at the people's court")
        ARBITRATION = flow.ARBITRATION, _("arbitration")
        LINE_OFFICE = flow.LINE_OFFICE, _("the competent line office")

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), primary_key=True, on_delete=models.CASCADE, related_name="mediation"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PREPARING)
    referral = models.CharField(_("referred to"), max_length=20, choices=Referral.choices, blank=True)
    referral_note = models.TextField(_("termination and what the parties were told"), max_length=2000, blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("people's mediation")
        verbose_name_plural = _("people's mediations")

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage}"


class Party(models.Model):
    """A party to the dispute (当事人): a person or an organisation, on one side, with their answer to mediation."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    class Side(models.TextChoices):
        APPLICANT = flow.APPLICANT, _("applicant")
        RESPONDENT = flow.RESPONDENT, _("respondent")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="mediation_parties")
    kind = models.CharField(_("person or organisation"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=80)
    phone = models.CharField(_("contact phone"), max_length=20)
    address = models.CharField(_("address"), max_length=200, blank=True)
    side = models.CharField(_("role"), max_length=20, choices=Side.choices)
    consent = models.BooleanField(_("agrees to mediation"), null=True, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["side", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "name"], name="one_party_per_name")]

    def __str__(self) -> str:
        return self.name


class MediatorChoice(models.Model):
    """A mediator chosen for a case (第十九条), who declared no relation to a party."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="mediator_choices")
    mediator = models.ForeignKey(Mediator, verbose_name=_("mediator"), on_delete=models.PROTECT, related_name="+")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField()

    class Meta:
        ordering = ["chosen_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "mediator"], name="one_choice_per_mediator")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.mediator_id}"


class Session(models.Model):
    """A mediation session: scheduled (when, where) with a notice to each party, then what was said and agreed."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="mediation_sessions")
    number = models.PositiveSmallIntegerField(_("session"))
    scheduled_at = models.DateTimeField(_("scheduled for"))
    place = models.CharField(_("place"), max_length=200)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"), null=True, blank=True)
    said = models.TextField(_("what the parties said"), max_length=5000, blank=True)
    agreed = models.TextField(_("what was agreed"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="one_session_number_per_case")]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.number}"


class Agreement(models.Model):
    """The mediation agreement (调解协议书, 第二十九条), in force from the day it was signed and sealed."""

    case = models.OneToOneField(
        "cases.Case", primary_key=True, on_delete=models.CASCADE, related_name="mediation_agreement"
    )
    facts = models.TextField(_("main facts of the dispute"), max_length=5000)
    dispute = models.TextField(_("matters in dispute and each party's responsibility"), max_length=5000)
    signed_on = models.DateField(_("signed and sealed on (in force from)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    confirmation = models.CharField(
        _("judicial confirmation"),
        max_length=20,
        choices=[("applied", _("applied for jointly")), ("waived", _("not wanted by the parties"))],
        blank=True,
    )
    confirmation_court = models.CharField(_("court"), max_length=100, blank=True)
    confirmation_on = models.DateField(_("applied on"), null=True, blank=True)

    class Meta:
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")

    def __str__(self) -> str:
        return f"{self.case_id} {self.signed_on}"


class Obligation(models.Model):
    """One agreed obligation: who owes what, by when, and whether it was performed (第三十一条)."""

    class Performance(models.TextChoices):
        PERFORMED = "performed", _("performed")
        PARTLY = "partly", _("partly performed")
        NOT_PERFORMED = "not_performed", _("not performed")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="obligations")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("obligation"), max_length=1000)
    due_on = models.DateField(_("to be performed by"))
    performance = models.CharField(_("performance"), max_length=20, choices=Performance.choices, blank=True)
    performance_note = models.TextField(_("performance note"), max_length=2000, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.party_id}: {self.text[:20]}"
