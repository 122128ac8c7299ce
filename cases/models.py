"""The case record: what the center knows of a case, whoever works it.

A case (信访事项), its petitioners, attachments, repeat links, its append-only events and its
routing (who leads, who assists, who owns it) are one record, read and written by every app
above this one. The tables keep the names they were created with (``intake_*``,
``mediation_routing``): the models moved here in issue 14, the data did not.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from cases.events import ANSWERED_KINDS
from cases.rules.tracking import tracking_code_display
from departments.models import Unit, Village


class PrivateStorage(LazyObject):
    """Attachments live outside MEDIA_ROOT: no URL serves them but the permission-checked view."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = PrivateStorage()


def get_private_storage():
    """Attachments' storage, as a callable so that migrations do not freeze its location."""
    return private_storage


class Channel(models.TextChoices):
    VISIT = "visit", _("visit")
    KIOSK = "kiosk", _("lobby kiosk")
    LETTER = "letter", _("letter")
    PHONE = "phone", _("phone")
    ONLINE = "online", _("online")


class Service(models.TextChoices):
    PETITION = "petition", _("petition")
    COMPLAINT = "complaint", _("complaint or report")
    LEGAL_CONSULTATION = "legal_consultation", _("legal consultation")
    LEGAL_AID = "legal_aid", _("legal aid")
    MEDIATION = "mediation", _("mediation")
    GOVERNANCE = "governance", _("governance")


class ReportCategory(models.TextChoices):
    """What a report (举报) is about: its competent unit is found by this (``mediation.rules.routing.reports``)."""

    VILLAGE_AFFAIRS = "village_affairs", _("village affairs and finances")
    LAND = "land", _("land and homesteads")
    CONSTRUCTION = "construction", _("illegal construction")
    ENVIRONMENT = "environment", _("pollution")
    SOCIAL_ASSISTANCE = "social_assistance", _("social assistance and insurance")
    WORKPLACE_SAFETY = "workplace_safety", _("workplace safety and wages")
    PUBLIC_ORDER = "public_order", _("public order and hazards")
    OTHER = "other", _("other")


class Kiosk(models.Model):
    """A lobby touch screen, enrolled by an administrator; rate limits count per kiosk."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    secret_hash = models.CharField(max_length=128, editable=False, blank=True)
    enrollment_hash = models.CharField(max_length=128, editable=False, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled at"), null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "intake_kiosk"
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """One matter raised by residents (信访事项): the center's unit of work."""

    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    service = models.CharField(_("service"), max_length=30, choices=Service.choices)
    request = models.TextField(_("request"), max_length=5000)
    group_size = models.PositiveIntegerField(_("number of people"), default=1)
    is_conduct_complaint = models.BooleanField(_("about an official's conduct"), default=False)
    accused_description = models.CharField(_("about whom"), max_length=200, blank=True)
    accused_units = models.ManyToManyField(
        Unit,
        verbose_name=_("units complained about"),
        blank=True,
        related_name="+",
        db_table="intake_case_accused_units",
    )
    accused_persons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people complained about"),
        blank=True,
        related_name="+",
        db_table="intake_case_accused_persons",
    )
    accused_pending = models.BooleanField(
        _("accused to be confirmed by the discipline office"),
        default=False,
        help_text="proposed from the free text; until confirmed only the discipline office and the director see it",
    )
    refer_to_district = models.BooleanField(
        _("for the district discipline commission"),
        default=False,
        help_text="the director or the discipline office (or its head) is among the accused",
    )
    repeat_count = models.PositiveIntegerField(
        _("times raised"),
        default=1,
        help_text="the escalation count (every earlier raising, hidden ones included); pages show the viewer's own",
    )
    skip_level = models.BooleanField(_("taken past the subdistrict"), default=False)
    extreme_behaviour = models.BooleanField(_("extreme behaviour observed"), default=False)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(_("status"), max_length=30, default="registered", db_index=True)
    received_at = models.DateTimeField(_("received at"))
    reply_due_on = models.DateField(_("reply due"))
    reply_due_provisional = models.BooleanField(default=False)
    reply_due_basis = models.CharField(max_length=300, blank=True)
    consent_at = models.DateTimeField(_("personal-data notice accepted at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kiosk = models.ForeignKey(Kiosk, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    submission_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    idempotency_key = models.CharField(max_length=128, null=True, blank=True, unique=True, editable=False)
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # A report (service "complaint") filed without name or phone: the reporter follows it with the
    # tracking code and a passphrase they chose, kept only as a hash (Django's password hashers).
    is_anonymous = models.BooleanField(_("anonymous report"), default=False, editable=False)
    report_category = models.CharField(
        _("what the report is about"), max_length=30, choices=ReportCategory.choices, blank=True
    )
    passphrase_hash = models.CharField(max_length=128, blank=True, editable=False)
    proxy_requested = models.BooleanField(
        _("asks for a proxy agent"), default=False, help_text="代办 (二（三）): the resident asked for an agent"
    )

    class Meta:
        db_table = "intake_case"
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(condition=Q(group_size__gte=1), name="case_group_size_positive"),
            models.CheckConstraint(
                condition=Q(is_anonymous=False, passphrase_hash="") | (Q(is_anonymous=True) & ~Q(passphrase_hash="")),
                name="case_anonymous_has_passphrase",
            ),
        ]

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        return tracking_code_display(self.tracking_code)

    @property
    def is_collective(self) -> bool:
        return self.group_size >= 5

    @property
    def is_repeat(self) -> bool:
        return self.repeat_count >= 3


class Petitioner(models.Model):
    """A resident who raised the case; a group visit has several."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="petitioners")
    name = models.CharField(_("name"), max_length=40)
    phone = models.CharField(_("phone"), max_length=20, db_index=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True, db_index=True)
    village = models.ForeignKey(Village, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_primary = models.BooleanField(default=False)

    class Meta:
        db_table = "intake_petitioner"
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")
        ordering = ["-is_primary", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(is_primary=True), name="one_primary_petitioner"),
        ]

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    """A file a petitioner handed in: an image or a PDF, checked by its content."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=get_private_storage, upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        db_table = "intake_attachment"
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class CaseLink(models.Model):
    """An earlier case of the same petitioner about a similar matter (repeat detection)."""

    class State(models.TextChoices):
        DETECTED = "detected", _("detected")
        CONFIRMED = "confirmed", _("confirmed")
        UNDONE = "undone", _("undone")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    earlier = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="later_links")
    similarity = models.FloatField()
    matched_on = models.CharField(max_length=20)  # "id_number" or "phone"
    state = models.CharField(max_length=20, choices=State.choices, default=State.DETECTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "intake_caselink"
        constraints = [models.UniqueConstraint(fields=["case", "earlier"], name="one_link_per_pair")]
        ordering = ["-earlier__received_at"]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.earlier_id} ({self.state})"


class CaseEvent(models.Model):
    """One step on a case's record: append-only (accountability, rule 12)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=40)
    public = models.BooleanField(default=False, help_text="shown on the public tracking page")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "intake_caseevent"
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["case", "at"]),
            # The statistics ask whether each case of a period is answered (completed, 办结): read
            # from this small index instead of every event (200,000 cases: 258 → 160 ms a query).
            models.Index(fields=["case"], condition=Q(kind__in=ANSWERED_KINDS), name="caseevent_answered"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("case events are append-only")
        super().save(*args, **kwargs)


class CaseKind(models.TextChoices):
    """What kind of matter a case is, for routing (rulebook 一（一）, 二（八））."""

    POLICY = "policy", _("policy question")
    EXECUTION = "execution", _("failure of execution")
    CONDUCT = "conduct", _("official's conduct")
    LEGAL = "legal", _("legal matter")
    MEDIATION = "mediation", _("civil dispute")
    GOVERNANCE = "governance", _("governance matter")


class Routing(models.Model):
    """Where a case goes: the proposal of the rulebook, what the clerk confirmed, and the queue.

    ``Case.status`` stays the one status field. ``queued_at`` is the queue's bookkeeping:
    set while the case waits in its lead unit's shared queue (picked by nobody), empty otherwise.
    """

    case = models.OneToOneField(
        Case, verbose_name=_("case"), primary_key=True, on_delete=models.CASCADE, related_name="routing"
    )
    kind = models.CharField(_("case kind"), max_length=20, choices=CaseKind.choices)
    kind_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    line_office = models.ForeignKey(
        "departments.Unit",
        verbose_name=_("responsible line office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "line_office"},
    )
    proposal = models.JSONField(_("proposed routing"), default=dict, blank=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    lead_unit = models.ForeignKey(
        "departments.Unit",
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_routings",
    )
    assisting_units = models.ManyToManyField(
        "departments.Unit",
        verbose_name=_("assisting units"),
        blank=True,
        related_name="assisting_routings",
        db_table="mediation_routing_assisting_units",
    )
    owner = models.ForeignKey(
        "departments.Leader",
        verbose_name=_("owning leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_routings",
    )
    leader_led = models.BooleanField(_("leader-led"), default=False)
    confidential = models.BooleanField(_("confidential"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_under = models.ForeignKey(
        "departments.Delegation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="picked_routings",
    )
    picked_at = models.DateTimeField(null=True, blank=True)
    # The earliest due date of the case's open clocks, its reply date while it has none
    # (``mediation.selectors.due.case_next_due``), kept by ``mediation.services.due`` in the
    # transaction of every clock change, so that queues count and sort by it through an index.
    next_due_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "mediation_routing"
        verbose_name = _("routing")
        verbose_name_plural = _("routings")
        indexes = [
            # A unit's shared queue, oldest first, read by keyset: (lead_unit, queued_at, case).
            models.Index(
                fields=["lead_unit", "queued_at", "case"],
                condition=Q(queued_at__isnull=False),
                name="routing_queue",
            ),
            # Cases in hand, per unit and per person.
            models.Index(
                fields=["lead_unit", "picked_at", "case"],
                condition=Q(picked_by__isnull=False),
                name="routing_in_hand",
            ),
            models.Index(
                fields=["picked_by", "picked_at", "case"],
                condition=Q(picked_by__isnull=False),
                name="routing_picked_by",
            ),
            # What falls due in a unit's queue and in its hands (the live screens' overdue and due-soon counts).
            models.Index(
                fields=["lead_unit", "next_due_on", "case"],
                condition=Q(queued_at__isnull=False) | Q(picked_by__isnull=False),
                name="routing_open_due",
            ),
            # What falls due first in the whole center (the director's screen).
            models.Index(
                fields=["next_due_on", "case"],
                condition=Q(queued_at__isnull=False) | Q(picked_by__isnull=False),
                name="routing_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.lead_unit_id}"


# Units that may lead a report (the kinds of ``mediation.rules.routing.reports.KIND_FOR_UNIT``).
REPORT_UNIT_KINDS = ["line_office", "governance_office", "legal_service", "mediation_committee"]


class ReportRoute(models.Model):
    """One row of the report routing table, kept in the admin: reports of this category go to this unit.

    A row overrides the default row of its category (``mediation.rules.routing.reports``); a report
    about an official's conduct never reads the table.
    """

    category = models.CharField(
        _("what the report is about"), max_length=30, choices=ReportCategory.choices, unique=True
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("competent unit"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_active": True, "kind__in": REPORT_UNIT_KINDS},
    )

    class Meta:
        verbose_name = _("report routing row")
        verbose_name_plural = _("report routing table")
        ordering = ["category"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} → {self.unit}"


class ProxyHandling(models.Model):
    """代办 (二（三））: a proxy agent carries the case for the resident, with the resident's consent.

    One agent per case at a time; a change is on the case's record. The agent sees the case through
    the visibility rule's grant for agents (the deny still applies to them like to anyone).
    """

    class Via(models.TextChoices):
        KIOSK = "kiosk", _("asked at the kiosk")
        ONLINE = "online", _("asked online")
        DESK = "desk", _("asked at the desk")
        AGENT = "agent", _("the agent filed for the resident")

    case = models.OneToOneField(
        Case, verbose_name=_("case"), primary_key=True, on_delete=models.CASCADE, related_name="proxy"
    )
    agent = models.ForeignKey(
        "departments.ProxyAgent", verbose_name=_("proxy agent"), on_delete=models.PROTECT, related_name="handlings"
    )
    requested_via = models.CharField(_("requested"), max_length=10, choices=Via.choices)
    consent = models.CharField(_("the resident's consent"), max_length=300)
    consent_at = models.DateTimeField(_("consent recorded at"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"))

    class Meta:
        db_table = "cases_proxyhandling"
        verbose_name = _("proxy handling")
        verbose_name_plural = _("proxy handlings")
        indexes = [models.Index(fields=["agent"], name="proxy_handling_agent")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.agent_id}"
