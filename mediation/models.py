"""Case handling data: the working-day calendar (seeded from chinesecalendar, extended by admins),
and the routing, queues, delegations, objections and findings of cases being worked."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting


class CalendarYear(models.Model):
    """A year whose official holiday schedule (国务院办公厅放假安排) is entered."""

    class Source(models.TextChoices):
        PACKAGE = "chinesecalendar", _("chinesecalendar package")
        ADMIN = "admin", _("entered by an administrator")

    year = models.PositiveIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.ADMIN)
    notice = models.CharField(_("official notice"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the plain week: a public holiday, or an adjusted working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        ADJUSTED_WORKDAY = "adjusted_workday", _("adjusted working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


# --- routing, queues, objections (issue 4) ------------------------------------------------------


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
    from mediation.rules.routing import DEFAULT_ROUTING_TABLE, table_to_rows

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
        from mediation.rules.routing import RoutingTableError, table_from_rows

        if not isinstance(self.rows, list):
            raise ValidationError({"rows": _("The routing table must be a list of rows.")})
        try:
            table_from_rows(self.rows)
        except RoutingTableError as error:
            problem = _("The routing table cannot be used: %(problem)s") % {"problem": error}
            raise ValidationError({"rows": problem}) from error


class ApiToken(models.Model):
    """A personal API token: only its SHA-256 is stored; the token is shown once when issued."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mediation_api_tokens")
    name = models.CharField(_("name"), max_length=60, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class Notification(models.Model):
    """A message to one person about a case (or the center): shown in their inbox and pushed live.

    Stored once per person, case, kind and key, so that a sweep run twice tells nobody twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(max_length=80, blank=True)
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("sent at"), db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "case", "kind", "key"], name="one_notification_per_key"),
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


# --- handling, the written reply, follow-up (issue 5) ------------------------------------------


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


# --- escalated cases: warning slip, re-investigation, five duties, case conference (issue 5) ---


class WarningSlipCounter(models.Model):
    """The last warning slip number given out in a year (numbers are taken under a row lock)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class WarningSlip(models.Model):
    """信访事项预警提醒单 (二（二））: issued by the petition office for an escalated case.

    Open until the lead unit's re-investigation report is signed by the supervising leader.
    ``recipients`` and ``copies`` keep who it went to as issued: ``[{"id": user pk, "name": ...}]``.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="warning_slips")
    year = models.PositiveIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("number in the year"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.JSONField(_("reasons"), default=list)
    lead_unit = models.ForeignKey(
        "departments.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    recipients = models.JSONField(_("sent to"), default=list)
    copies = models.JSONField(_("copied to"), default=list)
    reinvestigation_due_on = models.DateField(_("re-investigation due"))
    reinvestigation_provisional = models.BooleanField(default=False)
    reinvestigation_basis = models.CharField(max_length=300, blank=True)
    overdue_at = models.DateTimeField(_("marked overdue at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("warning slip")
        verbose_name_plural = _("warning slips")
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "seq"], name="warning_slip_number"),
            models.UniqueConstraint(fields=["case"], condition=Q(closed_at__isnull=True), name="one_open_warning_slip"),
        ]
        indexes = [
            models.Index(
                fields=["reinvestigation_due_on"], condition=Q(closed_at__isnull=True), name="warning_slip_open_due"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        from mediation.rules.oversight import slip_number

        return slip_number(self.year, self.seq)


class ReinvestigationReport(models.Model):
    """The lead unit's re-investigation (二（二））: analysis, resolution and stabilisation plans.

    The supervising leader (or area chief) signs it, which closes the slip, or returns it with a
    reason; the unit then files a new report. At most one report per slip waits for a decision.
    """

    slip = models.ForeignKey(WarningSlip, on_delete=models.CASCADE, related_name="reports")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reinvestigation_reports")
    analysis = models.TextField(_("analysis of the causes"), max_length=5000)
    resolution_plan = models.TextField(_("resolution plan"), max_length=5000)
    stabilisation_plan = models.TextField(_("stabilisation plan"), max_length=5000)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("filed at"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("re-investigation report")
        verbose_name_plural = _("re-investigation reports")
        ordering = ["filed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slip"],
                condition=Q(signed_at__isnull=True, returned_at__isnull=True),
                name="one_pending_reinvestigation_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slip_id} {self.filed_at:%Y-%m-%d}"

    @property
    def pending(self) -> bool:
        return self.signed_at is None and self.returned_at is None


class OwnershipDuty(models.Model):
    """One of the five duties (五包, 二（四）) done by the owning leader, with its date and a note."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="ownership_duties")
    owner = models.ForeignKey(
        "departments.Leader", verbose_name=_("owning leader"), on_delete=models.PROTECT, related_name="+"
    )
    duty = models.CharField(_("duty"), max_length=20)
    done_on = models.DateField(_("done on"))
    note = models.TextField(_("note"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("ownership duty")
        verbose_name_plural = _("ownership duties")
        ordering = ["done_on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.duty} {self.done_on}"


class CaseConference(models.Model):
    """专题分析会 (二（四））: the owning leader's meeting on one hard case, and what it decided."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="conferences")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees"), blank=True, related_name="+"
    )
    other_attendees = models.CharField(_("other attendees"), max_length=500, blank=True)
    analysis = models.TextField(_("analysis"), max_length=5000)
    decisions = models.TextField(_("decisions"), max_length=5000)
    follow_up_actions = models.JSONField(_("follow-up actions"), default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"


# --- deadline clocks and extensions (issue 5) ----------------------------------------------------


class CaseClock(models.Model):
    """One time limit running on a case: when it falls due, which rule set it and how, and its state.

    Written by ``mediation.services.clocks`` (from the case's facts with ``rules.deadlines``) and
    swept set-based by ``mediation.tasks.deadlines_sweep`` (states, notifications).
    """

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")
        MET = "met", _("met")

    # No index of its own: the unique (case, clock) index serves lookups by case.
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="clocks", db_index=False
    )
    clock = models.CharField(_("clock"), max_length=30)
    started_on = models.DateField(_("started on"))
    due_on = models.DateField(_("due on"))
    provisional = models.BooleanField(_("provisional"), default=False)
    policy_code = models.CharField(max_length=60)
    basis = models.TextField(_("rule"))
    explanation = models.TextField(_("how it was computed"))
    candidates = models.JSONField(default=list, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RUNNING)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    extended = models.BooleanField(_("extended"), default=False)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("deadline clock")
        verbose_name_plural = _("deadline clocks")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "clock"], name="one_clock_per_case")]
        indexes = [
            # The sweep reads open clocks by due date.
            models.Index(fields=["due_on", "state"], condition=Q(met_at__isnull=True), name="caseclock_open"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.clock} {self.due_on}"


class Extension(models.Model):
    """A request to extend the reply clock (at most 30 days), decided by the director."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.TextField(_("reason"), max_length=2000)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    due_before = models.DateField(_("due before"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=2000, blank=True)
    due_after = models.DateField(_("new due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(decided_at__isnull=True), name="one_pending_extension"
            ),
            models.UniqueConstraint(fields=["case"], condition=Q(decision="approved"), name="one_approved_extension"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} +{self.days} {self.decision or 'pending'}"
