"""The five ownership duties and the case conference of an escalated case.

Rulebook 沥工委〔2020〕38号 二（四）: "要严格落实包掌握情况、包思想转化、包解决化解、包承诺息访、包教育稳控的
‘五包责任制’。承担包案化解的分管领导（或片长）要牵头召开专题分析会". Each action loads the case through the
visibility rule, checks with ``mediation.rules.oversight``, writes, appends the case event and notifies
after commit.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from cases.models import Case
from departments.models import Leader, Membership
from mediation.models import CaseConference, OwnershipDuty, ProactiveAppointment
from mediation.rules import oversight as ov
from mediation.services.common import Loaded, event, excluded_unit_ids, load, now_or, person
from mediation.services.oversight import Note, checked, heads_of, notify_all, past_date, required_text

PLACE_MAX = 100
OTHERS_MAX = 500
ACTIONS_MAX = 20


def _owner_of(loaded: Loaded) -> Leader:
    routing = loaded.routing
    if routing is not None and routing.owner_id is not None:
        return routing.owner
    leader = Leader.objects.filter(pk=loaded.viewer.leader_id).first()
    if leader is None:
        raise ActionRefused(_("The case has no owning leader."), code="no_owner")
    return leader


def _lead_heads(loaded: Loaded) -> frozenset[int]:
    routing = loaded.routing
    if routing is None or routing.lead_unit_id is None:
        return frozenset()
    return frozenset(heads_of([routing.lead_unit_id]).get(routing.lead_unit_id, []))


@transaction.atomic
def ownership_duty_record(
    *, case: Case, actor, duty: str, done_on: date | None, note: str, now: datetime | None = None
) -> OwnershipDuty:
    """二（四）: the owning leader records one of the five duties as done, with its date and a note."""
    now = now_or(now)
    loaded = load(case, actor)
    checked(ov.RECORD_DUTY, loaded)
    try:
        ov.duty_check(duty)
    except ValueError as error:
        raise ActionRefused(_("Choose one of the five duties."), code="duty") from error
    record = OwnershipDuty.objects.create(
        case=loaded.case,
        owner=_owner_of(loaded),
        duty=duty,
        done_on=past_date(done_on, now, code="done_on"),
        note=required_text(note, message=_("Write a note on what was done."), code="note", limit=2000),
        recorded_by=actor,
        recorded_at=now,
    )
    event(
        loaded.case,
        actor,
        "ownership_duty",
        now,
        duty=duty,
        label=ov.DUTY_LABELS[duty],
        done_on=record.done_on.isoformat(),
        note=record.note,
    )
    notify_all(
        [
            Note(
                case=loaded.case,
                users=_lead_heads(loaded) - {actor.pk},
                message=_("%(duty)s recorded on case %(code)s.")
                % {"duty": ov.DUTY_LABELS[duty], "code": loaded.case.display_code},
                key=f"duty-{record.pk}",
            )
        ],
        kind="ownership_duty",
        now=now,
    )
    return record


def _attendees_checked(loaded: Loaded, attendees: Iterable) -> list:
    """The staff attendees, once each; refused if one is accused or a member of an accused unit."""
    people = list(dict.fromkeys(attendees))
    accused = set(loaded.case.accused_persons.values_list("pk", flat=True))
    excluded_units = excluded_unit_ids(loaded.case)
    if excluded_units:
        accused |= set(Membership.objects.filter(unit_id__in=excluded_units).values_list("user_id", flat=True))
    if any(getattr(p, "pk", p) in accused for p in people):
        raise ActionRefused(
            _("A person the case is about, or a member of a unit it is about, cannot attend."), code="attendee"
        )
    return people


def _actions_checked(follow_up_actions: Iterable[str]) -> list[str]:
    actions = [a.strip() for a in follow_up_actions if a and a.strip()]
    if len(actions) > ACTIONS_MAX or any(len(a) > 300 for a in actions):
        raise ActionRefused(_("At most 20 follow-up actions of 300 characters each."), code="follow_up")
    return actions


def _others_checked(other_attendees: str, people: list) -> str:
    """The other attendees (free text); refused if too long, or if nobody at all attended."""
    other = (other_attendees or "").strip()
    if len(other) > OTHERS_MAX:
        raise ActionRefused(_("The other attendees are longer than 500 characters."), code="other_attendees")
    if not people and not other:
        raise ActionRefused(_("Name who attended."), code="attendees")
    return other


@transaction.atomic
def case_conference_record(
    *,
    case: Case,
    actor,
    held_on: date | None,
    place: str,
    attendees: Iterable = (),
    other_attendees: str = "",
    analysis: str,
    decisions: str,
    follow_up_actions: Iterable[str] = (),
    now: datetime | None = None,
) -> CaseConference:
    """二（四）: the owning leader records the case conference: who met, what they found and decided."""
    now = now_or(now)
    loaded = load(case, actor)
    checked(ov.RECORD_CONFERENCE, loaded)
    people = _attendees_checked(loaded, attendees)
    actions = _actions_checked(follow_up_actions)
    other = _others_checked(other_attendees, people)
    conference = CaseConference.objects.create(
        case=loaded.case,
        held_on=past_date(held_on, now, code="held_on"),
        place=required_text(place, message=_("Give the place."), code="place", limit=PLACE_MAX),
        other_attendees=other,
        analysis=required_text(analysis, message=_("Write the analysis."), code="analysis"),
        decisions=required_text(decisions, message=_("Write the decisions."), code="decisions"),
        follow_up_actions=actions,
        recorded_by=actor,
        recorded_at=now,
    )
    conference.attendees.set(people)
    event(
        loaded.case,
        actor,
        "case_conference",
        now,
        conference=conference.pk,
        held_on=conference.held_on.isoformat(),
        place=conference.place,
        attendees=[person(p) for p in conference.attendees.all()],
        other_attendees=other,
        decisions=conference.decisions,
        follow_up_actions=actions,
    )
    notify_all(
        [
            Note(
                case=loaded.case,
                users=(frozenset(getattr(p, "pk", p) for p in people) | _lead_heads(loaded)) - {actor.pk},
                message=_("Case conference on case %(code)s recorded (%(day)s).")
                % {"code": loaded.case.display_code, "day": conference.held_on.isoformat()},
                key=f"conference-{conference.pk}",
            )
        ],
        kind="case_conference",
        now=now,
    )
    return conference


@transaction.atomic
def proactive_appointment_record(
    *, case: Case, actor, outcome: str, on: date | None, place: str = "", note: str, now: datetime | None = None
) -> ProactiveAppointment:
    """二（四） 主动约访: the owning leader met the petitioner to hear them, or offered to and was declined."""
    now = now_or(now)
    loaded = load(case, actor)
    checked(ov.RECORD_APPOINTMENT, loaded)
    if outcome not in ProactiveAppointment.Outcome.values:
        raise ActionRefused(_("Say whether the petitioner was met or declined the offer."), code="outcome")
    if loaded.case.is_anonymous:
        raise ActionRefused(_("An anonymous report has nobody to meet."), code="anonymous")
    place = (place or "").strip()
    if len(place) > PLACE_MAX:
        raise ActionRefused(_("The place is longer than 100 characters."), code="place")
    record = ProactiveAppointment.objects.create(
        case=loaded.case,
        owner=_owner_of(loaded),
        outcome=outcome,
        on=past_date(on, now, code="on"),
        place=place,
        note=required_text(note, message=_("Write what the petitioner said."), code="note", limit=2000),
        recorded_by=actor,
        recorded_at=now,
    )
    event(
        loaded.case,
        actor,
        "proactive_appointment",
        now,
        outcome=outcome,
        on=record.on.isoformat(),
        place=place,
        note=record.note,
    )
    notify_all(
        [
            Note(
                case=loaded.case,
                users=_lead_heads(loaded) - {actor.pk},
                message=_("Proactive appointment on case %(code)s recorded (%(day)s).")
                % {"code": loaded.case.display_code, "day": record.on.isoformat()},
                key=f"appointment-{record.pk}",
            )
        ],
        kind="proactive_appointment",
        now=now,
    )
    return record
