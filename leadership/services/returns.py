"""Emergency returns (应急劝返, 二（五））: open, team, dispatch, return, follow-up interview.

Opening a mission records the skip-level petition on the case through the lobby's
``case_escalation_record``, in the same transaction: the case becomes leader-led (owner named and
told, warning slip raised). Every step loads the mission through the visibility rule
(``leadership.selectors.mission_visible_q``), asks ``leadership.rules.returns``, writes, and appends
the case event. A petitioner brought back before is flagged: the mission points at the earlier one.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, CaseNotFound, Conflict, NotAllowed
from cases.models import Case
from cases.permissions import viewer_for
from cases.selectors import case_known_q, users_who_may_know
from departments.models import Leader, Unit
from leadership import selectors
from leadership.models import ReturnMission, ReturnTeamMember
from leadership.rules import returns as rr
from lobby.services import case_escalation_record
from mediation.services.common import event, load, now_or, person
from mediation.services.notifications import notify
from mediation.services.oversight import required_text

UNDER_WAY = (rr.OPENED, rr.DISPATCHED, rr.RETURNED)
NOTE_MAX = 2000
TEAM_MAX = 30


@dataclass(frozen=True)
class TeamMemberInput:
    role: str
    user: object | None = None
    name: str = ""


def _refuse(code: str | None) -> None:
    if code is None:
        return
    if code == rr.REFUSED_ROLE:
        raise NotAllowed(_("Only the area chief leading the return, or the director, records this."), code=code)
    raise Conflict(
        {
            rr.REFUSED_STAGE: _("The return mission is not at that step."),
            rr.REFUSED_MISSION_OPEN: _("A return mission on this case is already under way."),
        }[code],
        code=code,
    )


def _when(value: datetime | None, *, after: datetime, now: datetime, code: str) -> datetime:
    if value is None:
        raise ActionRefused(_("Give the time."), code=code)
    refused = rr.time_refusal(value, after=after, now=now)
    if refused == rr.REFUSED_FUTURE:
        raise ActionRefused(_("The time cannot be in the future."), code=code)
    if refused == rr.REFUSED_ORDER:
        raise ActionRefused(_("The time cannot be before the previous step."), code=code)
    return value


def _text(value: str, *, code: str, limit: int = 200, message: str | None = None) -> str:
    return required_text(value, message=message or _("This field is required."), code=code, limit=limit)


def _chief(case: Case, chief: Leader | None) -> Leader:
    chief = chief or selectors.area_chief_for(case)
    if chief is None:
        raise ActionRefused(_("Name the area chief who leads the return."), code="chief")
    if not Case.objects.filter(case_known_q(chief.user), pk=case.pk).exists():
        raise ActionRefused(_("This leader may not take part in this case."), code="chief")
    return chief


@transaction.atomic
def return_mission_open(
    *,
    case: Case,
    actor,
    level: str,
    location: str,
    requested_by: str,
    requested_at: datetime | None,
    major_event: bool = False,
    major_event_note: str = "",
    chief: Leader | None = None,
    now: datetime | None = None,
) -> ReturnMission:
    """A return is requested: the mission opens under the area chief, the case becomes leader-led."""
    now = now_or(now)
    loaded = load(case, actor)
    case = loaded.case
    under_way = ReturnMission.objects.filter(case=case, stage__in=UNDER_WAY).exists()
    _refuse(rr.refusal(rr.OPEN, stage=None, roles=selectors.open_roles(loaded.viewer, case), open_mission=under_way))
    if level not in rr.LEVELS:
        raise ActionRefused(_("Choose where the petitioner went."), code="level")
    location = _text(location, code="location", message=_("Write where the petitioner is."))
    requested_by = _text(requested_by, code="requested_by", message=_("Write who asked for the return."))
    requested_at = _when(requested_at, after=case.received_at, now=now, code="requested_at")
    note = (major_event_note or "").strip()[:200] if major_event else ""
    leader = _chief(case, chief)
    earlier = selectors.earlier_missions(case).first()
    mission = ReturnMission.objects.create(
        case=case,
        chief=leader,
        level=level,
        location=location,
        requested_by=requested_by,
        requested_at=requested_at,
        major_event=major_event,
        major_event_note=note,
        opened_by=actor,
        opened_at=now,
        repeat_of=earlier,
    )
    ReturnTeamMember.objects.create(mission=mission, role=rr.TEAM_AREA_CHIEF, user=leader.user)
    event(
        case,
        actor,
        "return_requested",
        now,
        mission=mission.pk,
        level=level,
        location=location,
        requested_by=requested_by,
        major_event=major_event,
        chief=person(leader.user),
        repeat_of=earlier.pk if earlier else None,
    )
    case_escalation_record(
        case=case,
        actor=actor,
        skip_level_to=level,
        note=_("Return requested by %(who)s: the petitioner is at %(where)s.")
        % {"who": requested_by, "where": location},
        now=now,
    )
    notify(
        users=[leader.user_id],
        kind="return_requested",
        message=_("A return is requested on case %(code)s: you lead the return team.") % {"code": case.display_code},
        case=case,
        key=f"return-{mission.pk}",
        now=now,
    )
    return mission


def _loaded(mission: ReturnMission, actor, action: str):
    viewer = viewer_for(actor)
    fresh = ReturnMission.objects.select_for_update().filter(pk=mission.pk).first()
    if fresh is None or viewer is None:
        raise CaseNotFound(_("No such return mission."))
    if not ReturnMission.objects.filter(selectors.mission_visible_q(actor, viewer=viewer), pk=fresh.pk).exists():
        raise CaseNotFound(_("No such return mission."))
    _refuse(rr.refusal(action, stage=fresh.stage, roles=selectors.mission_roles(viewer, fresh)))
    return fresh


def _members(members: Sequence[TeamMemberInput]) -> list[TeamMemberInput]:
    if not members:
        raise ActionRefused(_("Name the members of the return team."), code="team")
    if len(members) > TEAM_MAX:
        raise ActionRefused(_("A return team has at most 30 members."), code="team")
    users = get_user_model().objects
    clean = []
    for member in members:
        if member.role not in rr.TEAM_ROLES:
            raise ActionRefused(_("Choose each member's role on the team."), code="team")
        name = (member.name or "").strip()
        if member.user is None and not name:
            raise ActionRefused(_("Choose a person or write a name for each member."), code="team")
        if len(name) > 60:
            raise ActionRefused(_("A name is longer than 60 characters."), code="team")
        if member.user is not None and not users.filter(pk=member.user.pk, is_active=True).exists():
            raise ActionRefused(_("This person is not an active user."), code="team")
        clean.append(TeamMemberInput(member.role, member.user, "" if member.user is not None else name))
    return clean


@transaction.atomic
def return_team_set(
    *, mission: ReturnMission, actor, members: Sequence[TeamMemberInput], now: datetime | None = None
) -> ReturnMission:
    """The area chief names the return team (the chief stays on it)."""
    now = now_or(now)
    mission = _loaded(mission, actor, rr.EDIT_TEAM)
    clean = _members(members)
    mission.team.all().delete()
    ReturnTeamMember.objects.create(mission=mission, role=rr.TEAM_AREA_CHIEF, user=mission.chief.user)
    ReturnTeamMember.objects.bulk_create(
        ReturnTeamMember(mission=mission, role=m.role, user=m.user, name=m.name)
        for m in clean
        if not (m.role == rr.TEAM_AREA_CHIEF and m.user is not None and m.user.pk == mission.chief.user_id)
    )
    team = [{"role": m.role, "name": str(m)} for m in mission.team.select_related("user")]
    event(mission.case, actor, "return_team_set", now, mission=mission.pk, team=team)
    _team_told(mission, actor, now=now)
    return mission


def _team_told(mission: ReturnMission, actor, *, now: datetime) -> None:
    """The team's members who are users learn they are on it (once per mission), if they may know of
    the case (``users_who_may_know``: never the accused of a conduct complaint, nor their units)."""
    members = set(mission.team.exclude(user=None).values_list("user_id", flat=True)) - {actor.pk}
    told = users_who_may_know([mission.case_id], members).get(mission.case_id, set())
    notify(
        users=told,
        kind="return_team_named",
        message=_("You are on the return team for case %(code)s: the petitioner is at %(where)s.")
        % {"code": mission.case.display_code, "where": mission.location},
        key=f"return-{mission.pk}-team",
        now=now,
    )


def _line_office_involved(case: Case) -> bool:
    routing = getattr(case, "routing", None)
    if routing is None:
        return False
    lead_is_line = routing.lead_unit_id is not None and routing.lead_unit.kind == Unit.Kind.LINE_OFFICE
    return bool(routing.line_office_id or lead_is_line)


@transaction.atomic
def return_mission_dispatch(
    *, mission: ReturnMission, actor, dispatched_at: datetime | None, note: str = "", now: datetime | None = None
) -> ReturnMission:
    """The team sets out; it must be complete (二（五）: chief, liaison team, village cadres, police, and
    the line office's cadre when a line office has the matter)."""
    now = now_or(now)
    mission = _loaded(mission, actor, rr.DISPATCH)
    roles = mission.team.values_list("role", flat=True)
    missing = rr.team_missing(roles, line_office_involved=_line_office_involved(mission.case))
    if missing:
        labels = dict(ReturnTeamMember.Role.choices)
        raise ActionRefused(
            _("The return team still lacks: %(roles)s.") % {"roles": "、".join(str(labels[r]) for r in missing)},
            code=rr.REFUSED_TEAM,
        )
    mission.dispatched_at = _when(dispatched_at, after=mission.requested_at, now=now, code="dispatched_at")
    mission.dispatch_note = (note or "").strip()[:NOTE_MAX]
    mission.stage = rr.next_stage(rr.DISPATCH, mission.stage)
    mission.save(update_fields=["dispatched_at", "dispatch_note", "stage"])
    event(mission.case, actor, "return_dispatched", now, mission=mission.pk, at=mission.dispatched_at.isoformat())
    return mission


@transaction.atomic
def return_mission_return(
    *,
    mission: ReturnMission,
    actor,
    returned_at: datetime | None,
    place: str,
    note: str,
    now: datetime | None = None,
) -> ReturnMission:
    """The petitioner is brought back: when, where to, what happened."""
    now = now_or(now)
    mission = _loaded(mission, actor, rr.RECORD_RETURN)
    mission.returned_at = _when(returned_at, after=mission.dispatched_at, now=now, code="returned_at")
    mission.return_place = _text(place, code="place", message=_("Write where the petitioner was brought back to."))
    mission.return_note = _text(note, code="note", limit=NOTE_MAX, message=_("Write what happened."))
    mission.stage = rr.next_stage(rr.RECORD_RETURN, mission.stage)
    mission.save(update_fields=["returned_at", "return_place", "return_note", "stage"])
    event(
        mission.case,
        actor,
        "return_completed",
        now,
        mission=mission.pk,
        at=mission.returned_at.isoformat(),
        place=mission.return_place,
        note=mission.return_note,
    )
    return mission


@transaction.atomic
def return_mission_interview(
    *,
    mission: ReturnMission,
    actor,
    kind: str,
    held_at: datetime | None,
    police: str,
    note: str,
    now: datetime | None = None,
) -> ReturnMission:
    """The follow-up interview the area chief holds with the police at once after the return."""
    now = now_or(now)
    mission = _loaded(mission, actor, rr.RECORD_INTERVIEW)
    if kind not in rr.INTERVIEW_KINDS:
        raise ActionRefused(_("Choose the kind of interview."), code="kind")
    mission.interview_at = _when(held_at, after=mission.returned_at, now=now, code="held_at")
    mission.interview_police = _text(
        police, code=rr.REFUSED_POLICE, message=_("Name the police officers present: the interview is held with them.")
    )
    mission.interview_note = _text(note, code="note", limit=5000, message=_("Write the record of the interview."))
    mission.interview_kind = kind
    mission.stage = rr.next_stage(rr.RECORD_INTERVIEW, mission.stage)
    mission.save(update_fields=["interview_kind", "interview_at", "interview_police", "interview_note", "stage"])
    event(
        mission.case,
        actor,
        "return_interview",
        now,
        mission=mission.pk,
        kind=kind,
        at=mission.interview_at.isoformat(),
        police=mission.interview_police,
        prompt=mission.interview_prompt,
    )
    return mission


@transaction.atomic
def return_mission_call_off(
    *, mission: ReturnMission, actor, reason: str, now: datetime | None = None
) -> ReturnMission:
    """No return after all (the petitioner came back alone, the request was withdrawn)."""
    now = now_or(now)
    mission = _loaded(mission, actor, rr.CALL_OFF)
    mission.called_off_reason = _text(reason, code="reason", limit=NOTE_MAX, message=_("Give a reason."))
    mission.called_off_at = now
    mission.stage = rr.next_stage(rr.CALL_OFF, mission.stage)
    mission.save(update_fields=["called_off_reason", "called_off_at", "stage"])
    event(mission.case, actor, "return_called_off", now, mission=mission.pk, reason=mission.called_off_reason)
    return mission
