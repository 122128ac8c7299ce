"""Handling a case: contacts with the petitioner, working notes, the written reply and the
follow-up visit (issue 5)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Contact(models.Model):
    """一问一核实: the handler's first phone call with the petitioner, or an on-site verification."""

    class Kind(models.TextChoices):
        FIRST_CONTACT = "first_contact", _("first phone call")
        SITE_VISIT = "site_visit", _("on-site verification")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    made_by = models.CharField(_("made by"), max_length=60)
    at = models.DateTimeField(_("when"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    learned = models.TextField(_("what was learned"), max_length=2000)
    request_clear = models.BooleanField(_("the request is clear"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("contact with the petitioner")
        verbose_name_plural = _("contacts with the petitioner")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d}"


class HandlingNote(models.Model):
    """A working note on a case, or a request to one of its assisting units."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="handling_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    to_unit = models.ForeignKey(
        "departments.Unit",
        verbose_name=_("request to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("note"), max_length=2000)

    class Meta:
        verbose_name = _("handling note")
        verbose_name_plural = _("handling notes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d}"


class Reply(models.Model):
    """The written reply (答复意见书), one per round: a reopened case gets a new one."""

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", _("handed over in person")
        POST = "post", _("by post")
        PHONE_SMS = "phone_sms", _("by phone and text message")
        ONLINE = "online", _("online")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="replies")
    understood_request = models.TextField(_("the request as understood"), max_length=5000, blank=True)
    facts = models.TextField(_("the facts found"), max_length=5000, blank=True)
    basis = models.TextField(_("policy and legal basis"), max_length=5000, blank=True)
    decision = models.TextField(_("handling decision"), max_length=5000, blank=True)
    remedies = models.TextField(_("remedies"), max_length=5000, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(max_length=2000, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_under = models.ForeignKey(
        "departments.Delegation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivery = models.CharField(_("delivered"), max_length=20, choices=Delivery.choices, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("written reply")
        verbose_name_plural = _("written replies")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.pk}"

    @property
    def is_delivered(self) -> bool:
        return self.delivered_on is not None


class FollowUp(models.Model):
    """每件一回访: the follow-up visit after the reply, and how satisfied the petitioner was."""

    class Method(models.TextChoices):
        PHONE = "phone", _("phone")
        VISIT = "visit", _("home visit")
        AT_CENTER = "at_center", _("at the center")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        BASICALLY = "basically", _("basically satisfied")
        UNSATISFIED = "unsatisfied", _("unsatisfied")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="follow_ups")
    made_by = models.CharField(_("made by"), max_length=60)
    at = models.DateTimeField(_("when"))
    method = models.CharField(_("how"), max_length=20, choices=Method.choices)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    comments = models.TextField(_("comments"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.satisfaction}"
