"""Messages to petitioners (SMS) and staff (work messages): each one a record, sent by the worker.

Each message is stored once, under a unique idempotency key (``event:<id>``, ``resend:<id>``,
``n:<notification id>`` ...), in the same pass that reads the event it answers: a second pass, a
second worker or a retry finds the key taken and sends nothing twice.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from messaging import rules


class State(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")
    HELD = "held", _("held for the daily digest")
    DIGESTED = "digested", _("sent in the daily digest")


class SmsKind(models.TextChoices):
    FILED = "filed", _("case filed")
    ACCEPTED = "accepted", _("case accepted")
    REFERRED = "referred", _("case referred to the competent unit")
    EXTENDED = "extended", _("reply deadline extended")
    REPLY_READY = "reply_ready", _("reply ready")
    FOLLOW_UP = "follow_up", _("follow-up visit")
    REOPENED = "reopened", _("case reopened")
    MEDIATION_SESSION = "mediation_session", _("mediation session notice (to every party)")
    MEDIATION_AGREED = "mediation_agreed", _("mediation agreement signed")
    MEDIATION_ENDED = "mediation_ended", _("mediation ended, other ways told")
    LEGAL_AID_GRANTED = "legal_aid_granted", _("legal aid granted")
    LEGAL_AID_REFUSED = "legal_aid_refused", _("legal aid refused")
    LEGAL_AID_LAWYER = "legal_aid_lawyer", _("legal-aid lawyer assigned")
    CONSULTATION_BOOKED = "consultation_booked", _("consultation booked with the duty lawyer")
    GOVERNANCE_CLOSED = "governance_closed", _("governance matter closed")


class Category(models.TextChoices):
    ASSIGNMENT = "assignment", _("a case assigned to my unit")
    PICK = "pick", _("a case picked from my unit's queue")
    DEADLINE = "deadline", _("first calls and replies due or overdue")
    WARNING_SLIP = "warning_slip", _("warning slips")
    JOINT_RECEPTION = "joint_reception", _("joint-reception alerts (always at once)")
    SUPERVISION = "supervision", _("supervision (督办)")
    EXTENSION = "extension", _("extension requests and decisions")
    COMPLETION_SIGNATURE = "completion_signature", _("replies waiting for the completion signature")
    OTHER = "other", _("other notifications")


# tests/messaging/test_rules.py checks that these choices and ``rules`` name the same kinds.


class SmsTemplate(models.Model):
    """A template approved by the SMS provider: its code there, its text and its parameters."""

    kind = models.CharField(_("when"), max_length=20, choices=SmsKind.choices, unique=True)
    code = models.CharField(_("template code at the provider"), max_length=40)
    text = models.CharField(
        _("text"), max_length=300, help_text=_("As approved by the provider, parameters written as ${code}.")
    )
    parameters = models.CharField(
        _("parameters"), max_length=100, help_text=_("In the provider's order, separated by commas: code, date.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("SMS template")
        verbose_name_plural = _("SMS templates")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.code})"

    @property
    def parameter_names(self) -> list[str]:
        return [p.strip() for p in self.parameters.split(",") if p.strip()]

    def clean(self) -> None:
        """Parameters only from the kind's list, each written in the text as ${name}, and nothing else."""
        if self.kind and rules.template_problems(self.kind, self.text or "", self.parameter_names):
            raise ValidationError(
                {
                    "parameters": _("Use only these parameters, each written in the text as ${name}: %(names)s")
                    % {"names": ", ".join(rules.SMS_PARAMETERS[self.kind])}
                }
            )


class SmsContact(models.Model):
    """What the petitioner said at filing: no SMS at all, or SMS to another number than the one filed."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="sms_contact")
    opt_out = models.BooleanField(_("no SMS"), default=False)
    phone = models.CharField(_("SMS number"), max_length=20, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("SMS contact")
        verbose_name_plural = _("SMS contacts")

    def __str__(self) -> str:
        return f"{self.case_id}: {'opt-out' if self.opt_out else rules.mask_phone(self.phone)}"


class Attempted(models.Model):
    """What both kinds of message share: the state, the tries and the provider's answer."""

    key = models.CharField(max_length=120, unique=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)  # the sending batch that holds it
    backend = models.CharField(_("gateway"), max_length=20, blank=True)
    provider_id = models.CharField(_("provider's id"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("queued at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        abstract = True


class SmsMessage(Attempted):
    """One SMS to a petitioner about a case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sms_messages")
    event = models.ForeignKey("cases.CaseEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("when"), max_length=20, choices=SmsKind.choices)
    to = models.CharField(_("to"), max_length=20)
    params = models.JSONField(_("parameters"), default=dict)
    template_code = models.CharField(_("template code at the provider"), max_length=40, blank=True)
    resend_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resent_as", verbose_name=_("resend of")
    )
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("SMS")
        verbose_name_plural = _("SMS")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="sms_due", condition=models.Q(state__in=["queued", "sending"])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {rules.mask_phone(self.to)}"


class WorkMessage(Attempted):
    """One work message to a member of staff (DingTalk, WeCom), linking to the case."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_messages")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("kind"), max_length=24, choices=Category.choices)
    text = models.CharField(_("text"), max_length=1000)
    link = models.CharField(_("link"), max_length=300, blank=True)
    digest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="digested", verbose_name=_("digest")
    )

    class Meta:
        verbose_name = _("work message")
        verbose_name_plural = _("work messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="work_due", condition=models.Q(state__in=["queued", "sending"])
            ),
            models.Index(fields=["user", "state"], name="work_user_state"),
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.user_id}"


def all_categories() -> list[str]:
    return list(rules.CATEGORIES)


class StaffMessagePreference(models.Model):
    """How a person wants to be told: which kinds, at once or in a daily digest, and quiet hours."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_preference")
    messenger_id = models.CharField(
        _("messenger account"), max_length=64, blank=True, help_text=_("Your user id in DingTalk or WeCom.")
    )
    categories = models.JSONField(_("kinds"), default=all_categories, blank=True)
    digest = models.BooleanField(_("a daily digest instead"), default=False)
    quiet_start = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet until"), null=True, blank=True)

    class Meta:
        verbose_name = _("message preference")
        verbose_name_plural = _("message preferences")

    def __str__(self) -> str:
        return f"{self.user_id}"

    def wants(self, category: str) -> bool:
        return category in rules.URGENT or category in self.categories


class DispatchCursor(models.Model):
    """How far a source table (events, notifications, alerts) has been read, to the row."""

    source = models.CharField(max_length=20, unique=True)
    floor = models.BigIntegerField(default=0)  # every row up to here is read and old enough
    seen = models.BigIntegerField(default=0)  # the highest id read
    window = models.IntegerField(default=0)  # rows between floor and seen when last read

    def __str__(self) -> str:
        return f"{self.source}: {self.floor}"
