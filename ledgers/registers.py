"""The registers (台账) the center keeps: which cases each holds and its columns, in one place.

Five of the petition work (petitions, leader-led, warning slips, joint reception, repeats) and one
per other service behind the window (issue 16): legal consultations, legal aid, governance
incidents and reports. The reports register names no reporter to anyone (``names_reporters``):
it says whether a report is named or anonymous, and its search finds nobody by name, phone or ID.

A ledger is a list of cases (one row per case) narrowed by ``scope`` and read with the annotations
of its columns: the page and the export read the same annotated queryset, so their rows agree.
Every column is one SQL expression (a field or a subquery on the case), so a page costs the same
number of queries whatever rows it shows, and an export reads plain tuples (``values_list``).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import Case as Case_
from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Q, StringAgg, Subquery, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseEvent, CaseKind, Channel, Petitioner, ReportCategory, Service
from cases.rules import status as st
from governance.models import GridWorker, RiskLevel
from lobby.models import AlertRecipient, JointReceptionAlert
from mediation.models import (
    CaseClock,
    FollowUp,
    LegalConsultation,
    OwnershipDuty,
    ReinvestigationReport,
    Reply,
    WarningSlip,
)
from mediation.models.escalation import CaseConference

# DAY: a moment kept as a time, shown as the day it fell on in the center's time zone.
TEXT, DATE, DAY, TIME, NUMBER, LIST = "text", "date", "day", "time", "number", "list"
REPEAT_FROM = 3  # times raised, as ``Case.is_repeat``
FIVE_DUTIES = 5


@dataclass(frozen=True)
class Col:
    """A column: the annotation it reads, its Chinese heading, how a cell is written."""

    key: str
    heading: Promise
    kind: str = TEXT
    labels: Mapping[str, str] | None = None  # a stored code shown by its name
    width: int = 12
    on_page: bool = True


@dataclass(frozen=True)
class Ledger:
    slug: str
    title: Promise
    scope: Q
    columns: tuple[Col, ...]
    extra: Callable[[], dict] = field(default=dict)  # annotations of this ledger's own columns
    ordering: str = "-received_at"
    names_reporters: bool = True  # False: no reporter is named to anyone, nor found by a search


def _latest(model, value: str, *, order: str, **where):
    return Subquery(model.objects.filter(case=OuterRef("pk"), **where).order_by(order, "-pk").values(value)[:1])


def _count(queryset, column: str = "case"):
    return Subquery(
        queryset.filter(**{column: OuterRef("pk")}).order_by().values(column).annotate(n=Count("pk")).values("n")[:1]
    )


def person_name(prefix: str):
    """A staff member's name as the ledger shows it: family name then given name, else the login."""
    full = Concat(F(f"{prefix}last_name"), F(f"{prefix}first_name"))
    return Coalesce(NullIf(full, Value("")), F(f"{prefix}username"))


def common_annotations(hidden: Q) -> dict:
    """What every ledger may show; ``hidden``: the cases whose reporter the reader may not know."""
    primary = Petitioner.objects.filter(case=OuterRef("pk"), is_primary=True).values("name")[:1]
    return {
        "petitioner_name": Case_(When(hidden, then=Value("")), default=Subquery(primary)),
        "village_name": F("village__name"),
        "kind": F("routing__kind"),
        "lead_unit_name": F("routing__lead_unit__name"),
        "owner_name": person_name("routing__owner__user__"),
        "replied_on": _latest(Reply, "delivered_on", order="-delivered_on", delivered_on__isnull=False),
        "result": _latest(Reply, "decision", order="-delivered_on", delivered_on__isnull=False),
        "followed_up_at": _latest(FollowUp, "at", order="-at"),
        "satisfaction": _latest(FollowUp, "satisfaction", order="-at"),
    }


STATUS = dict(st.ALL_STATUS_LABELS)
CHANNELS = dict(Channel.choices)
KINDS = dict(CaseKind.choices)
SATISFACTION = dict(FollowUp.Satisfaction.choices)
ALERT_REASONS = dict(JointReceptionAlert.Reason.choices)

CODE = Col("tracking_code", _("tracking code"), width=16)
RECEIVED = Col("received_at", _("received at"), TIME, width=17)
CHANNEL = Col("channel", _("channel"), labels=CHANNELS, width=8)
PETITIONER = Col("petitioner_name", _("petitioner"), width=10)
VILLAGE = Col("village_name", _("village"), width=12)
MATTER = Col("request", _("matter"), width=40)
KIND = Col("kind", _("case kind"), labels=KINDS, width=12)
LEAD = Col("lead_unit_name", _("lead unit"), width=14)
OWNER = Col("owner_name", _("owning leader"), width=10)
REPLY_DUE = Col("reply_due_on", _("reply due"), DATE, width=11)
REPLIED = Col("replied_on", _("replied on"), DATE, width=11)
RESULT = Col("result", _("result"), width=40, on_page=False)
STATUS_COL = Col("status", _("status"), labels=STATUS, width=10)
FOLLOWED = Col("followed_up_at", _("followed up at"), TIME, width=17)
SATISFIED = Col("satisfaction", _("satisfaction"), labels=SATISFACTION, width=10)

PETITIONS = Ledger(
    slug="petitions",
    title=_("Petition register"),
    scope=Q(),
    columns=(
        CODE,
        RECEIVED,
        CHANNEL,
        PETITIONER,
        VILLAGE,
        MATTER,
        KIND,
        LEAD,
        OWNER,
        REPLY_DUE,
        REPLIED,
        RESULT,
        STATUS_COL,
        FOLLOWED,
        SATISFIED,
    ),
)


def _leader_led_extra() -> dict:
    duties = OwnershipDuty.objects.filter(case=OuterRef("pk")).order_by().values("case")
    return {
        "duties_done": Coalesce(Subquery(duties.annotate(n=Count("duty", distinct=True)).values("n")[:1]), 0),
        "last_conference_on": Subquery(
            CaseConference.objects.filter(case=OuterRef("pk"))
            .order_by()
            .values("case")
            .annotate(d=Max("held_on"))
            .values("d")[:1]
        ),
    }


LEADER_LED = Ledger(
    slug="leader-led",
    title=_("Leader-led register"),
    scope=Q(routing__leader_led=True) | Q(routing__owner__isnull=False),
    columns=(
        CODE,
        RECEIVED,
        PETITIONER,
        VILLAGE,
        MATTER,
        OWNER,
        LEAD,
        Col("duties_done", _("of the five duties done"), NUMBER, width=8),
        Col("last_conference_on", _("last case conference"), DATE, width=11),
        REPLY_DUE,
        REPLIED,
        STATUS_COL,
        SATISFIED,
    ),
    extra=_leader_led_extra,
)


def _slip_extra() -> dict:
    def latest(value):
        return _latest(WarningSlip, value, order="-issued_at")

    signed = ReinvestigationReport.objects.filter(case=OuterRef("pk"), signed_at__isnull=False)
    return {
        # As printed on the slip (``mediation.rules.oversight.slip_number``): 预警〔2026〕第3号.
        "slip_number": Concat(
            Value("预警〔"),
            Cast(latest("year"), CharField()),
            Value("〕第"),
            Cast(latest("seq"), CharField()),
            Value("号"),
        ),
        "slip_issued_at": latest("issued_at"),
        "slip_reasons": latest("reasons"),
        "slip_unit_name": latest("lead_unit__name"),
        "slip_due_on": latest("reinvestigation_due_on"),
        "slip_overdue_at": latest("overdue_at"),
        "slip_closed_at": latest("closed_at"),
        "slips": _count(WarningSlip.objects.all()),
        "report_signed_at": Subquery(signed.order_by("-signed_at").values("signed_at")[:1]),
    }


WARNING_SLIPS = Ledger(
    slug="warning-slips",
    title=_("Warning-slip register"),
    scope=Q(Exists(WarningSlip.objects.filter(case=OuterRef("pk")))),
    columns=(
        Col("slip_number", _("slip number"), width=14),
        Col("slip_issued_at", _("issued at"), TIME, width=17),
        CODE,
        PETITIONER,
        VILLAGE,
        MATTER,
        Col("slip_reasons", _("reasons"), LIST, width=40, on_page=False),
        Col("slip_unit_name", _("lead unit"), width=14),
        Col("slip_due_on", _("re-investigation due"), DATE, width=11),
        Col("report_signed_at", _("re-investigation report signed"), TIME, width=17),
        Col("slip_overdue_at", _("marked overdue at"), TIME, width=17),
        Col("slip_closed_at", _("closed at"), TIME, width=17),
        Col("slips", _("slips issued"), NUMBER, width=8),
        STATUS_COL,
    ),
    extra=_slip_extra,
    ordering="-slip_issued_at",
)


def _joint_extra() -> dict:
    recipients = AlertRecipient.objects.all()
    acknowledged = AlertRecipient.objects.filter(acknowledged_at__isnull=False)
    return {
        "alert_at": F("joint_reception_alert__created_at"),
        "alert_reason": F("joint_reception_alert__reason"),
        "alert_people": F("joint_reception_alert__group_size"),
        "alert_recipients": Coalesce(_count(recipients, "alert__case"), 0),
        "alert_acknowledged": Coalesce(_count(acknowledged, "alert__case"), 0),
    }


JOINT_RECEPTION = Ledger(
    slug="joint-reception",
    title=_("Joint-reception register"),
    scope=Q(joint_reception_alert__isnull=False),
    columns=(
        Col("alert_at", _("raised at"), TIME, width=17),
        Col("alert_reason", _("cause"), labels=ALERT_REASONS, width=14),
        Col("alert_people", _("number of people"), NUMBER, width=8),
        CODE,
        PETITIONER,
        VILLAGE,
        MATTER,
        LEAD,
        Col("alert_recipients", _("heads called"), NUMBER, width=8),
        Col("alert_acknowledged", _("heads who acknowledged"), NUMBER, width=8),
        REPLY_DUE,
        REPLIED,
        STATUS_COL,
    ),
    extra=_joint_extra,
    ordering="-alert_at",
)

REPEATS = Ledger(
    slug="repeats",
    title=_("Repeat-petition register"),
    scope=Q(repeat_count__gte=REPEAT_FROM),
    columns=(
        CODE,
        RECEIVED,
        PETITIONER,
        VILLAGE,
        MATTER,
        Col("repeat_count", _("times raised"), NUMBER, width=8),
        Col("skip_level", _("taken past the subdistrict"), labels={True: _("yes"), False: _("no")}, width=8),
        LEAD,
        OWNER,
        REPLY_DUE,
        REPLIED,
        STATUS_COL,
        SATISFIED,
    ),
)


def _event(kind, value, **where):
    """The latest event of ``kind`` on the case: its time (``"at"``) or a key of its data."""
    events = CaseEvent.objects.filter(case=OuterRef("pk"), kind=kind, **where).order_by("-at", "-pk")
    if value != "at":
        events = events.annotate(value=KT(f"data__{value}"))
        value = "value"
    return Subquery(events.values(value)[:1])


def _clock_due(clock: str):
    return _latest(CaseClock, "due_on", order="-started_on", clock=clock)


CONSULTATION_CLOSED = ("legal_consultation_given", "legal_consultation_held", "legal_consultation_closed_unattended")


def _consultation_extra() -> dict:
    return {
        "consultation_question": F("legal_consultation__question"),
        "consultation_advice": F("legal_consultation__advice"),
        "consultation_law": F("legal_consultation__law_cited"),
        "consultation_mode": F("legal_consultation__mode"),
        "consultation_lawyer": F("legal_consultation__lawyer"),
        "consultation_booked_for": F("legal_consultation__booked_for"),
        "consultation_closed_at": _latest(CaseEvent, "at", order="-at", kind__in=CONSULTATION_CLOSED),
    }


LEGAL_CONSULTATIONS = Ledger(
    slug="legal-consultations",
    title=_("Legal consultation register"),
    scope=Q(service=Service.LEGAL_CONSULTATION),
    columns=(
        CODE,
        RECEIVED,
        PETITIONER,
        VILLAGE,
        Col("consultation_question", _("question"), width=40),
        Col("consultation_advice", _("advice given"), width=40, on_page=False),
        Col("consultation_law", _("law cited"), width=20),
        Col("consultation_mode", _("on the spot or booked"), labels=dict(LegalConsultation.Mode.choices), width=12),
        Col("consultation_booked_for", _("booked for"), TIME, width=17),
        Col("consultation_lawyer", _("duty lawyer"), width=10),
        Col("consultation_closed_at", _("closed at"), TIME, width=17),
        STATUS_COL,
    ),
    extra=_consultation_extra,
)

LEGAL_AID_DECISIONS = {"granted": _("legal aid granted"), "refused": _("legal aid refused")}


def _legal_aid_extra() -> dict:
    return {
        "aid_complete_at": F("legal_aid_checklist__complete_at"),
        "aid_decision": _event("legal_aid_decided", "decision"),
        "aid_decided_at": _event("legal_aid_decided", "at"),
        "aid_decision_due_on": _clock_due("legal_aid_decision"),
        "aid_lawyer": _event("legal_aid_lawyer_assigned", "lawyer"),
        "aid_firm": _event("legal_aid_lawyer_assigned", "firm"),
        "aid_lawyer_at": _event("legal_aid_lawyer_assigned", "at"),
    }


LEGAL_AID = Ledger(
    slug="legal-aid",
    title=_("Legal aid register"),
    scope=Q(service=Service.LEGAL_AID),
    columns=(
        CODE,
        RECEIVED,
        Col("petitioner_name", _("applicant"), width=10),
        VILLAGE,
        MATTER,
        Col("aid_complete_at", _("application complete on"), DAY, width=11),
        Col("aid_decision_due_on", _("decision due"), DATE, width=11),
        Col("aid_decision", _("legal-aid decision"), labels=LEGAL_AID_DECISIONS, width=12),
        Col("aid_decided_at", _("decided on"), DAY, width=11),
        Col("aid_lawyer", _("legal-aid lawyer"), width=10),
        Col("aid_firm", _("law firm"), width=16, on_page=False),
        Col("aid_lawyer_at", _("lawyer assigned on"), DAY, width=11),
        STATUS_COL,
    ),
    extra=_legal_aid_extra,
)


def _incident_extra() -> dict:
    response = CaseClock.objects.filter(case=OuterRef("pk"), clock="governance_response")
    return {
        "incident_reported_at": F("governance_incident__reported_at"),
        "incident_reporter_kind": F("governance_incident__reporter__grid_worker__kind"),
        "incident_village": F("governance_incident__village__name"),
        "incident_address": F("governance_incident__address"),
        "incident_category": F("governance_incident__category__name"),
        "incident_risk": F("governance_incident__risk_level"),
        # Dispatching starts the response clock: until then the incident is with the governance office.
        "incident_unit": Case_(When(Exists(response), then=F("routing__lead_unit__name")), default=Value("")),
        "incident_response_due_on": Subquery(response.values("due_on")[:1]),
        "incident_closed_at": F("governance_incident__closed_at"),
        "incident_measure": F("governance_incident__measure"),
    }


GOVERNANCE_INCIDENTS = Ledger(
    slug="governance-incidents",
    title=_("Governance incident register"),
    scope=Q(governance_incident__isnull=False),
    columns=(
        CODE,
        Col("incident_reported_at", _("reported at"), TIME, width=17),
        Col("incident_reporter_kind", _("reporter kind"), labels=dict(GridWorker.Kind.choices), width=12),
        Col("incident_village", _("village"), width=12),
        Col("incident_address", _("address"), width=24),
        Col("incident_category", _("category"), width=12),
        Col("incident_risk", _("risk level"), labels=dict(RiskLevel.choices), width=8),
        MATTER,
        Col("incident_unit", _("dispatched to"), width=14),
        Col("incident_response_due_on", _("response due"), DATE, width=11),
        Col("incident_closed_at", _("closed at"), TIME, width=17),
        Col("incident_measure", _("measure taken"), width=40, on_page=False),
        STATUS_COL,
    ),
    extra=_incident_extra,
    ordering="-incident_reported_at",
)


def _report_extra() -> dict:
    accused = Case.accused_units.through.objects.filter(case=OuterRef("pk")).order_by().values("case")
    names = accused.annotate(names=StringAgg("unit__name", Value("、"))).values("names")
    return {"reported_units": Subquery(names[:1])}


REPORTS = Ledger(
    slug="reports",
    title=_("Report register"),
    scope=Q(service=Service.COMPLAINT),
    # Who reported is for the staff handling the report, on the case page: never in a register.
    columns=(
        CODE,
        RECEIVED,
        CHANNEL,
        Col("report_category", _("what the report is about"), labels=dict(ReportCategory.choices), width=14),
        Col("is_anonymous", _("named or anonymous"), labels={False: _("named"), True: _("anonymous")}, width=8),
        Col("reported_units", _("unit reported"), width=14),
        Col("lead_unit_name", _("handling unit"), width=14),
        STATUS_COL,
        REPLY_DUE,
        REPLIED,
    ),
    extra=_report_extra,
    names_reporters=False,
)

LEDGERS: dict[str, Ledger] = {
    ledger.slug: ledger
    for ledger in (
        PETITIONS,
        LEADER_LED,
        WARNING_SLIPS,
        JOINT_RECEPTION,
        REPEATS,
        LEGAL_CONSULTATIONS,
        LEGAL_AID,
        GOVERNANCE_INCIDENTS,
        REPORTS,
    )
}
