"""Reads of the case record, with who-may-see-what applied: THE visibility rule lives here.

``case_visible_q`` decides which cases a person may see. Every page, API answer, queue, count,
search, export, notification and live message asks it, through ``case_list_for_user`` /
``case_get_for_user`` or the Q itself. Guardian only grants; the deny of 信访工作条例 art. 30
(a complaint never reaches the person or unit it is about) is applied here, on top of every
grant, the director's included.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from cases.models import Case, CaseKind, Routing, Service
from cases.permissions import LEGAL_SERVICES, Viewer, viewer_for
from cases.rules import status as st
from cases.rules.tracking import tracking_code_normalise
from departments import permissions as perms
from departments.models import Unit

NOTHING = Q(pk__in=[])

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
    if viewer.units_of_kind(Unit.Kind.LEGAL_SERVICE):
        # A legal consultation or legal-aid application not yet routed: the legal-service staff
        # answer it at their window (issue 16), before the petition office confirms any routing.
        unrouted = Q(routing__isnull=True) | Q(routing__lead_unit__isnull=True)
        grants.append(Q(service__in=LEGAL_SERVICES) & unrouted & not_conduct_q())
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
    if viewer.proxy_agent_id is not None:
        # 代办 (二（三）): a proxy agent sees the cases they carry for residents (the deny still applies).
        grants.append(Q(proxy__agent_id=viewer.proxy_agent_id))
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
    - the legal-service unit's members: legal consultations and legal-aid applications not yet
      routed to any unit;
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
    case_ids = list(case_ids)
    found: dict[int, set[int]] = {pk: set() for pk in case_ids}
    if not case_ids:
        return found
    for user in get_user_model().objects.filter(pk__in=set(user_ids), is_active=True):
        rule = case_known_q(user, viewer=viewer_for(user))
        for pk in Case.objects.filter(rule, pk__in=case_ids).values_list("pk", flat=True):
            found[pk].add(user.pk)
    return found


def report_q() -> Q:
    """Reports (举报): cases whose reporter is protected (``cases.permissions.is_report``)."""
    return Q(service=Service.COMPLAINT)


def reporter_hidden_q(viewer: Viewer | None) -> Q:
    """The cases whose reporter ``viewer`` may not know: ``cases.permissions.reporter_identity_visible``
    as a Q, for lists, searches, counts and exports (every report, for nobody signed in)."""
    if viewer is None:
        return report_q()
    if viewer.is_director:
        return NOTHING
    allowed = Q(routing__lead_unit_id__in=viewer.units(perms.MANAGE_UNIT_CASES)) | Q(
        routing__picked_by_id=viewer.user_id, routing__lead_unit_id__in=viewer.units(perms.WORK_UNIT_CASES)
    )
    if viewer.units_of_kind(Unit.Kind.DISCIPLINE_OFFICE):
        allowed = conduct_q() | (not_conduct_q() & allowed)
    else:
        allowed = not_conduct_q() & allowed
    return report_q() & ~Q(pk__in=Case.objects.filter(report_q() & allowed).values("pk"))


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
            .select_related(
                "routing",
                "routing__lead_unit",
                "routing__picked_by",
                "village",
                "village__area",
                "proxy__agent__user",  # the proxy agent's section of the case page (issue 17)
                "proxy__agent__village",
            )
            .first()
        )
    if case is None:
        raise Http404("no such case")
    return case
