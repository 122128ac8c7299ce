"""每周一会商 (二（一））: a unit (or a village) records its weekly consultation; its decisions become actions
(issue 17).

The unit's head (or the director) records the minutes once a week; a village's, the head of its
area's liaison team or the area chief: who came, and for each case
discussed the decision and, where one was decided, the action with its owner and date. Each
decision goes on the case's record; each action's owner is told, and says when it is done.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, CaseNotFound, Conflict, NotAllowed
from cases.models import Case
from cases.permissions import viewer_for
from cases.rules import status as st
from cases.selectors import case_list_for_user
from departments import permissions as perms
from departments.models import Leader, Membership, Unit, Village
from mediation.models import ConsultationItem, WeeklyConsultation
from mediation.rules import consultation as rules
from mediation.selectors.consultation import Forum, consultation_agenda, forum_cases_q
from mediation.services.common import event, now_or, person
from mediation.services.notifications import notify
from mediation.services.oversight import past_date, required_text

ITEMS_MAX = 200


@dataclass(frozen=True)
class ItemInput:
    """One case discussed: what was decided, and the action (optional) with its owner and date."""

    case: Case
    decision: str
    action: str = ""
    owner: object | None = None
    due_on: date | None = None


def may_record(user, forum: Forum) -> bool:
    """A unit's: its head (its case managers) or the director. A village's: the head of its area's
    liaison team, the area chief, or the director."""
    viewer = viewer_for(user)
    if viewer is None:
        return False
    if viewer.is_director:
        return True
    if isinstance(forum, Village):
        chief = viewer.leader_id is not None and viewer.leader_id == forum.area.chief_id
        return chief or bool(set(viewer.units(perms.MANAGE_UNIT_CASES)) & set(liaison_teams(forum)))
    return forum.pk in viewer.units(perms.MANAGE_UNIT_CASES)


def may_read_village(user, village: Village) -> bool:
    """Who opens a village's consultation page: those who record it, and the members of its area's
    liaison teams (the agenda itself is read through the visibility rule)."""
    viewer = viewer_for(user)
    if viewer is None:
        return False
    return may_record(user, village) or bool(set(viewer.units(perms.VIEW_UNIT_CASES)) & set(liaison_teams(village)))


def liaison_teams(village: Village) -> list[int]:
    """The liaison teams (ids) of the village's area: they hold the village's consultation."""
    return list(
        Unit.objects.filter(kind=Unit.Kind.LIAISON_TEAM, area_id=village.area_id, is_active=True).values_list(
            "pk", flat=True
        )
    )


def owner_ids(forum: Forum) -> set[int]:
    """Who may own an action: the unit's members; for a village, the members of its area's liaison
    teams and the area chief."""
    if isinstance(forum, Village):
        people = set(Membership.objects.filter(unit_id__in=liaison_teams(forum)).values_list("user_id", flat=True))
        chief = Leader.objects.filter(pk=forum.area.chief_id).values_list("user_id", flat=True).first()
        return people | ({chief} if chief else set())
    return set(Membership.objects.filter(unit=forum).values_list("user_id", flat=True))


def _items_checked(actor, forum: Forum, items: Sequence[ItemInput], today: date) -> list[ItemInput]:
    if not items:
        raise ActionRefused(_("Record the decision on at least one case."), code="items")
    if len(items) > ITEMS_MAX:
        raise ActionRefused(_("At most 200 cases in one consultation."), code="items")
    codes = [i.case.pk for i in items]
    if len(set(codes)) != len(codes):
        raise ActionRefused(_("A case is listed twice."), code="items")
    ours = set(
        case_list_for_user(actor)
        .filter(forum_cases_q(forum), pk__in=codes)
        .exclude(status__in=st.TERMINAL_STATUSES)
        .values_list("pk", flat=True)
    )
    if ours != set(codes):
        raise CaseNotFound
    members = owner_ids(forum)
    checked = []
    for item in items:
        decision = required_text(item.decision, message=_("Write the decision on each case."), code="decision")
        action = (item.action or "").strip()
        if len(decision) > 2000 or len(action) > 300:
            raise ActionRefused(_("A decision or an action is too long."), code="too_long")
        owner_id = getattr(item.owner, "pk", item.owner)
        if action and (owner_id is None or item.due_on is None):
            raise ActionRefused(_("Give each action an owner and a date."), code="action")
        if owner_id is not None and owner_id not in members:
            raise ActionRefused(
                _("An action's owner must belong to the unit (or the village's liaison team)."), code="owner"
            )
        if item.due_on is not None and item.due_on < today:
            raise ActionRefused(_("An action's date cannot be in the past."), code="due_on")
        checked.append(ItemInput(item.case, decision, action, owner_id if action else None, item.due_on))
    return checked


@transaction.atomic
def weekly_consultation_record(
    *,
    unit: Unit | None = None,
    village: Village | None = None,
    actor,
    held_on: date | None,
    place: str,
    attendees: Iterable = (),
    other_attendees: str = "",
    notes: str = "",
    items: Sequence[ItemInput],
    now: datetime | None = None,
) -> WeeklyConsultation:
    """Record the consultation of the unit (or the village) of the week it was held in (once a week)."""
    now = now_or(now)
    if (unit is None) == (village is None):
        raise ValueError("a consultation is a unit's or a village's")
    forum = unit or village
    if not may_record(actor, forum):
        if village is not None:
            raise NotAllowed(
                _("Only the village's liaison team head, the area chief or the director records its consultation."),
                code="role",
            )
        raise NotAllowed(_("Only the unit's head or the director records its weekly consultation."), code="role")
    held_on = past_date(held_on, now, code="held_on")
    today = timezone.localdate(now)
    checked = _items_checked(actor, forum, items, today)
    people = list(dict.fromkeys(attendees))
    other = (other_attendees or "").strip()
    if not people and not other:
        raise ActionRefused(_("Name who attended."), code="attendees")
    if len(other) > 500 or len(notes or "") > 5000:
        raise ActionRefused(_("A text is too long."), code="too_long")
    week = rules.week_start(held_on)
    agenda = {a.case.pk: a.reasons for a in consultation_agenda(actor, forum, today=today)}
    try:
        with transaction.atomic():
            consultation = WeeklyConsultation.objects.create(
                unit=unit,
                village=village,
                week=week,
                held_on=held_on,
                place=required_text(place, message=_("Give the place."), code="place", limit=100),
                other_attendees=other,
                notes=(notes or "").strip(),
                recorded_by=actor,
                recorded_at=now,
            )
    except IntegrityError as clash:
        raise Conflict(_("The consultation of this week is already recorded."), code="week") from clash
    consultation.attendees.set(people)
    _items_store(consultation, checked, agenda=agenda, actor=actor, now=now)
    return consultation


def _items_store(
    consultation: WeeklyConsultation, checked: Sequence[ItemInput], *, agenda: dict, actor, now: datetime
) -> None:
    """Store the cases discussed; each decision goes on its case's record, each action to its owner."""
    forum, week = consultation.forum, consultation.week
    where = {"village": forum.code} if consultation.village_id else {"unit": forum.code}
    rows = ConsultationItem.objects.bulk_create(
        [
            ConsultationItem(
                consultation=consultation,
                case=i.case,
                reasons=list(agenda.get(i.case.pk, (rules.OPEN,))),
                decision=i.decision,
                action=i.action,
                action_owner_id=i.owner,
                action_due=i.due_on,
            )
            for i in checked
        ]
    )
    for row in rows:
        event(
            row.case,
            actor,
            "consultation_decision",
            now,
            **where,
            week=week.isoformat(),
            decision=row.decision,
            action=row.action,
            due_on=row.action_due.isoformat() if row.action_due else None,
        )
        if row.action_owner_id:
            notify(
                users=[row.action_owner_id],
                kind="consultation_action",
                message=_("Weekly consultation: %(action)s on case %(code)s, by %(day)s.")
                % {"action": row.action, "code": row.case.display_code, "day": row.action_due.isoformat()},
                case=row.case,
                key=f"item-{row.pk}",
                now=now,
            )


@transaction.atomic
def consultation_action_done(*, item: ConsultationItem, actor, now: datetime | None = None) -> ConsultationItem:
    """The action's owner (or the unit's head) says the action decided at the consultation is done."""
    now = now_or(now)
    row = (
        ConsultationItem.objects.select_for_update(of=("self",))
        .select_related("consultation__unit", "consultation__village__area", "case")
        .get(pk=item.pk)
    )
    if not case_list_for_user(actor).filter(pk=row.case_id).exists():
        raise CaseNotFound
    if actor.pk != row.action_owner_id and not may_record(actor, row.consultation.forum):
        raise NotAllowed(_("Only the action's owner or the unit's head marks it done."), code="role")
    if not row.action:
        raise ActionRefused(_("No action was decided on this case."), code="no_action")
    if row.action_done_at is not None:
        raise Conflict(_("This action is already done."), code="done")
    row.action_done_at = now
    row.save(update_fields=["action_done_at"])
    event(row.case, actor, "consultation_action_done", now, action=row.action, by=person(actor))
    return row
