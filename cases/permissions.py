"""Who a signed-in person is towards cases: their units, leadership and delegations.

Read once per call from the guardian tables (grants), the memberships (for the deny of
信访工作条例 art. 30) and the leadership data. ``mediation.selectors`` turns this into the one
visibility rule; ``case_roles`` turns it into the roles that ``check_transition`` understands.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.rules import status as st
from departments import permissions as perms
from departments.models import (
    Area,
    Delegation,
    Leader,
    Membership,
    ProxyAgent,
    Unit,
    UnitGroupObjectPermission,
    UnitUserObjectPermission,
)
from departments.selectors import may_see_center

CODENAMES = (perms.VIEW_UNIT_CASES, perms.WORK_UNIT_CASES, perms.MANAGE_UNIT_CASES, perms.REGISTER_CASES)


@dataclass(frozen=True)
class Viewer:
    """One person's standing towards cases (computed in a handful of queries)."""

    user_id: int
    sees_all: bool = False
    is_director: bool = False
    leader_id: int | None = None
    grants: dict[str, frozenset[int]] = field(default_factory=dict)
    """Unit ids per permission codename (guardian grants on active units)."""
    unit_kinds: dict[int, str] = field(default_factory=dict)
    member_of: frozenset[int] = frozenset()
    """Every unit the person belongs to, active or not (for the deny)."""
    supervised: frozenset[int] = frozenset()
    """Units the leader supervises, and the liaison teams of the areas they lead as area chief."""
    delegated: frozenset[str] = frozenset()
    """Scopes of the director's delegations in force today."""
    proxy_agent_id: int | None = None
    """The person's active proxy agent record (代办员): they see the cases they carry."""

    def units(self, codename: str = perms.VIEW_UNIT_CASES) -> frozenset[int]:
        return self.grants.get(codename, frozenset())

    def units_of_kind(self, kind: str, codename: str = perms.VIEW_UNIT_CASES) -> frozenset[int]:
        return frozenset(pk for pk in self.units(codename) if self.unit_kinds.get(pk) == kind)


STANDING_MODELS = (
    get_user_model(),
    Leader,
    ProxyAgent,
    UnitGroupObjectPermission,
    UnitUserObjectPermission,
    Unit,
    Membership,
    Area,
    Delegation,
)
"""What ``viewer_for`` reads: a save or delete of any of these forgets the standings of the request."""


def standing_relations() -> tuple:
    """The many-to-many links ``viewer_for`` reads: a person's groups and a leader's supervised units."""
    return (get_user_model().groups.through, Leader.supervised_units.through)


_remembered: ContextVar[dict[int, Viewer] | None] = ContextVar("viewers_remembered", default=None)
"""Within one request (``viewers_remembered``): user id → the Viewer read for them, until any write."""


@contextmanager
def viewers_remembered():
    """Read each person's standing once for the block (one request): a page asks for it several
    times (the view, the permission checks of its template, the selectors), each asking six
    queries. A save, delete or relink of what a standing is read from (``STANDING_MODELS``) forgets
    what was read (``viewers_forget``), so a change a request makes is seen by the rest of it."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def viewers_forget(**_kwargs) -> None:
    """Forget the standings read in this request (a receiver of ``STANDING_MODELS``' saves and deletes
    and ``standing_relations``' changes)."""
    remembered = _remembered.get()
    if remembered:
        remembered.clear()


def viewer_for(user, *, today: date | None = None) -> Viewer | None:
    """The person's standing, or None for anonymous and inactive users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    remembered = _remembered.get() if today is None else None
    if remembered is None:
        return _viewer_read(user, today=today)
    viewer = remembered.get(user.pk)
    if viewer is None:
        viewer = remembered[user.pk] = _viewer_read(user, today=None)
    return viewer


def _viewer_read(user, *, today: date | None) -> Viewer:
    # One query for the person's leadership and proxy-agent records (both one-to-one with the user).
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values("leader__pk", "leader__is_director", "proxy_agent__pk", "proxy_agent__is_active")
        .first()
        or {}
    )
    leader = {"pk": row["leader__pk"], "is_director": row["leader__is_director"]} if row.get("leader__pk") else None
    is_director = bool(leader and leader["is_director"])
    proxy_agent_id = row.get("proxy_agent__pk") if row.get("proxy_agent__is_active") else None
    grants: dict[str, set[int]] = {codename: set() for codename in CODENAMES}
    kinds: dict[int, str] = {}
    group_rows = UnitGroupObjectPermission.objects.filter(
        group__user=user, permission__codename__in=CODENAMES, content_object__is_active=True
    ).values_list("content_object_id", "content_object__kind", "permission__codename")
    user_rows = UnitUserObjectPermission.objects.filter(
        user_id=user.pk, permission__codename__in=CODENAMES, content_object__is_active=True
    ).values_list("content_object_id", "content_object__kind", "permission__codename")
    for unit_id, kind, codename in [*group_rows, *user_rows]:
        grants[codename].add(unit_id)
        kinds[unit_id] = kind
    member_of = frozenset(Membership.objects.filter(user_id=user.pk).values_list("unit_id", flat=True))
    supervised: frozenset[int] = frozenset()
    delegated: frozenset[str] = frozenset()
    if leader:
        supervised = frozenset(
            Leader.supervised_units.through.objects.filter(leader_id=leader["pk"]).values_list("unit_id", flat=True)
        ) | frozenset(
            Unit.objects.filter(
                kind=Unit.Kind.LIAISON_TEAM, area__in=Area.objects.filter(chief_id=leader["pk"])
            ).values_list("pk", flat=True)
        )

        day = today or timezone.localdate()
        delegated = frozenset(
            Delegation.objects.filter(
                leader_id=leader["pk"],
                director__is_director=True,
                valid_from__lte=day,
                valid_until__gte=day,
                revoked_at__isnull=True,
            ).values_list("scope", flat=True)
        )
    return Viewer(
        user_id=user.pk,
        sees_all=may_see_center(user, is_director=is_director),
        is_director=is_director,
        leader_id=leader["pk"] if leader else None,
        grants={codename: frozenset(ids) for codename, ids in grants.items()},
        unit_kinds=kinds,
        member_of=member_of,
        supervised=supervised,
        delegated=delegated,
        proxy_agent_id=proxy_agent_id,
    )


def is_conduct(case) -> bool:
    """A complaint about an official's conduct: flagged at intake, or routed as such."""
    routing = getattr(case, "routing", None)
    return bool(case.is_conduct_complaint or (routing is not None and routing.kind == "conduct"))


LEGAL_SERVICES = frozenset({"legal_consultation", "legal_aid"})
"""Services the legal-service unit (司法所) answers for: its staff see them before any routing."""


def is_report(case) -> bool:
    """A report (举报, service "complaint"): its reporter is protected (``reporter_identity_visible``)."""
    return case.service == "complaint"


def reporter_identity_visible(viewer: Viewer | None, case) -> bool:
    """THE rule of reporter protection, for one case the person may already see.

    Who filed a case (name, phone, ID number, address, the kiosk it was filed at) is seen with the
    case, except for a report: only the staff who handle it see who reported it, that is the
    director; for a report about an official's conduct, the discipline office; otherwise the head
    of the lead unit and the handler who picked it. Nobody else, whatever else they may see of the
    case: not the petition office, assisting units, supervising leaders, nor the reported (whom the
    deny keeps from the case anyway). ``cases.selectors.reporter_hidden_q`` is the same rule as a Q.
    """
    if not is_report(case):
        return True
    if viewer is None:
        return False
    if viewer.is_director:
        return True
    if is_conduct(case):
        return bool(viewer.units_of_kind(Unit.Kind.DISCIPLINE_OFFICE))
    routing = getattr(case, "routing", None)
    lead = routing.lead_unit_id if routing is not None else None
    if lead is None:
        return False
    if lead in viewer.units(perms.MANAGE_UNIT_CASES):
        return True
    return routing.picked_by_id == viewer.user_id and lead in viewer.units(perms.WORK_UNIT_CASES)


SIGNING_SCOPE = {
    "sign_assignment": "assignment",
    "sign_completion": "completion",
    "return_reply": "completion",
}


def case_roles(viewer: Viewer | None, case, *, action: str | None = None) -> frozenset[str]:
    """The roles of ``check_transition`` that the person holds towards a case they can see."""
    if viewer is None:
        return frozenset()
    roles: set[str] = set()
    routing = getattr(case, "routing", None)
    conduct = is_conduct(case)
    clerk_kind = Unit.Kind.DISCIPLINE_OFFICE if conduct else Unit.Kind.PETITION_OFFICE
    if viewer.units_of_kind(clerk_kind, perms.REGISTER_CASES):
        roles.add(st.CLERK)
    lead = routing.lead_unit_id if routing is not None else None
    if lead is not None:
        if lead in viewer.units(perms.WORK_UNIT_CASES):
            roles.add(st.HANDLER)
        if lead in viewer.units(perms.MANAGE_UNIT_CASES):
            roles.add(st.UNIT_HEAD)
        if viewer.leader_id is not None and (routing.owner_id == viewer.leader_id or lead in viewer.supervised):
            roles.add(st.SUPERVISING_LEADER)
    if viewer.is_director:
        roles.add(st.DIRECTOR)
    if case.service in LEGAL_SERVICES:
        legal = viewer.units_of_kind(Unit.Kind.LEGAL_SERVICE)
        if legal and (lead is None or lead in legal):
            roles.add(st.LEGAL_STAFF)
    # A governance case: the governance office receives and dispatches it, whichever unit handles it.
    if case.service == "governance" and viewer.units_of_kind(Unit.Kind.GOVERNANCE_OFFICE, perms.WORK_UNIT_CASES):
        roles.add(st.GOVERNANCE_OFFICE)
    scope = SIGNING_SCOPE.get(action or "")
    if scope and scope in viewer.delegated and not viewer.is_director:
        roles.add(st.DUTY_LEADER_DELEGATE)
    return frozenset(roles)
