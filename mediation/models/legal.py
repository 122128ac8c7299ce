"""Legal service (司法所, issue 16): the legal consultation recorded at the window."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LegalConsultation(models.Model):
    """法律咨询: the question, the advice and the law cited; answered on the spot, or booked with the
    duty lawyer (when, and which lawyer) and answered when the booked consultation is held.

    One per case. ``note`` is for staff only: the tracking page never shows it, nor the advice
    itself (the resident heard it in person); it shows that advice was given, and the booking.
    """

    class Mode(models.TextChoices):
        ON_THE_SPOT = "on_the_spot", _("answered on the spot")
        BOOKED = "booked", _("booked with the duty lawyer")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="legal_consultation")
    unit = models.ForeignKey("departments.Unit", on_delete=models.PROTECT, related_name="+")
    question = models.TextField(_("the question"), max_length=2000)
    mode = models.CharField(_("how it is handled"), max_length=20, choices=Mode.choices)
    advice = models.TextField(_("the advice given"), max_length=4000, blank=True)
    law_cited = models.CharField(_("law cited"), max_length=300, blank=True)
    booked_for = models.DateTimeField(_("booked for"), null=True, blank=True)
    lawyer = models.CharField(_("duty lawyer"), max_length=60, blank=True)
    note = models.TextField(_("internal note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    held_at = models.DateTimeField(_("advice given at"), null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("legal consultation")
        verbose_name_plural = _("legal consultations")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mode="on_the_spot") | (Q(booked_for__isnull=False) & ~Q(lawyer="")),
                name="legal_consultation_booking_complete",
            ),
            models.CheckConstraint(
                condition=Q(held_at__isnull=True) | ~Q(advice=""),
                name="legal_consultation_advice_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.mode}"

    @property
    def is_held(self) -> bool:
        return self.held_at is not None


class LegalAidChecklist(models.Model):
    """The documents of a legal-aid application received so far (codes of ``rules.legal_aid.DOCUMENTS``),
    and when the application became complete (法律援助法 第四十三条: what is missing is told in one go).

    ``complete_at`` is the first time nothing was missing; it starts the 7-day decision clock and is
    kept if a document is recorded missing later (the clock does not stop or restart)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="legal_aid_checklist")
    received = models.JSONField(_("documents received"), default=list, blank=True)
    by_agent = models.BooleanField(_("applied through an agent"), default=False)
    complete_at = models.DateTimeField(_("application complete at"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("legal-aid documents checklist")
        verbose_name_plural = _("legal-aid documents checklists")

    def __str__(self) -> str:
        return f"{self.case_id} {len(self.received)}"
