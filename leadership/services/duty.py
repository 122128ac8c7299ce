"""The duty roster filled from the week template and its exceptions (二（六））.

``duty_roster_fill`` writes the lobby's ``DutyRoster`` (which the lobby display and the public
site read) for the coming weeks: the days the plan changes, never a day already past. Run it from
the admin's "fill the roster" button, or ``manage.py duty_roster_fill`` (a weekly cron entry).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, NotAllowed
from leadership.models import DutyException, DutyWeekday
from leadership.rules import duty as rules
from lobby.models import DutyRoster
from lobby.services import lobby_refresh
from mediation.calendar import work_calendar
from mediation.services.common import now_or

FILL_PERMISSION = "lobby.change_dutyroster"


@dataclass(frozen=True)
class RosterFill:
    changed: int
    gaps: tuple[date, ...]


@transaction.atomic
def duty_roster_fill(
    *, actor=None, start: date | None = None, weeks: int = 4, now: datetime | None = None
) -> RosterFill:
    """Fill the roster from ``start`` (today, at the earliest) for ``weeks`` weeks.

    ``actor`` None is the scheduled command; a person needs the roster's change permission.
    """
    now = now_or(now)
    if actor is not None and not actor.has_perm(FILL_PERMISSION):
        raise NotAllowed(_("Only those who keep the duty roster fill it."), code="not_allowed")
    if not 1 <= weeks <= rules.MAX_WEEKS:
        raise ActionRefused(_("Fill 1 to 12 weeks."), code="weeks")
    today = timezone.localdate(now)
    start = max(start or today, today)
    calendar = work_calendar()
    plan = rules.roster_plan(
        start=start,
        weeks=weeks,
        template=dict(DutyWeekday.objects.values_list("weekday", "leader_id")),
        exceptions=dict(DutyException.objects.filter(date__gte=start).values_list("date", "leader_id")),
        is_working_day=calendar.is_working_day,
    )
    current = dict(DutyRoster.objects.filter(date__in=list(plan.days)).values_list("date", "leader_id"))
    changes = rules.roster_changes(plan, current)
    for day, leader_id in changes.items():
        DutyRoster.objects.update_or_create(date=day, defaults={"leader_id": leader_id})
    if changes:
        lobby_refresh()  # after commit: the lobby display shows today's duty leader
    return RosterFill(changed=len(changes), gaps=plan.gaps)
