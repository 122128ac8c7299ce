"""Reads of the leaders' duties, with the visibility rule applied (``cases.selectors``).

A return mission or a reception log entry is about a case, so it reaches a person only if the
case may reach them: the people who may see the case (``case_visible_q``), and the mission's own
leader and team, or the day's duty leader and the clerk who wrote the entry, as far as they may
know of the case (``case_known_q``: never a conduct complaint they may not see, never a case about
themselves or their unit). So a mission or an entry about a conduct complaint never reaches the
accused.
"""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.models import Case, CaseLink, Petitioner
from cases.permissions import Viewer, reporter_identity_visible, viewer_for
from cases.selectors import NOTHING, case_known_q, case_visible_q
from departments.models import Leader, Unit
from leadership.models import ReceptionVisit, ReturnMission
from leadership.rules import duty as duty_rules
from leadership.rules import returns as rr
from lobby.models import DutyRoster
from mediation.rules import oversight as ov
from mediation.selectors.escalation import oversight_roles


def _case_ids(q: Q) -> QuerySet:
    return Case.objects.filter(q).values("pk")


def mission_visible_q(user, *, viewer: Viewer | None = None) -> Q:
    viewer = viewer or viewer_for(user)
    if viewer is None:
        return NOTHING
    visible = Q(case_id__in=_case_ids(case_visible_q(user, viewer=viewer)))
    own = Q(chief__user_id=viewer.user_id) | Q(team__user_id=viewer.user_id) | Q(opened_by_id=viewer.user_id)
    return visible | (own & Q(case_id__in=_case_ids(case_known_q(user, viewer=viewer))))


def mission_list_for_user(user, *, viewer: Viewer | None = None) -> QuerySet[ReturnMission]:
    ids = ReturnMission.objects.filter(mission_visible_q(user, viewer=viewer)).values("pk")
    return (
        ReturnMission.objects.filter(pk__in=ids)
        .select_related("case", "case__routing", "case__village", "chief__user", "repeat_of__case")
        .prefetch_related("team__user", "case__petitioners")
    )


def mission_get_for_user(user, *, pk: int, viewer: Viewer | None = None) -> ReturnMission:
    """One mission, or Http404 alike for a missing one and one the user may not see."""
    mission = mission_list_for_user(user, viewer=viewer).filter(pk=pk).first()
    if mission is None:
        raise Http404("no such mission")
    return mission


def same_petitioner_case_ids(case: Case) -> set[int]:
    """Other cases of the same person (ID number or phone), and cases linked as repeats (either way)."""
    people = list(Petitioner.objects.filter(case=case).values_list("id_number", "phone"))
    ids = {i for i, _phone in people if i}
    phones = {p for _i, p in people if p}
    match = Q(petitioners__phone__in=phones) | Q(petitioners__id_number__in=ids) if (ids or phones) else NOTHING
    linked = CaseLink.objects.filter(Q(case=case) | Q(earlier=case)).exclude(state=CaseLink.State.UNDONE)
    found = set(Case.objects.filter(match).values_list("pk", flat=True))
    for a, b in linked.values_list("case_id", "earlier_id"):
        found |= {a, b}
    found.discard(case.pk)
    return found


def earlier_missions(case: Case, *, user=None, viewer: Viewer | None = None) -> QuerySet[ReturnMission]:
    """Return missions of the same petitioner on other cases (or earlier on this one), newest first.
    With ``user``, only those the user may see; without, all (for the service that flags a repeat)."""
    others = same_petitioner_case_ids(case)
    rows = ReturnMission.objects.filter(Q(case_id__in=others) | Q(case=case))
    if user is not None:
        rows = rows.filter(pk__in=ReturnMission.objects.filter(mission_visible_q(user, viewer=viewer)).values("pk"))
    return rows.select_related("case", "chief__user").order_by("-requested_at", "-pk")


def open_roles(viewer: Viewer | None, case: Case) -> frozenset[str]:
    """The person's roles of ``leadership.rules.returns`` towards a case they can see (for OPEN)."""
    if viewer is None:
        return frozenset()
    roles: set[str] = set()
    held = oversight_roles(viewer, case)
    if ov.PETITION_OFFICE in held:
        roles.add(rr.PETITION_OFFICE)
    if ov.LEAD_SUPERVISOR in held or _chief_of_case_area(viewer, case):
        roles.add(rr.AREA_CHIEF)
    if ov.OWNER in held:
        roles.add(rr.OWNER)
    if ov.DIRECTOR in held:
        roles.add(rr.DIRECTOR)
    return frozenset(roles)


def _chief_of_case_area(viewer: Viewer, case: Case) -> bool:
    village = case.village
    return bool(viewer.leader_id and village is not None and village.area.chief_id == viewer.leader_id)


def mission_roles(viewer: Viewer | None, mission: ReturnMission) -> frozenset[str]:
    if viewer is None:
        return frozenset()
    roles = set()
    if mission.chief_id == viewer.leader_id:
        roles.add(rr.CHIEF)
    if viewer.is_director:
        roles.add(rr.DIRECTOR)
    return frozenset(roles)


def area_chief_for(case: Case) -> Leader | None:
    """The leader who leads a return for this case: the chief of its village's area (片长牵头), else
    the case's owning leader."""
    if case.village_id and case.village.area.chief_id:
        return case.village.area.chief
    routing = getattr(case, "routing", None)
    return routing.owner if routing is not None and routing.owner_id else None


def petitioner_shown(viewer: Viewer | None, case: Case) -> Petitioner | None:
    """The person to bring back, unless the case is a report whose reporter the viewer may not know."""
    if not reporter_identity_visible(viewer, case):
        return None
    people = sorted(case.petitioners.all(), key=lambda p: (not p.is_primary, p.pk))
    return people[0] if people else None


# --- reception days ---------------------------------------------------------------------------


def reception_visible_q(user, *, viewer: Viewer | None = None) -> Q:
    viewer = viewer or viewer_for(user)
    if viewer is None:
        return NOTHING
    visible = Q(case_id__in=_case_ids(case_visible_q(user, viewer=viewer)))
    own = Q(duty_leader__user_id=viewer.user_id) | Q(recorded_by_id=viewer.user_id)
    return visible | (own & Q(case_id__in=_case_ids(case_known_q(user, viewer=viewer))))


def reception_list_for_user(user, *, day: date | None = None, viewer: Viewer | None = None):
    ids = ReceptionVisit.objects.filter(reception_visible_q(user, viewer=viewer)).values("pk")
    rows = ReceptionVisit.objects.filter(pk__in=ids)
    if day is not None:
        rows = rows.filter(day=day)
    return rows.select_related("case", "case__routing", "duty_leader__user", "recorded_by").prefetch_related("units")


def reception_roles(viewer: Viewer | None, *, day: date) -> frozenset[str]:
    if viewer is None:
        return frozenset()
    roles = set()
    if viewer.leader_id and DutyRoster.objects.filter(date=day, leader_id=viewer.leader_id).exists():
        roles.add(duty_rules.DUTY_LEADER)
    if viewer.units_of_kind(Unit.Kind.PETITION_OFFICE):
        roles.add(duty_rules.PETITION_OFFICE)
    if viewer.is_director:
        roles.add(duty_rules.DIRECTOR)
    return frozenset(roles)


def duty_week(*, start: date | None = None, days: int = 14) -> list[DutyRoster]:
    """The duty roster from ``start`` (today) on: names and posts only, for the public site."""
    start = start or timezone.localdate()
    return list(
        DutyRoster.objects.filter(date__gte=start, date__lt=start + timedelta(days=days))
        .select_related("leader__user")
        .order_by("date")
    )
