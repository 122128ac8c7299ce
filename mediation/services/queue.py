"""The lead unit's shared queue: pick, release, assign to a member, take back.

Picking is a conditional UPDATE on the routing row (``picked_by IS NULL``): on SQLite and on
PostgreSQL exactly one of any number of concurrent pickers changes the row; everybody else is
told the case is already taken.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, AlreadyPicked, CaseNotFound, Conflict, NotAllowed
from cases.models import Case, Routing
from cases.permissions import viewer_for
from cases.rules import status as st
from cases.selectors import case_list_for_user
from departments import permissions as perms
from departments.selectors import unit_list_for_user
from mediation.services.common import Loaded, broadcast, check, event, load, move, now_or, person


def _requeue(routing: Routing) -> None:
    """Back into the queue, at its place (the time it was assigned)."""
    routing.picked_by = None
    routing.picked_at = None
    routing.queued_at = routing.assigned_at
    routing.save(update_fields=["picked_by", "picked_at", "queued_at"])


def case_pick(*, case: Case, actor, now: datetime | None = None) -> Routing:
    """A member of the lead unit takes a waiting case from the shared queue; one winner only.

    Who the actor is and whether they may see the case is read before the write transaction
    (SQLite takes its write lock at BEGIN; the fifty losers of a rush then hold it only briefly).
    """
    viewer = viewer_for(actor)
    if viewer is None or not case_list_for_user(actor, viewer=viewer).filter(pk=case.pk).exists():
        raise CaseNotFound
    return _pick(case, actor, viewer, now_or(now))


@transaction.atomic
def _pick(case: Case, actor, viewer, now: datetime) -> Routing:
    fresh = Case.objects.select_related("routing").filter(pk=case.pk).first()
    routing = getattr(fresh, "routing", None) if fresh is not None else None
    if routing is None or routing.lead_unit_id is None:
        raise ActionRefused(_("This case is not in a queue."), code="not_queued")
    if routing.picked_by_id == actor.pk:
        raise Conflict(_("You already hold this case."), code="already_yours")
    if routing.picked_by_id is not None and fresh.status not in st.QUEUE_STATUSES:
        raise AlreadyPicked
    check("pick", Loaded(fresh, routing, viewer))
    won = Routing.objects.filter(
        pk=routing.pk, lead_unit_id=routing.lead_unit_id, picked_by__isnull=True, queued_at__isnull=False
    ).update(picked_by=actor, picked_at=now, queued_at=None)
    if won != 1:
        raise AlreadyPicked
    if Case.objects.filter(pk=case.pk, status=st.ASSIGNED).update(status=st.IN_PROGRESS) != 1:
        raise AlreadyPicked  # rolls the routing update back with the transaction
    fresh.status = st.IN_PROGRESS
    routing.picked_by, routing.picked_at, routing.queued_at = actor, now, None
    event(fresh, actor, "picked", now, by=person(actor))
    broadcast(fresh.pk, "picked", routing.lead_unit_id)
    return routing


@transaction.atomic
def case_release(*, case: Case, actor, now: datetime | None = None) -> Routing:
    """The person who picked the case puts it back into the queue."""
    now = now_or(now)
    loaded = load(case, actor)
    routing = loaded.routing
    if routing is None or routing.picked_by_id != actor.pk:
        check("release", loaded)  # names the real problem (status or role) when there is one
        raise NotAllowed(_("Only the person who picked the case can release it."), code="not_yours")
    move(loaded, "release")
    _requeue(routing)
    event(loaded.case, actor, "released", now, by=person(actor))
    broadcast(loaded.case.pk, "released", routing.lead_unit_id)
    return routing


def _may_handle(user, loaded: Loaded) -> bool:
    lead = loaded.routing.lead_unit_id
    return (
        unit_list_for_user(user, permission=perms.WORK_UNIT_CASES).filter(pk=lead).exists()
        and case_list_for_user(user).filter(pk=loaded.case.pk).exists()
    )


@transaction.atomic
def case_assign(*, case: Case, actor, assignee, now: datetime | None = None) -> Routing:
    """The unit head gives the case to a member of the unit (from the queue or from another member)."""
    now = now_or(now)
    loaded = load(case, actor)
    routing = loaded.routing
    if routing is None or routing.lead_unit_id is None:
        raise ActionRefused(_("This case is not in a queue."), code="not_queued")
    check("assign_directly", loaded)
    if assignee is None or not assignee.is_active or not _may_handle(assignee, loaded):
        raise ActionRefused(_("This person cannot handle the unit's cases."), code="assignee")
    previous = routing.picked_by
    if previous is not None and previous.pk == assignee.pk:
        raise Conflict(_("This person already has the case."), code="same_person")
    move(loaded, "assign_directly")
    routing.picked_by = assignee
    routing.picked_at = now
    routing.queued_at = None
    routing.save(update_fields=["picked_by", "picked_at", "queued_at"])
    event(loaded.case, actor, "assigned_to_member", now, **{"from": person(previous), "to": person(assignee)})
    broadcast(loaded.case.pk, "assigned", routing.lead_unit_id)
    return routing


@transaction.atomic
def case_take_back(*, case: Case, actor, now: datetime | None = None) -> Routing:
    """The unit head takes a case back from the member who holds it; it returns to the queue."""
    now = now_or(now)
    loaded = load(case, actor)
    routing = loaded.routing
    if routing is None or routing.picked_by_id is None:
        check("take_back", loaded)
        raise Conflict(_("Nobody holds this case."), code="not_held")
    previous = routing.picked_by
    move(loaded, "take_back")
    _requeue(routing)
    event(loaded.case, actor, "taken_back", now, **{"from": person(previous)})
    broadcast(loaded.case.pk, "taken_back", routing.lead_unit_id)
    return routing
