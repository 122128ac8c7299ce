"""Objections to an assignment (within 5 working days), the director's decision, and reassignment."""

from datetime import date, datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict
from cases.models import Case, CaseKind, Routing
from departments.models import Unit
from mediation.calendar import work_calendar
from mediation.models import Objection
from mediation.services.clocks import case_clocks_refresh
from mediation.services.common import (
    Loaded,
    broadcast,
    check,
    check_unit_may_lead,
    event,
    load,
    move,
    now_or,
    person,
    reason_clean,
    unit_ref,
)

OBJECTION_WORKING_DAYS = 5


def objection_deadline(routing: Routing) -> date | None:
    """The last day the lead unit may object: 5 working days after the assignment."""
    if routing.assigned_at is None:
        return None
    return work_calendar().add_working_days(timezone.localdate(routing.assigned_at), OBJECTION_WORKING_DAYS)


@transaction.atomic
def case_object(*, case: Case, actor, reason: str, now: datetime | None = None) -> Objection:
    """The lead unit's head says the case is not the unit's job; the director will decide.

    The case stays in the lead unit's queue meanwhile (status "objected"), picked by nobody.
    """
    now = now_or(now)
    loaded = load(case, actor)
    check("object", loaded)
    routing = loaded.routing
    reason = reason_clean(reason)
    deadline = objection_deadline(routing)
    if deadline is None or timezone.localdate(now) > deadline:
        raise Conflict(
            _("The %(days)s working days for an objection ended on %(date)s.")
            % {"days": OBJECTION_WORKING_DAYS, "date": formats.date_format(deadline) if deadline else "—"},
            code="too_late",
        )
    if Objection.objects.filter(
        case=loaded.case, unit_id=routing.lead_unit_id, raised_at__gte=routing.assigned_at
    ).exists():
        raise Conflict(_("Your unit has already objected to this assignment."), code="objected_before")
    previous = routing.picked_by
    move(loaded, "object")
    routing.picked_by = None
    routing.picked_at = None
    routing.queued_at = routing.assigned_at
    routing.save(update_fields=["picked_by", "picked_at", "queued_at"])
    objection = Objection.objects.create(
        case=loaded.case, unit=routing.lead_unit, raised_by=actor, raised_at=now, reason=reason, deadline=deadline
    )
    event(
        loaded.case,
        actor,
        "objected",
        now,
        unit=unit_ref(routing.lead_unit),
        reason=reason,
        deadline=deadline.isoformat(),
        released_from=person(previous),
    )
    broadcast(loaded.case.pk, "objected", routing.lead_unit_id)
    return objection


def _reassign(loaded: Loaded, actor, unit: Unit, reason: str, now: datetime) -> Routing:
    routing = loaded.routing
    if routing is None or routing.lead_unit_id is None:
        raise ActionRefused(_("Confirm the routing before reassigning the case."), code="not_routed")
    if unit.pk == routing.lead_unit_id:
        raise ActionRefused(_("The case is already with this unit."), code="same_unit")
    conduct = loaded.case.is_conduct_complaint or routing.kind == CaseKind.CONDUCT
    check_unit_may_lead(loaded.case, unit, conduct=conduct)
    previous_unit, previous_person = routing.lead_unit, routing.picked_by
    move(loaded, "reassign")
    routing.lead_unit = unit
    routing.signed_by = actor
    routing.signed_at = now
    routing.signed_under = None
    routing.assigned_at = now
    routing.queued_at = now
    routing.picked_by = None
    routing.picked_at = None
    routing.save()
    routing.assisting_units.remove(unit)
    event(
        loaded.case,
        actor,
        "reassigned",
        now,
        reason=reason,
        held_by=person(previous_person),
        **{"from": unit_ref(previous_unit), "to": unit_ref(unit)},
    )
    broadcast(loaded.case.pk, "reassigned", previous_unit.pk, unit.pk)
    # Deadline clocks (issue 5): the new assignment restarts the first-contact clock.
    case_clocks_refresh(loaded.case, now)
    return routing


@transaction.atomic
def case_reassign(*, case: Case, actor, unit: Unit, reason: str, now: datetime | None = None) -> Routing:
    """The director moves a case to another lead unit, with a reason, signing it out at once."""
    now = now_or(now)
    loaded = load(case, actor)
    check("reassign", loaded)
    reason = reason_clean(reason)
    routing = _reassign(loaded, actor, unit, reason, now)
    open_objection = Objection.objects.filter(case=loaded.case, decided_at__isnull=True).first()
    if open_objection is not None:
        _close(open_objection, actor, Objection.Decision.REASSIGNED, reason, now)
    return routing


def _close(objection: Objection, actor, decision: str, note: str, now: datetime) -> None:
    objection.decision = decision
    objection.decided_by = actor
    objection.decided_at = now
    objection.decision_note = note
    objection.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])


@transaction.atomic
def objection_decide(
    *,
    case: Case,
    actor,
    uphold: bool,
    note: str = "",
    unit: Unit | None = None,
    now: datetime | None = None,
) -> Objection:
    """The director keeps the case with its lead unit, or reassigns it (then ``unit`` and a note)."""
    now = now_or(now)
    loaded = load(case, actor)
    objection = Objection.objects.select_for_update().filter(case=loaded.case, decided_at__isnull=True).first()
    if objection is None:
        check("decide_objection", loaded)
        raise Conflict(_("There is no open objection on this case."), code="no_objection")
    if uphold:
        note = reason_clean(note, required=False)
        move(loaded, "decide_objection")
        routing = loaded.routing
        routing.queued_at = routing.assigned_at
        routing.save(update_fields=["queued_at"])
        _close(objection, actor, Objection.Decision.UPHELD, note, now)
        event(
            loaded.case, actor, "objection_decided", now, decision="upheld", note=note, unit=unit_ref(routing.lead_unit)
        )
        broadcast(loaded.case.pk, "new", routing.lead_unit_id)
        return objection
    check("reassign", loaded)
    if unit is None:
        raise ActionRefused(_("Choose the unit that takes the case over."), code="unit_required")
    note = reason_clean(note)
    _reassign(loaded, actor, unit, note, now)
    _close(objection, actor, Objection.Decision.REASSIGNED, note, now)
    event(loaded.case, actor, "objection_decided", now, decision="reassigned", note=note, unit=unit_ref(unit))
    return objection
