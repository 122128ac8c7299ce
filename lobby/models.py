"""The hall of the center: service windows, ticket calls, the lobby display, the duty roster,
notices, and joint-reception alerts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Service
from departments.models import code_validator
from mediation.calendar import work_calendar


class TicketStatus(models.TextChoices):
    """Values of ``intake.QueueTicket.status`` (the field is intake's; these services move it)."""

    WAITING = "waiting", _("waiting")
    CALLED = "called", _("called")
    DONE = "done", _("served")
    SKIPPED = "skipped", _("no-show")


class ServiceWindow(models.Model):
    """A service counter (窗口) in the hall: the services it serves; a clerk sits there each day."""

    code = models.SlugField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=40, unique=True, help_text=_("As the display shows it."))
    services = models.JSONField(_("services"), default=list, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service window")
        verbose_name_plural = _("service windows")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        known = set(Service.values)
        if not isinstance(self.services, list) or not self.services or not set(self.services) <= known:
            raise ValidationError({"services": _("Choose at least one service.")})

    @property
    def service_labels(self) -> list[str]:
        labels = dict(Service.choices)
        return [str(labels[s]) for s in self.services if s in labels]


class WindowAssignment(models.Model):
    """Which clerk sits at a window on a day."""

    window = models.ForeignKey(
        ServiceWindow, verbose_name=_("window"), on_delete=models.CASCADE, related_name="assignments"
    )
    day = models.DateField(_("day"))
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member at the window"),
        on_delete=models.CASCADE,
        related_name="window_days",
    )

    class Meta:
        verbose_name = _("window assignment")
        verbose_name_plural = _("window assignments")
        ordering = ["-day", "window__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "day"],
                name="one_clerk_per_window_day",
                violation_error_message=_("This window already has a clerk on that day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.window} · {self.clerk}"


class TicketState(models.Model):
    """Where a queue ticket is being served (the ticket itself is a ``QueueTicket``)."""

    ticket = models.OneToOneField(
        "lobby.QueueTicket", primary_key=True, on_delete=models.CASCADE, related_name="lobby_state"
    )
    window = models.ForeignKey(ServiceWindow, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    called_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["window", "called_at"])]

    def __str__(self) -> str:
        return f"{self.ticket_id} @ {self.window_id}"


class TicketCall(models.Model):
    """One call of a ticket to a window: the first call, a recall, or a transfer to another window."""

    class Kind(models.TextChoices):
        CALL = "call", _("call")
        RECALL = "recall", _("recall")
        TRANSFER = "transfer", _("transfer")

    ticket = models.ForeignKey("lobby.QueueTicket", on_delete=models.CASCADE, related_name="calls")
    window = models.ForeignKey(ServiceWindow, verbose_name=_("window"), on_delete=models.PROTECT, related_name="calls")
    called_at = models.DateTimeField(_("called at"), db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ticket call")
        verbose_name_plural = _("ticket calls")
        ordering = ["-called_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.ticket} → {self.window} ({self.kind})"


class Display(models.Model):
    """A lobby screen (TV), bound by a secret token in its address; only the token's hash is kept."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    token_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("lobby display")
        verbose_name_plural = _("lobby displays")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DutyRoster(models.Model):
    """The duty leader (带班领导) of a working day, from the petition office's weekly roster (二（六））."""

    date = models.DateField(_("date"), unique=True)
    leader = models.ForeignKey(
        "departments.Leader", verbose_name=_("duty leader"), on_delete=models.PROTECT, related_name="duty_days"
    )

    class Meta:
        verbose_name = _("duty roster day")
        verbose_name_plural = _("duty roster")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date} {self.leader}"

    def clean(self) -> None:
        if self.date is None:
            return

        if not work_calendar().is_working_day(self.date):
            raise ValidationError({"date": _("The roster covers working days (Monday to Friday, adjusted days).")})


class Notice(models.Model):
    """A short notice of the center, shown on the lobby display while it is valid."""

    text = models.TextField(_("text"), max_length=300)
    valid_from = models.DateTimeField(_("shown from"))
    valid_until = models.DateTimeField(_("shown until"))

    class Meta:
        verbose_name = _("lobby notice")
        verbose_name_plural = _("lobby notices")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")),
                name="notice_period",
                violation_error_message=_("A notice must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]


class JointReceptionAlert(models.Model):
    """A collective visit (5 or more people) or extreme behaviour: heads must receive together (一（三））."""

    class Reason(models.TextChoices):
        COLLECTIVE = "collective", _("collective visit")
        EXTREME = "extreme", _("extreme behaviour")
        BOTH = "collective_extreme", _("collective visit with extreme behaviour")

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="joint_reception_alert"
    )
    created_at = models.DateTimeField(_("raised at"), db_index=True)
    reason = models.CharField(_("cause"), max_length=20, choices=Reason.choices)
    group_size = models.PositiveIntegerField(_("number of people"), default=1)

    class Meta:
        verbose_name = _("joint-reception alert")
        verbose_name_plural = _("joint-reception alerts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.created_at:%Y-%m-%d %H:%M}"


class AlertRecipient(models.Model):
    """Someone who must come to a joint reception, and when they acknowledged the alert."""

    class Role(models.TextChoices):
        PETITION_OFFICE_HEAD = "petition_office_head", _("head of the petition office")
        LEAD_UNIT_HEAD = "lead_unit_head", _("head of the lead unit")
        LIAISON_TEAM_HEAD = "liaison_team_head", _("head of the liaison team")
        DUTY_LEADER = "duty_leader", _("duty leader")

    alert = models.ForeignKey(JointReceptionAlert, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reception_alerts")
    role = models.CharField(_("as"), max_length=30, choices=Role.choices)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert recipient")
        verbose_name_plural = _("alert recipients")
        ordering = ["alert", "role", "user__username"]
        constraints = [models.UniqueConstraint(fields=["alert", "user"], name="one_recipient_row_per_user")]
        indexes = [models.Index(fields=["user", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.user_id}"


class QueueTicket(models.Model):
    """A number for a window, taken by a resident who came in person (e.g. A012)."""

    service = models.CharField(max_length=30, choices=Service.choices)
    day = models.DateField()
    number = models.PositiveIntegerField()
    prefix = models.CharField(max_length=2)
    case = models.OneToOneField("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket")
    issued_at = models.DateTimeField()
    status = models.CharField(max_length=20, default="waiting", db_index=True)

    class Meta:
        db_table = "intake_queueticket"
        constraints = [models.UniqueConstraint(fields=["service", "day", "number"], name="one_ticket_number_per_day")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.prefix}{self.number:03d}"


class TicketCounter(models.Model):
    """The last ticket number issued for a service on a day (incremented atomically)."""

    service = models.CharField(max_length=30)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "intake_ticketcounter"
        constraints = [models.UniqueConstraint(fields=["service", "day"], name="one_counter_per_service_day")]

    def __str__(self) -> str:
        return f"{self.service} {self.day}: {self.last}"
