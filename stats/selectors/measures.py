"""Each figure's cases, as a Q on ``Case``: what a figure counts is exactly what its list shows.

The breakdown counts the same conditions with conditional aggregation (``breakdown``); the
drill-down (``/staff/stats/cases/``) lists ``Case.objects.filter(scope.rule & measure_q(...))``.

Which period a case counts in, figure by figure:

- received, repeat, skip-level, collective, extreme, proxy-handled, completed: the day it was received;
- routed, signed out, replied, closed, reopened: the day of that step (once per case and period,
  however often the step was taken);
- on time / late / pending, per clock: the day the clock fell due (an extended clock: its new day).
  On time: met on or before that day; late: met after it, or still open after it; pending:
  open and not yet due;
- satisfied / basically satisfied / unsatisfied: the day of the follow-up visit; a case visited
  twice in one period counts with its last visit;
- extensions requested / approved: the day of the request.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.events import ANSWERED_KINDS
from cases.models import CaseEvent
from mediation.models import CaseClock, Extension, FollowUp
from stats.rules.periods import Period
from stats.selectors.common import EVENT_FIGURES, WITHDRAWN, days_within, local_date, within

RECEIVED_FLAGS = {
    "repeat": Q(repeat_count__gte=3),
    "skip_level": Q(skip_level=True),
    "collective": Q(group_size__gte=5),
    "extreme": Q(extreme_behaviour=True),
    "proxy": Q(proxy__isnull=False),  # 代办 (二（三）): carried by a proxy agent (cases.ProxyHandling)
    "withdrawn": Q(status=WITHDRAWN),
}
SATISFACTION = ("satisfied", "basically", "unsatisfied")
CLOCK_STATES = ("on_time", "late", "pending")

LABELS = {
    "received": _("received"),
    "routed": _("routed"),
    "signed_out": _("signed out"),
    "replied": _("replied"),
    "closed": _("closed"),
    "reopened": _("reopened"),
    "repeat": _("repeat petitions"),
    "skip_level": _("skip-level petitions"),
    "collective": _("collective petitions"),
    "extreme": _("extreme behaviour"),
    "proxy": _("proxy-handled"),
    "not_proxy": _("not proxy-handled"),
    "withdrawn": _("withdrawn"),
    "completed": _("completed"),
    "not_completed": _("not completed"),
    "satisfied": _("satisfied"),
    "basically": _("basically satisfied"),
    "unsatisfied": _("unsatisfied"),
    "extension_requested": _("extensions requested"),
    "extension_approved": _("extensions approved"),
    "on_time": _("on time"),
    "late": _("late"),
    "pending": _("not yet due"),
}


def answered_q() -> Q:
    """Answered or closed at any time so far (办结)."""
    return Q(pk__in=CaseEvent.objects.filter(kind__in=ANSWERED_KINDS).values("case_id"))


def completed_q() -> Q:
    return ~Q(status=WITHDRAWN) & answered_q()


def clock_state_q(state: str, today: date) -> Q:
    """A clock on time, late or pending (``CaseClock`` fields), as of ``today``."""
    met = Q(met_at__isnull=False)
    if state == "on_time":
        return met & Q(due_on__gte=local_date("met_at"))
    if state == "late":
        return (met & Q(due_on__lt=local_date("met_at"))) | Q(met_at__isnull=True, due_on__lt=today)
    return Q(met_at__isnull=True, due_on__gte=today)


def follow_ups_counted(period: Period) -> QuerySet[FollowUp]:
    """The follow-up visits of the period that count: each case's last one in it."""
    later = FollowUp.objects.filter(within("at", period), case=OuterRef("case")).filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk"))
    )
    return FollowUp.objects.filter(within("at", period)).exclude(Exists(later))


def events_in(period: Period, kinds) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(within("at", period), kind__in=kinds)


def measure_q(code: str, period: Period, *, today: date) -> Q | None:
    """The cases a figure counts, or None for an unknown figure. Clock figures are ``state:clock``."""
    received = within("received_at", period)
    if code == "received":
        return received
    if code in RECEIVED_FLAGS:
        return received & RECEIVED_FLAGS[code]
    if code == "not_proxy":
        return received & ~RECEIVED_FLAGS["proxy"]
    if code == "completed":
        return received & completed_q()
    if code == "not_completed":
        return received & ~Q(status=WITHDRAWN) & ~answered_q()
    if code in EVENT_FIGURES:
        return Q(pk__in=events_in(period, EVENT_FIGURES[code]).values("case_id"))
    if code in SATISFACTION:
        return Q(pk__in=follow_ups_counted(period).filter(satisfaction=code).values("case_id"))
    if code in ("extension_requested", "extension_approved"):
        rows = Extension.objects.filter(within("requested_at", period))
        if code == "extension_approved":
            rows = rows.filter(decision=Extension.Decision.APPROVED)
        return Q(pk__in=rows.values("case_id"))
    state, _sep, clock = code.partition(":")
    if state in CLOCK_STATES and clock:
        rows = CaseClock.objects.filter(days_within("due_on", period), clock_state_q(state, today), clock=clock)
        return Q(pk__in=rows.values("case_id"))
    return None
