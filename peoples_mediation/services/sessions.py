"""Mediation sessions: scheduled with a notice to each party, then what was said and agreed."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from cases.models import Case
from mediation.services.common import now_or
from peoples_mediation.models import MediatorChoice, Session
from peoples_mediation.rules import flow
from peoples_mediation.services.common import record_event, rule, step, text


@transaction.atomic
def mediation_session_schedule(*, case: Case, actor, at: datetime | None, place: str, now: datetime | None = None):
    """Schedule the next session (when, where); its notice to each party is printed from the case page."""
    now = now_or(now)
    s = step(case, actor, "schedule_session")
    rule(flow.check_mediators_chosen, MediatorChoice.objects.filter(case=s.case).count())
    if at is None:
        raise ActionRefused(_("Give the date and time of the session."), code="at")
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    rule(flow.check_session_schedule, on=timezone.localdate(at), today=timezone.localdate(now), place=place)
    number = (Session.objects.filter(case=s.case).aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session.objects.create(
        case=s.case,
        number=number,
        scheduled_at=at,
        place=text(place, label=_("place"), max_length=200),
        scheduled_by=actor,
    )
    record_event(s, actor, "mediation_session_scheduled", now, number=number, at=at.isoformat(), place=session.place)
    return session


@transaction.atomic
def mediation_session_record(
    *,
    case: Case,
    actor,
    session: Session,
    held_on: date | None,
    said: str,
    agreed: str = "",
    now: datetime | None = None,
) -> Session:
    """What was said and agreed at a scheduled session, once it was held."""
    now = now_or(now)
    s = step(case, actor, "record_session")
    session = Session.objects.select_for_update().filter(pk=session.pk, case=s.case).first()
    if session is None:
        raise ActionRefused(_("No such session in this case."), code="session")
    if session.held_on is not None:
        raise ActionRefused(_("This session is already recorded."), code="recorded")
    if held_on is None:
        raise ActionRefused(_("Give the day the session was held."), code="held_on")
    rule(
        flow.check_session_held,
        held_on=held_on,
        scheduled_on=timezone.localdate(session.scheduled_at),
        today=timezone.localdate(now),
        said=said,
    )
    session.held_on = held_on
    session.said = text(said, label=_("what the parties said"))
    session.agreed = text(agreed, label=_("what was agreed"), required=False)
    session.recorded_by = actor
    session.save()
    record_event(s, actor, "mediation_session_held", now, number=session.number, held_on=held_on.isoformat())
    return session
