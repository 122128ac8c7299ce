"""Incidents: a grid worker or a village reports one, the governance office dispatches it, the unit closes it.

The incident becomes a governance case through ``intake.services.case_file`` (tracking code,
routing, clocks, the audit trail); its status moves by the governance table of
``cases.rules.status``; the dispatch starts the response clock of its risk level
(``mediation.rules.deadlines``, the center's own rule), and the measure taken meets it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from cases.models import Case, Channel, Routing
from cases.rules import status as st
from departments.models import Unit, Village
from governance.models import GridWorker, Incident, IncidentCategory, RiskLevel, ScreeningItem
from governance.permissions import check_governance_case, check_grid_worker, check_incident_village
from intake.attachments import CheckedFile
from intake.services import CaseInput, PetitionerInput, case_file
from mediation.calendar import work_calendar
from mediation.models import CaseClock
from mediation.permissions import check_worker
from mediation.rules import clocks as clock_rules
from mediation.rules.deadlines import CaseClockFacts, compute_deadlines
from mediation.services.clocks import case_clocks_refresh
from mediation.services.common import (
    REASON_MAX,
    broadcast,
    check,
    check_unit_may_lead,
    event,
    load,
    move,
    now_or,
    roles,
    unit_ref,
)
from mediation.services.due import next_due_store

ADDRESS_MAX = 200
DESCRIPTION_MAX = 2000
RESPONSE_CLOCK = "governance_response"


@dataclass(frozen=True)
class IncidentInput:
    """An incident as the reporting form validated it."""

    village: Village
    address: str
    category: IncidentCategory
    risk_level: str
    description: str


def _text(value: str, *, required: str, too_long: str, limit: int, code: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ActionRefused(required, code=code)
    if len(text) > limit:
        raise ActionRefused(too_long, code=code)
    return text


def _checked(data: IncidentInput, photos: Sequence[CheckedFile]) -> IncidentInput:
    if data.risk_level not in RiskLevel.values:
        raise ActionRefused(_("Choose the risk level."), code="risk_level")
    if data.category is None or not data.category.is_active:
        raise ActionRefused(_("Choose a category from the list."), code="category")
    if data.village is None:
        raise ActionRefused(_("Choose the village."), code="village")
    if any(not photo.content_type.startswith("image/") for photo in photos):
        raise ActionRefused(_("Only photos can be attached to an incident."), code="photos")
    address = _text(
        data.address,
        required=_("Give the address where it happened."),
        too_long=_("The address is longer than 200 characters."),
        limit=ADDRESS_MAX,
        code="address",
    )
    description = _text(
        data.description,
        required=_("Describe what happened."),
        too_long=_("The description is longer than 2000 characters."),
        limit=DESCRIPTION_MAX,
        code="description",
    )
    return IncidentInput(data.village, address, data.category, data.risk_level, description)


def _request_text(data: IncidentInput) -> str:
    return _("%(description)s\n\nLocation: %(village)s, %(address)s. Category: %(category)s. %(risk)s.") % {
        "description": data.description,
        "village": data.village.name,
        "address": data.address,
        "category": data.category.name,
        "risk": RiskLevel(data.risk_level).label,
    }


def governance_office() -> Unit | None:
    """The unit that receives incidents and dispatches them (the first active governance office)."""
    return Unit.objects.filter(kind=Unit.Kind.GOVERNANCE_OFFICE, is_active=True).order_by("pk").first()


def _reporter(worker: GridWorker, data: IncidentInput) -> PetitionerInput:
    name = worker.user.get_full_name() or worker.user.get_username()
    return PetitionerInput(name=name[:40], phone=worker.phone, village=data.village, address=data.address)


@transaction.atomic
def incident_report(
    *,
    actor,
    data: IncidentInput,
    photos: Sequence[CheckedFile] = (),
    submission_token: str | None = None,
    now: datetime | None = None,
) -> Incident:
    """A grid worker or a village's staff report an incident: it becomes a governance case received
    by the governance office (a village's staff report for their own village only).

    The same submission token (a double tap, a retried upload) answers the incident reported the
    first time instead of a second one.
    """
    now = now_or(now)
    worker = check_grid_worker(actor)
    data = _checked(data, photos)
    check_incident_village(worker, data.village)
    office = governance_office()
    if office is None:
        raise ActionRefused(_("The center has no governance office to receive incidents."), code="no_office")
    filed = case_file(
        data=CaseInput(
            channel=Channel.ONLINE,
            service="governance",
            request=_request_text(data),
            petitioners=[_reporter(worker, data)],
            consent=True,
            village=data.village,
        ),
        files=photos,
        actor=actor,
        submission_token=submission_token,
        now=now,
    )
    if not filed.created:
        incident = Incident.objects.filter(case=filed.case, reporter=actor).first()
        if incident is None:
            raise ActionRefused(_("This form was already sent. Open a new form to report another incident."))
        return incident
    case = filed.case
    receive(case, office)
    incident = Incident.objects.create(
        case=case,
        reporter=actor,
        village=data.village,
        address=data.address,
        category=data.category,
        risk_level=data.risk_level,
        reported_at=now,
    )
    event(
        case,
        actor,
        "incident_reported",
        now,
        category=data.category.name,
        risk_level=data.risk_level,
        village=data.village.name,
        address=data.address,
        photos=len(photos),
        unit=unit_ref(office),
    )
    broadcast(case.pk, "new", office.pk)
    return incident


def receive(case: Case, office: Unit) -> None:
    """The governance office receives the case: it leads it (and sees it) until it dispatches it."""
    routing = Routing.objects.get(pk=case.pk)
    routing.lead_unit = office
    routing.save(update_fields=["lead_unit"])
    case.routing = routing


def _record_locked(case: Case) -> tuple[Incident | None, str]:
    """The incident (None for a screened dispute) and the risk level of a governance case."""
    incident = Incident.objects.select_for_update().filter(case=case).first()
    if incident is not None:
        return incident, incident.risk_level
    item = ScreeningItem.objects.select_for_update().filter(case=case).first()
    if item is not None:
        return None, item.risk_level
    raise ActionRefused(_("This case was not reported as an incident."), code="not_incident")


def response_clock_start(case: Case, risk_level: str, now: datetime) -> CaseClock:
    """Start (or restart, at a new dispatch) the response clock of the incident's risk level.

    ``mediation.services.clocks`` computes the same clock from the case's dispatch and risk level
    when it refreshes or recomputes clocks (a new year's calendar moves it like every other clock)."""
    assigned_on = timezone.localdate(now)
    facts = CaseClockFacts(
        channel=case.channel,
        service=case.service,
        received_on=timezone.localdate(case.received_at),
        assigned_on=assigned_on,
        risk_level=risk_level,
    )
    deadline = compute_deadlines(facts, work_calendar())[RESPONSE_CLOCK]
    clock, _created = CaseClock.objects.update_or_create(
        case=case,
        clock=RESPONSE_CLOCK,
        defaults={
            "started_on": assigned_on,
            "due_on": deadline.due_on,
            "provisional": deadline.provisional,
            "policy_code": deadline.policy_code,
            "basis": deadline.basis,
            "explanation": deadline.explanation,
            "candidates": list(deadline.candidates),
            "state": clock_rules.RUNNING,
            "met_at": None,
            "extended": False,
            "updated_at": now,
        },
    )
    next_due_store([case.pk])
    return clock


@transaction.atomic
def incident_dispatch(*, case: Case, actor, unit: Unit, now: datetime | None = None) -> Case:
    """The governance office (or the director) dispatches the incident to the competent unit.

    The unit finds it in its shared queue, and the response clock of its risk level starts; a
    second dispatch (to another unit, while it is open) moves it and starts the clock again.
    """
    now = now_or(now)
    loaded = load(case, actor)
    check_governance_case(loaded.case)
    action = "dispatch" if loaded.case.status in {st.REGISTERED, st.ROUTED, st.REOPENED} else "redispatch"
    check(action, loaded)
    _incident, risk_level = _record_locked(loaded.case)
    if unit is None:
        raise ActionRefused(_("Choose the competent unit."), code="unit")
    check_unit_may_lead(loaded.case, unit, conduct=False)
    routing = loaded.routing
    previous = routing.lead_unit
    if action == "redispatch" and previous is not None and previous.pk == unit.pk:
        raise ActionRefused(_("The incident is already with this unit."), code="unchanged")
    before, after = move(loaded, action)
    routing.lead_unit = unit
    routing.confirmed_by = routing.confirmed_by or actor
    routing.confirmed_at = routing.confirmed_at or now
    routing.signed_by = actor
    routing.signed_at = now
    routing.assigned_at = now
    routing.queued_at = now
    routing.picked_by = None
    routing.picked_at = None
    routing.save(
        update_fields=[
            "lead_unit",
            "confirmed_by",
            "confirmed_at",
            "signed_by",
            "signed_at",
            "assigned_at",
            "queued_at",
            "picked_by",
            "picked_at",
        ]
    )
    # The governance office keeps seeing (and may dispatch again) what it sent to another unit.
    offices = Unit.objects.filter(kind=Unit.Kind.GOVERNANCE_OFFICE, is_active=True).exclude(pk=unit.pk)
    routing.assisting_units.add(*offices)
    event(
        loaded.case,
        actor,
        "governance_dispatched",
        now,
        public=True,
        unit=unit_ref(unit),
        previous_unit=unit_ref(previous),
        risk_level=risk_level,
        **{"from": before, "to": after},
    )
    case_clocks_refresh(loaded.case, now)
    response_clock_start(loaded.case, risk_level, now)
    broadcast(loaded.case.pk, "new", unit.pk, previous.pk if previous else None)
    return loaded.case


@transaction.atomic
def incident_close(*, case: Case, actor, measure: str, now: datetime | None = None) -> Case:
    """The competent unit closes the incident with the measure taken (meets its response clock)."""
    now = now_or(now)
    loaded = load(case, actor)
    check_governance_case(loaded.case)
    check("close_with_measure", loaded)
    check_worker(roles(loaded, "close_with_measure"), loaded.routing, actor.pk)
    measure = _text(
        measure,
        required=_("Say what measure was taken."),
        too_long=_("The measure is longer than 2000 characters."),
        limit=REASON_MAX,
        code="measure",
    )
    incident, _risk_level = _record_locked(loaded.case)
    before, after = move(loaded, "close_with_measure")
    if incident is not None:
        incident.measure = measure
        incident.closed_at = now
        incident.closed_by = actor
        incident.save(update_fields=["measure", "closed_at", "closed_by"])
    routing = loaded.routing
    event(
        loaded.case,
        actor,
        "governance_closed",
        now,
        public=True,
        measure=measure,
        unit=unit_ref(routing.lead_unit),
        **{"from": before, "to": after},
    )
    broadcast(loaded.case.pk, "closed", routing.lead_unit_id)
    return loaded.case
