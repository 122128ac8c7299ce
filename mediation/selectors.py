"""Reads of cases, with who-may-see-what applied: THE visibility rule lives here.

``case_visible_q`` decides which cases a person may see. Every page, API answer, queue, count,
search and export asks it (intake's selectors delegate to it). Guardian only grants; the deny of
信访工作条例 art. 30 (a complaint never reaches the person or unit it is about) is applied here,
on top of every grant, the director's included.
"""

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from departments import permissions as perms
from departments.models import Unit
from intake.models import Case, CaseEvent
from intake.rules import tracking_code_normalise
from mediation.access import SIGNING_SCOPE, Viewer, case_roles, viewer_for
from mediation.models import AssistFinding, CaseKind, Objection, Routing
from mediation.rules import status as st

NOTHING = Q(pk__in=[])
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
IN_HAND_STATUSES = frozenset({st.IN_PROGRESS, st.REPLY_DRAFTED, st.AWAITING_SIGNOFF})

AccusedUnits = Case.accused_units.through
AccusedPersons = Case.accused_persons.through
AssistingUnits = Routing.assisting_units.through


def conduct_q() -> Q:
    """Complaints about an official's conduct: flagged at intake or routed as such."""
    return Q(is_conduct_complaint=True) | Q(routing__kind=CaseKind.CONDUCT)


def not_conduct_q() -> Q:
    return Q(is_conduct_complaint=False) & (Q(routing__isnull=True) | ~Q(routing__kind=CaseKind.CONDUCT))


def deny_q(viewer: Viewer) -> Q:
    """Cases the person must stand aside from: for them these do not exist.

    Cases about the person; about a unit they belong to; and, for a leader, about a unit they
    supervise or the liaison team of an area they are chief of (``Viewer.supervised``).
    """
    deny = Q(pk__in=AccusedPersons.objects.filter(user_id=viewer.user_id).values("case_id"))
    answerable = viewer.member_of | viewer.supervised
    if answerable:
        deny |= Q(pk__in=AccusedUnits.objects.filter(unit_id__in=answerable).values("case_id"))
    return deny


def grant_q(viewer: Viewer) -> Q | None:
    """What the person's grants open up, before the deny; None means every case."""
    if viewer.sees_all or viewer.units_of_kind(Unit.Kind.DISCIPLINE_OFFICE):
        return None  # the director, superusers, and the discipline office for oversight
    grants: list[Q] = []
    if viewer.units_of_kind(Unit.Kind.PETITION_OFFICE):
        grants.append(not_conduct_q())
    units = viewer.units()
    if units:
        mine = Q(routing__lead_unit_id__in=units) | Q(
            pk__in=AssistingUnits.objects.filter(unit_id__in=units).values("routing_id")
        )
        grants.append(mine & not_conduct_q())
    if viewer.leader_id is not None:
        grants.append(Q(routing__owner_id=viewer.leader_id))
        if viewer.supervised:
            grants.append(Q(routing__lead_unit_id__in=viewer.supervised))
    signing = {"assignment": [st.ROUTED, st.REOPENED], "completion": [st.AWAITING_SIGNOFF]}
    for scope in viewer.delegated:
        grants.append(Q(status__in=signing[scope]) & not_conduct_q())
    if not grants:
        return NOTHING
    combined = grants[0]
    for grant in grants[1:]:
        combined |= grant
    # Accused proposed from a complaint's free text, not yet confirmed: only the discipline office
    # and the director (above) see the case until the discipline office has confirmed them.
    return combined & Q(accused_pending=False)


def case_visible_q(user, *, viewer: Viewer | None = None) -> Q:
    """THE rule: which cases ``user`` may see, as a Q (``NOTHING`` for anonymous users).

    - the director and superusers: every case;
    - the discipline office: every case (oversight);
    - the petition office: every case that is not a conduct complaint;
    - a unit's members: cases their unit leads or assists, except conduct complaints;
    - leaders: the cases they own, and those led by a unit they supervise (area chiefs: their
      area's liaison team);
    - a leader the director delegated to sign: non-conduct cases awaiting that signature;
    - none of these grants opens a case whose proposed accused wait for the discipline office;
    and on top of every grant the deny: never a case about the person, about their unit, or
    (leaders) about a unit they supervise or the liaison team of the area they are chief of.
    """
    viewer = viewer or viewer_for(user)
    if viewer is None:
        return NOTHING
    grant = grant_q(viewer)
    deny = ~deny_q(viewer)
    return deny if grant is None else grant & deny


def case_known_q(user, *, viewer: Viewer | None = None) -> Q:
    """Which cases ``user`` may be told exist, without seeing them: THE rule, widened for alerts.

    A joint-reception alert or a warning slip reaches the heads the rulebook names even before
    their unit takes part (the liaison team of the village's area, ...). That is allowed for a
    case that is not a conduct complaint; a conduct complaint reaches only people who may see it
    (``case_visible_q``). The deny applies either way: never the accused, nor their units.
    """
    viewer = viewer or viewer_for(user)
    if viewer is None:
        return NOTHING
    return case_visible_q(user, viewer=viewer) | (not_conduct_q() & ~deny_q(viewer))


def users_who_may_know(case_ids, user_ids) -> dict[int, set[int]]:
    """case id → the users among ``user_ids`` whom ``case_known_q`` lets know of it.

    For recipients of alerts, slips and notifications: one ``viewer_for`` and one query per user,
    whatever the number of cases.
    """
    from django.contrib.auth import get_user_model

    case_ids = list(case_ids)
    found: dict[int, set[int]] = {pk: set() for pk in case_ids}
    if not case_ids:
        return found
    for user in get_user_model().objects.filter(pk__in=set(user_ids), is_active=True):
        rule = case_known_q(user, viewer=viewer_for(user))
        for pk in Case.objects.filter(rule, pk__in=case_ids).values_list("pk", flat=True):
            found[pk].add(user.pk)
    return found


def case_list_for_user(user, *, viewer: Viewer | None = None) -> QuerySet[Case]:
    return Case.objects.filter(case_visible_q(user, viewer=viewer))


def case_get_for_user(user, *, code: str, viewer: Viewer | None = None) -> Case:
    """One case by tracking code, or Http404 alike for a missing case and one the user may not see."""
    normalised = tracking_code_normalise(code or "")
    case = None
    if normalised:
        case = (
            case_list_for_user(user, viewer=viewer)
            .filter(tracking_code=normalised)
            .select_related("routing", "routing__lead_unit", "routing__picked_by", "village", "village__area")
            .first()
        )
    if case is None:
        raise Http404("no such case")
    return case


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
    from departments.selectors import unit_list_for_user

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


def may_confirm_accused(user, case: Case, *, viewer: Viewer | None = None) -> bool:
    """Whether the person may confirm or correct whom this (visible) case is about."""
    from mediation.access import is_conduct

    viewer = viewer or viewer_for(user)
    return bool(
        viewer is not None
        and viewer.units_of_kind(Unit.Kind.DISCIPLINE_OFFICE, perms.REGISTER_CASES)
        and is_conduct(case)
    )


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


def case_actions_for(user, case: Case, *, viewer: Viewer | None = None) -> tuple[str, ...]:
    """The actions of this issue the person may take on the case now (for buttons and forms)."""
    viewer = viewer or viewer_for(user)
    actions = []
    for action in ("confirm_routing", "sign_assignment", "pick", "release", "assign_directly", "take_back"):
        roles = case_roles(viewer, case, action=action if action in SIGNING_SCOPE else None)
        if action in st.allowed_actions(case.status, roles):
            actions.append(action)
    roles = case_roles(viewer, case)
    routing = getattr(case, "routing", None)
    if "release" in actions and (routing is None or routing.picked_by_id != user.pk):
        actions.remove("release")
    for action in ("object", "decide_objection", "reassign"):
        if action in st.allowed_actions(case.status, roles):
            actions.append(action)
    workable = viewer.units(perms.WORK_UNIT_CASES) if viewer is not None else frozenset()
    if routing is not None and workable and routing.assisting_units.filter(pk__in=workable).exists():
        actions.append("add_finding")
    return tuple(actions)


def case_history(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "pk")


def findings_for(case: Case) -> QuerySet[AssistFinding]:
    return case.assist_findings.select_related("unit", "author").order_by("at", "pk")


def objections_for(case: Case) -> QuerySet[Objection]:
    return case.objections.select_related("unit", "raised_by", "decided_by").order_by("raised_at", "pk")


def open_objection(case: Case) -> Objection | None:
    return case.objections.filter(decided_at__isnull=True).select_related("unit").first()
