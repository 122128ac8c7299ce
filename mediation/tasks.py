"""Background work of case handling: the deadlines sweep (django-tasks).

``deadlines_sweep`` runs the steps of ``SWEEP_STEPS`` in one transaction. Every step is set-based:
the number of SQL queries does not grow with the number of cases (UPDATE ... WHERE with
subqueries, INSERT ... SELECT), and running the sweep twice changes nothing the second time.

    manage.py deadlines_sweep            run it now, here
    manage.py deadlines_sweep --enqueue  hand it to the worker (manage.py db_worker)

Add a step by appending a function ``step(sweep: Sweep) -> dict[str, int]`` to ``SWEEP_STEPS``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case as When_
from django.db.models import Exists, F, Min, OuterRef, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from departments.models import Leader, Membership
from intake.models import Case, CaseEvent
from mediation.calendar import work_calendar
from mediation.models import CalendarYear, CaseClock, Notification, Routing
from mediation.notifications import notify, push
from mediation.rules import clocks as rules
from mediation.rules import status as st
from mediation.rules.calendar import WorkCalendar

NOTIFICATION_KIND = "deadline"
CALENDAR_KIND = "calendar"


@dataclass(frozen=True)
class Sweep:
    """What every step of one sweep shares: the moment, today, and the calendar's cut-off for "due soon"."""

    now: datetime
    today: date
    calendar: WorkCalendar
    not_soon_from: date


def _sweep(now: datetime | None = None) -> Sweep:
    now = now or timezone.now()
    today = timezone.localdate(now)
    calendar = work_calendar()
    days = getattr(settings, "DEADLINES_DUE_SOON_WORKING_DAYS", rules.DUE_SOON_WORKING_DAYS)
    return Sweep(now, today, calendar, rules.state_cutoffs(today, calendar, days))


def _open_clocks():
    return CaseClock.objects.filter(met_at__isnull=True).exclude(case__status__in=st.TERMINAL_STATUSES)


def step_mark_met(sweep: Sweep) -> dict[str, int]:
    """Clocks whose matching event was recorded (on or after the clock started) are met: one UPDATE per event group."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for clock, kinds in rules.MET_BY.items():
        groups.setdefault(tuple(sorted(kinds)), []).append(clock)
    met = 0
    for kinds, clocks in groups.items():
        matching = CaseEvent.objects.filter(case=OuterRef("case"), kind__in=kinds, at__date__gte=OuterRef("started_on"))
        first = matching.order_by().values("case").annotate(first=Min("at")).values("first")[:1]
        met += (
            CaseClock.objects.filter(met_at__isnull=True, clock__in=clocks)
            .filter(Exists(matching))
            .update(state=rules.MET, met_at=Subquery(first), updated_at=sweep.now)
        )
    return {"met": met}


def step_states(sweep: Sweep) -> dict[str, int]:
    """Open clocks move to due soon, overdue (or back to running after an extension): one UPDATE."""
    target = When_(
        When(due_on__lt=sweep.today, then=Value(rules.OVERDUE)),
        When(due_on__lt=sweep.not_soon_from, then=Value(rules.DUE_SOON)),
        default=Value(rules.RUNNING),
    )
    changed = _open_clocks().alias(target=target).exclude(state=F("target")).update(state=target, updated_at=sweep.now)
    return {"state_changes": changed}


def _message_parts() -> tuple[str, list]:
    """SQL CASE expressions for the notification text before and after the due date (translated here)."""
    pre, post, params_pre, params_post = [], [], [], []
    for clock, label in rules.CLOCK_LABELS.items():
        for state, template in (
            (rules.DUE_SOON, _("Deadline due soon: %(clock)s, due on %(due)s.")),
            (rules.OVERDUE, _("Deadline overdue: %(clock)s, was due on %(due)s.")),
        ):
            before, _sep, after = (template % {"clock": label, "due": "\x00"}).partition("\x00")
            pre.append("WHEN c.clock = %s AND c.state = %s THEN %s")
            params_pre += [clock, state, before]
            post.append("WHEN c.clock = %s AND c.state = %s THEN %s")
            params_post += [clock, state, after]
    sql = f"(CASE {' '.join(pre)} ELSE '' END) || CAST(c.due_on AS TEXT) || (CASE {' '.join(post)} ELSE '' END)"
    return sql, params_pre + params_post


def step_notify(sweep: Sweep) -> dict[str, int]:
    """Tell the people responsible, once per clock, state and due date: INSERT ... SELECT, then one read to push.

    Due soon and overdue go to the handler who picked the case, else to the lead unit's heads;
    overdue also goes to the director. Nobody the case is about is told (nor anyone inactive).
    """
    q = connection.ops.quote_name
    tables = {
        "n": q(Notification._meta.db_table),
        "c": q(CaseClock._meta.db_table),
        "case": q(Case._meta.db_table),
        "r": q(Routing._meta.db_table),
        "m": q(Membership._meta.db_table),
        "l": q(Leader._meta.db_table),
        "u": q(Case._meta.get_field("accused_persons").related_model._meta.db_table),
        "acc": q(Case.accused_persons.through._meta.db_table),
    }
    acc_case = q(Case.accused_persons.through._meta.get_field("case").column)
    acc_user = q(Case.accused_persons.through._meta.get_field("user").column)
    key = q("key")
    message_sql, message_params = _message_parts()
    key_sql = "c.clock || ':' || c.state || ':' || CAST(c.due_on AS TEXT)"
    terminal = list(st.TERMINAL_STATUSES)
    status_in = ", ".join(["%s"] * len(terminal))
    now = connection.ops.adapt_datetimefield_value(sweep.now)
    # Only quoted table and column names from the models are interpolated; every value is a parameter.
    base = f"""
        FROM {tables["c"]} c
        JOIN {tables["case"]} k ON k.id = c.case_id
        JOIN {tables["r"]} r ON r.case_id = c.case_id
        {{join}}
        JOIN {tables["u"]} p ON p.id = {{who}}
        WHERE c.met_at IS NULL AND c.state IN ({{states}}) AND k.status NOT IN ({status_in})
          AND p.is_active = %s
          AND NOT EXISTS (SELECT 1 FROM {tables["acc"]} a WHERE a.{acc_case} = c.case_id AND a.{acc_user} = p.id)
          AND NOT EXISTS (
            SELECT 1 FROM {tables["n"]} x
            WHERE x.user_id = p.id AND x.case_id = c.case_id AND x.kind = %s AND x.{key} = {key_sql})
    """  # noqa: S608
    both = "%s, %s"
    selects = [
        # The handler who picked the case.
        (base.format(join="", who="r.picked_by_id", states=both), [rules.DUE_SOON, rules.OVERDUE]),
        # Nobody picked it: the lead unit's heads.
        (
            base.format(
                join=f"JOIN {tables['m']} m ON m.unit_id = r.lead_unit_id AND m.role = %s AND r.picked_by_id IS NULL",
                who="m.user_id",
                states=both,
            ),
            [Membership.Role.HEAD.value, rules.DUE_SOON, rules.OVERDUE],
        ),
        # Overdue: the director too.
        (
            base.format(join=f"JOIN {tables['l']} d ON d.is_director = %s", who="d.user_id", states="%s"),
            [True, rules.OVERDUE],
        ),
    ]
    inserted = 0
    with connection.cursor() as cursor:
        for body, params in selects:
            cursor.execute(
                f"""INSERT INTO {tables["n"]} (user_id, case_id, kind, {key}, message, created_at, read_at)
                SELECT DISTINCT p.id, c.case_id, %s, {key_sql}, {message_sql}, %s, NULL {body}""",
                [NOTIFICATION_KIND, *message_params, now, *params, *terminal, True, NOTIFICATION_KIND],
            )
            inserted += max(cursor.rowcount, 0)
    users = []
    if inserted:
        users = list(
            Notification.objects.filter(kind=NOTIFICATION_KIND, created_at=sweep.now)
            .values_list("user_id", flat=True)
            .distinct()
        )
        message = _("Deadlines need your attention: see your inbox.")
        transaction.on_commit(lambda: push(user_ids=users, message=message))
    return {"notified": inserted, "people": len(users)}


def step_calendar_warning(sweep: Sweep) -> dict[str, int]:
    """Warn the administrators, once per year, that a year's official schedule is missing."""
    from mediation.services.clocks import calendar_admins

    warn_from = getattr(settings, "CALENDAR_WARNING_FROM", rules.WARN_FROM_MONTH_DAY)
    known = frozenset(CalendarYear.objects.values_list("year", flat=True))
    year = rules.missing_year_to_warn(sweep.today, known, tuple(warn_from))
    if year is None:
        return {"calendar_warnings": 0}
    created = notify(
        users=calendar_admins(),
        kind=CALENDAR_KIND,
        message=_(
            "The official holiday schedule for %(year)s is not entered yet: deadlines in %(year)s are "
            "provisional. Enter it in the admin under Calendar."
        )
        % {"year": year},
        key=f"calendar-{year}",
        now=sweep.now,
    )
    return {"calendar_warnings": len(created)}


SWEEP_STEPS: list[Callable[[Sweep], dict[str, int]]] = [
    step_mark_met,
    step_states,
    step_notify,
    step_calendar_warning,
]
"""The sweep's steps, in order. Another engineer's step (e.g. warning slips) is appended here."""


def run_sweep(now: datetime | None = None) -> dict[str, int]:
    """Run every step in one transaction; returns what each step counted."""
    sweep = _sweep(now)
    totals: dict[str, int] = {}
    with transaction.atomic():
        for step in SWEEP_STEPS:
            totals.update(step(sweep))
    return totals


@task()
def deadlines_sweep() -> dict[str, int]:
    """The deadlines sweep as a background task (enqueue it from cron, or run the command)."""
    return run_sweep()
