"""Reads of cases being handled: queues, inboxes and a case's findings, through the visibility
rule of ``cases.selectors`` (every read starts from ``case_list_for_user``).

Callers use ``from mediation import selectors; selectors.queue_for_unit(...)``. The other reads
live beside this module: ``selectors.escalation`` (where an escalated case's oversight stands)
and ``selectors.notifications`` (a person's inbox).
"""

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from cases.models import Case, CaseEvent
from cases.permissions import Viewer, viewer_for
from cases.rules import status as st
from cases.selectors import AssistingUnits, case_list_for_user, conduct_q, not_conduct_q
from departments import permissions as perms
from departments.models import Unit
from departments.selectors import unit_list_for_user
from mediation.models import AssistFinding, Objection

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
IN_HAND_STATUSES = frozenset({st.IN_PROGRESS, st.REPLY_DRAFTED, st.AWAITING_SIGNOFF})


# --- keyset pages -----------------------------------------------------------------------------


class BadCursor(ValueError):
    """A page cursor that was not made by ``encode_cursor``."""


def encode_cursor(at: datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, pk = raw.split("|")
        moment = datetime.fromisoformat(at)
        if moment.tzinfo is None:
            raise ValueError("naive")
        return moment, int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error) as error:
        raise BadCursor(cursor) from error


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None


def _keyset(qs: QuerySet, field: str, after: str | None, limit: int, *, descending: bool = False) -> Page:
    """One page ordered by (``field``, pk), starting after ``after`` (a cursor)."""
    limit = max(1, min(int(limit), MAX_PAGE_SIZE))
    if after:
        at, pk = decode_cursor(after)
        if descending:
            qs = qs.filter(**{f"{field}__lte": at}).filter(Q(**{f"{field}__lt": at}) | Q(**{field: at, "pk__lt": pk}))
        else:
            qs = qs.filter(**{f"{field}__gte": at}).filter(Q(**{f"{field}__gt": at}) | Q(**{field: at, "pk__gt": pk}))
    order = (f"-{field}", "-pk") if descending else (field, "pk")
    rows = list(qs.order_by(*order)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = None
    if more and rows:
        last = rows[-1]
        value = last
        for part in field.split("__"):
            value = getattr(value, part)
        cursor = encode_cursor(value, last.pk)
    return Page(rows, cursor)


def _listing(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("routing", "routing__lead_unit", "routing__picked_by", "village").defer(
        "idempotency_fingerprint", "reply_due_basis"
    )


def queue_units_for_user(user) -> QuerySet[Unit]:
    """Units whose shared queue the person may open: their own, or every unit for the director."""
    return unit_list_for_user(user).select_related("area")


def queue_for_unit(
    user, unit: Unit, *, after: str | None = None, limit: int = PAGE_SIZE, viewer: Viewer | None = None
) -> Page:
    """The unit's shared queue (waiting cases, oldest first), keyset-paginated."""
    viewer = viewer or viewer_for(user)
    if viewer is None or not (viewer.sees_all or unit.pk in viewer.units()):
        return Page([], None)
    qs = case_list_for_user(user, viewer=viewer).filter(
        routing__lead_unit=unit, routing__queued_at__isnull=False, status__in=st.QUEUE_STATUSES
    )
    return _keyset(_listing(qs), "routing__queued_at", after, limit)


def in_hand_for_unit(
    user, unit: Unit, *, after: str | None = None, limit: int = PAGE_SIZE, viewer: Viewer | None = None
) -> Page:
    """The unit's cases that someone holds, longest held first."""
    viewer = viewer or viewer_for(user)
    if viewer is None or not (viewer.sees_all or unit.pk in viewer.units()):
        return Page([], None)
    qs = case_list_for_user(user, viewer=viewer).filter(
        routing__lead_unit=unit, routing__picked_by__isnull=False, status__in=IN_HAND_STATUSES
    )
    return _keyset(_listing(qs), "routing__picked_at", after, limit)


def my_cases(user, *, after: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """Cases the person holds."""
    if not user.is_authenticated:
        return Page([], None)
    qs = case_list_for_user(user).filter(routing__picked_by=user, status__in=IN_HAND_STATUSES)
    return _keyset(_listing(qs), "routing__picked_at", after, limit)


def assisting_cases_for_user(user, *, after: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """Open cases that one of the person's units assists on, newest first."""
    viewer = viewer_for(user)
    if viewer is None or not viewer.units():
        return Page([], None)
    qs = (
        case_list_for_user(user, viewer=viewer)
        .filter(pk__in=AssistingUnits.objects.filter(unit_id__in=viewer.units()).values("routing_id"))
        .exclude(status__in=st.TERMINAL_STATUSES)
    )
    return _keyset(_listing(qs), "received_at", after, limit, descending=True)


def routing_inbox(user, *, after: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """Registered cases whose routing the person (a clerk) must confirm, oldest first."""
    viewer = viewer_for(user)
    if viewer is None:
        return Page([], None)
    scopes = []
    if viewer.units_of_kind(Unit.Kind.PETITION_OFFICE, perms.REGISTER_CASES):
        scopes.append(not_conduct_q())
    if viewer.units_of_kind(Unit.Kind.DISCIPLINE_OFFICE, perms.REGISTER_CASES):
        scopes.append(conduct_q())
    if not scopes:
        return Page([], None)
    scope = scopes[0] if len(scopes) == 1 else scopes[0] | scopes[1]
    qs = case_list_for_user(user, viewer=viewer).filter(scope, status=st.REGISTERED)
    return _keyset(_listing(qs), "received_at", after, limit)


def accused_intake(user, *, after: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """The discipline office's own intake list: conduct complaints whose accused it must confirm
    (proposed from the free text of the kiosk, the online form or the API), oldest first."""
    viewer = viewer_for(user)
    if viewer is None or not viewer.units_of_kind(Unit.Kind.DISCIPLINE_OFFICE, perms.REGISTER_CASES):
        return Page([], None)
    qs = case_list_for_user(user, viewer=viewer).filter(conduct_q(), accused_pending=True)
    return _keyset(_listing(qs), "received_at", after, limit)


def signing_inbox(user, *, after: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """Routed cases waiting for the assignment signature of the director (or their delegate)."""
    viewer = viewer_for(user)
    if viewer is None or not (viewer.is_director or "assignment" in viewer.delegated):
        return Page([], None)
    qs = case_list_for_user(user, viewer=viewer).filter(status__in=[st.ROUTED, st.REOPENED])
    return _keyset(_listing(qs), "received_at", after, limit)


def objection_inbox(user, *, after: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """Cases whose lead unit objected, for the director to decide."""
    viewer = viewer_for(user)
    if viewer is None or not viewer.is_director:
        return Page([], None)
    qs = case_list_for_user(user, viewer=viewer).filter(status=st.OBJECTED)
    return _keyset(_listing(qs), "received_at", after, limit)


# --- one case ---------------------------------------------------------------------------------


def case_history(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "pk")


def findings_for(case: Case) -> QuerySet[AssistFinding]:
    return case.assist_findings.select_related("unit", "author").order_by("at", "pk")


def objections_for(case: Case) -> QuerySet[Objection]:
    return case.objections.select_related("unit", "raised_by", "decided_by").order_by("raised_at", "pk")


def open_objection(case: Case) -> Objection | None:
    return case.objections.filter(decided_at__isnull=True).select_related("unit").first()
