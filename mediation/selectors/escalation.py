"""Reads of escalated cases: where a case's oversight stands and what a person is towards it.

``oversight_for`` is what the services check before they write and what the case page shows;
``oversight_roles`` turns a person's standing (``cases.permissions.Viewer``) into the roles of
``mediation.rules.oversight``. The case itself must already come from the visibility rule.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from cases.models import Case
from cases.permissions import Viewer, case_roles
from cases.rules import status as st
from mediation.models import (
    CaseConference,
    Contact,
    OwnershipDuty,
    ProactiveAppointment,
    ReinvestigationReport,
    SupervisionOrder,
    WarningSlip,
)
from mediation.rules import oversight as ov
from mediation.rules.escalation import COLLECTIVE_THRESHOLD, REPEAT_THRESHOLD, EscalationAssessment, assess


def escalated_q() -> Q:
    """Cases that meet a trigger of 一（四）/二（二）, as the rules' thresholds say (for set-based reads)."""
    return (
        Q(repeat_count__gte=REPEAT_THRESHOLD)
        | Q(skip_level=True)
        | Q(group_size__gte=COLLECTIVE_THRESHOLD)
        | Q(extreme_behaviour=True)
    )


def assessment_of(case: Case) -> EscalationAssessment:
    return assess(max(1, case.repeat_count), case.skip_level, max(1, case.group_size), case.extreme_behaviour)


def is_assigned(case: Case) -> bool:
    """Signed out to a lead unit, so that a slip has someone to go to."""
    routing = getattr(case, "routing", None)
    return routing is not None and routing.lead_unit_id is not None and routing.signed_at is not None


@dataclass
class Oversight:
    """Where an escalated case stands, read fresh."""

    state: ov.OversightState
    assessment: EscalationAssessment
    open_slip: WarningSlip | None
    pending_report: ReinvestigationReport | None
    slips: list[WarningSlip] = field(default_factory=list)


def oversight_for(case: Case) -> Oversight:
    """The case's slips (oldest first, with their reports), its open slip and its pending report."""
    slips = list(
        WarningSlip.objects.filter(case=case)
        .select_related("issued_by", "lead_unit")
        .prefetch_related("reports__filed_by", "reports__signed_by", "reports__returned_by")
        .order_by("issued_at", "pk")
    )
    open_slip = next((s for s in slips if s.closed_at is None), None)
    pending = None
    if open_slip is not None:
        pending = next((r for r in open_slip.reports.all() if r.pending), None)
    assessment = assessment_of(case)
    state = ov.OversightState(
        escalated=assessment.escalated,
        assigned=is_assigned(case),
        terminal=case.status in st.TERMINAL_STATUSES,
        slip_open=open_slip is not None,
        report_pending=pending is not None,
    )
    return Oversight(state, assessment, open_slip, pending, slips)


def oversight_roles(viewer: Viewer | None, case: Case) -> frozenset[str]:
    """The person's roles of ``mediation.rules.oversight`` towards a case they can see."""
    if viewer is None:
        return frozenset()
    held = case_roles(viewer, case)
    roles: set[str] = set()
    if st.CLERK in held:
        roles.add(ov.PETITION_OFFICE)
    if st.HANDLER in held:
        roles.add(ov.LEAD_HANDLER)
    if st.UNIT_HEAD in held:
        roles.add(ov.LEAD_HEAD)
    routing = getattr(case, "routing", None)
    if viewer.leader_id is not None and routing is not None:
        if routing.lead_unit_id is not None and routing.lead_unit_id in viewer.supervised:
            roles.add(ov.LEAD_SUPERVISOR)
        if routing.owner_id == viewer.leader_id:
            roles.add(ov.OWNER)
    if viewer.is_director:
        roles.add(ov.DIRECTOR)
    return frozenset(roles)


def duties_for(case: Case) -> QuerySet[OwnershipDuty]:
    return case.ownership_duties.select_related("owner__user", "recorded_by").order_by("done_on", "recorded_at", "pk")


def conferences_for(case: Case) -> QuerySet[CaseConference]:
    conferences = case.conferences.select_related("recorded_by").prefetch_related(attendees_in_order())
    return conferences.order_by("held_on", "pk")


def appointments_for(case: Case) -> QuerySet[ProactiveAppointment]:
    return case.proactive_appointments.select_related("owner__user", "recorded_by").order_by("on", "pk")


def is_leader_led(case: Case) -> bool:
    """Owned by a leader (一（四））: it meets a trigger now, or the routing made it leader-led."""
    routing = getattr(case, "routing", None)
    return assessment_of(case).escalated or bool(routing is not None and routing.leader_led)


def completion_missing(case: Case) -> tuple[str, ...]:
    """What a leader-led case still lacks before its completion signature (``ov.completion_requirements``)."""
    if not is_leader_led(case):
        return ()
    slips = list(WarningSlip.objects.filter(case=case).values_list("closed_at", flat=True))
    return ov.completion_requirements(
        leader_led=True,
        duties_done=set(case.ownership_duties.values_list("duty", flat=True)),
        conference_held=case.conferences.exists(),
        slips_issued=len(slips),
        slip_open=any(closed is None for closed in slips),
        appointment_recorded=case.proactive_appointments.exists(),
        anonymous=case.is_anonymous,
    )


def completion_missing_labels(case: Case) -> list[str]:
    """``completion_missing`` in the rulebook's words, as a case page lists them."""
    return [ov.REQUIREMENT_LABELS[code] for code in completion_missing(case)]


def reply_missing(case: Case) -> tuple[str, ...]:
    """一（二）: the site visit, when the latest first call left the request unclear and none followed it."""
    contacts = list(case.contacts.order_by("at", "pk").values_list("kind", "request_clear", "at"))
    calls = [c for c in contacts if c[0] == Contact.Kind.FIRST_CONTACT]
    if not calls:
        return ()
    last_call = calls[-1]
    visited = any(c[0] == Contact.Kind.SITE_VISIT and c[2] >= last_call[2] for c in contacts)
    return ov.reply_requirements(request_unclear=not last_call[1], site_visit_recorded=visited)


def supervision_orders_for(case: Case) -> QuerySet[SupervisionOrder]:
    return case.supervision_orders.select_related("issued_by", "answered_by", "unit").order_by("issued_at", "pk")


def attendees_in_order() -> Prefetch:
    """A meeting's staff attendees in one order on every database: by name (then by who was added first)."""
    return Prefetch("attendees", queryset=get_user_model().objects.order_by("last_name", "first_name", "pk"))
