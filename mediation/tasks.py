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

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Case as When_
from django.db.models import Exists, F, Min, OuterRef, Subquery, Value, When
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent, Routing
from cases.rules import status as st
from departments.models import Leader, Membership, Unit
from mediation.calendar import calendar_admins, calendar_missing_year, due_soon_cutoff, work_calendar
from mediation.clocktext import CLOCK_LABELS
from mediation.models import CaseClock, Notification
from mediation.rules import clocks as rules
from mediation.rules.calendar import WorkCalendar
from mediation.services.notifications import notify, push
from mediation.services.warning_slips import warning_slips_sweep

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
    return Sweep(now, today, calendar, due_soon_cutoff(today, calendar))


def _open_clocks():
    """Clocks not met, of cases not closed or withdrawn (NOT EXISTS: no join in the UPDATE)."""
    closed = Case.objects.filter(pk=OuterRef("case_id"), status__in=list(st.TERMINAL_STATUSES))
    return CaseClock.objects.filter(met_at__isnull=True).filter(~Exists(closed))


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
    """Open clocks move to due soon or overdue, or back to running after an extension: two UPDATEs.

    Only clocks due before the "due soon" cut-off can be due soon or overdue, so the first UPDATE
    reads a range of the partial index ``caseclock_open``; the second reads the few clocks not
    running whose due date moved past the cut-off.
    """
    target = When_(
        When(due_on__lt=sweep.today, then=Value(rules.OVERDUE)),
        default=Value(rules.DUE_SOON),
    )
    changed = (
        _open_clocks()
        .filter(due_on__lt=sweep.not_soon_from)
        .alias(target=target)
        .exclude(state=F("target"))
        .update(state=target, updated_at=sweep.now)
    )
    changed += CaseClock.objects.filter(
        met_at__isnull=True, state__in=[rules.DUE_SOON, rules.OVERDUE], due_on__gte=sweep.not_soon_from
    ).update(state=rules.RUNNING, updated_at=sweep.now)
    if changed and connection.vendor == "postgresql":
        # Many states may have changed at once (the first sweep, a holiday): plan the notifications on fresh figures.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(CaseClock._meta.db_table)}")
    return {"state_changes": changed}


def _message_parts() -> tuple[str, list]:
    """SQL CASE expressions for the notification text before and after the due date (translated here)."""
    pre, post, params_pre, params_post = [], [], [], []
    for clock, label in CLOCK_LABELS.items():
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


def _values(rows: list[tuple]) -> tuple[str, list]:
    """A VALUES list of parameters (its columns are column1, column2... in PostgreSQL and SQLite alike)."""
    sql = ", ".join("(" + ", ".join(["%s"] * len(row)) + ")" for row in rows)
    return f"(VALUES {sql})", [value for row in rows for value in row]


# long: one INSERT ... SELECT template and the three audiences it is run for read best side by side
def step_notify(sweep: Sweep) -> dict[str, int]:
    """Tell the people responsible about the clocks this sweep made due soon or overdue: INSERT ... SELECT.

    Due soon and overdue go to the handler who picked the case, else to the lead unit's heads;
    overdue also goes to the director. Nobody the case is about is told, nor anyone inactive. The
    heads and directors are read first (a handful of rows, whatever the number of cases) and
    joined as a VALUES list. The unique key (person, case, kind, "clock:state:due date") makes it
    once per clock and state: ON CONFLICT DO NOTHING.
    """
    q = connection.ops.quote_name
    through = Case.accused_persons.through._meta
    notification, clock_table = q(Notification._meta.db_table), q(CaseClock._meta.db_table)
    routing = q(Routing._meta.db_table)
    users = q(get_user_model()._meta.db_table)
    accused, acc_case, acc_user = (
        q(through.db_table),
        q(through.get_field("case").column),
        q(through.get_field("user").column),
    )
    key = q("key")
    message_sql, message_params = _message_parts()
    key_sql = "c.clock || ':' || c.state || ':' || CAST(c.due_on AS TEXT)"
    now = connection.ops.adapt_datetimefield_value(sweep.now)
    heads = list(
        Membership.objects.filter(role=Membership.Role.HEAD, user__is_active=True).values_list("unit_id", "user_id")
    )
    directors = list(Leader.objects.filter(is_director=True, user__is_active=True).values_list("user_id", flat=True))

    # Only quoted names from the models are interpolated into the SQL; every value is a parameter.
    def insert(who_from: str, who: str, who_params: list, states: list[str], extra: str = "", extra_params=()) -> int:
        sql = f"""INSERT INTO {notification} (user_id, case_id, kind, {key}, message, created_at)
            SELECT {who}, c.case_id, %s, {key_sql}, {message_sql}, %s
            FROM {clock_table} c
            JOIN {routing} r ON r.case_id = c.case_id
            {who_from}
            WHERE c.met_at IS NULL AND c.due_on < %s AND c.updated_at = %s
              AND c.state IN ({", ".join(["%s"] * len(states))}) {extra}
              AND NOT EXISTS (SELECT 1 FROM {accused} a WHERE a.{acc_case} = c.case_id AND a.{acc_user} = {who})
            ON CONFLICT DO NOTHING
        """  # noqa: S608
        cutoff = connection.ops.adapt_datefield_value(sweep.not_soon_from)
        params = [NOTIFICATION_KIND, *message_params, now, *who_params, cutoff, now, *states, *extra_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return max(cursor.rowcount, 0)

    both = [rules.DUE_SOON, rules.OVERDUE]
    inserted = insert(
        "",
        "r.picked_by_id",
        [],
        both,
        f"AND EXISTS (SELECT 1 FROM {users} u WHERE u.id = r.picked_by_id AND u.is_active)",  # noqa: S608
    )
    if heads:
        values, params = _values(heads)
        inserted += insert(
            f"JOIN {values} h ON h.column1 = r.lead_unit_id", "h.column2", params, both, "AND r.picked_by_id IS NULL"
        )
    if directors:
        values, params = _values([(user_id,) for user_id in directors])
        inserted += insert(f"CROSS JOIN {values} d", "d.column1", params, [rules.OVERDUE])
    inserted += _insert_leaders(insert)
    people = []
    if inserted:
        people = list(
            Notification.objects.filter(kind=NOTIFICATION_KIND, created_at=sweep.now)
            .order_by()
            .values_list("user_id", flat=True)
            .distinct()
        )
        message = _("Deadlines need your attention: see your inbox.")
        transaction.on_commit(lambda: push(user_ids=people, message=message))
    return {"notified": inserted, "people": len(people)}


def _insert_leaders(insert) -> int:
    """二（一） 分管领导督办 (issue 17): an overdue reply is told to the leaders supervising the lead unit
    (the area chief for a liaison team) and to the owning leader too, so that they can issue a
    supervision order. The visibility rule's deny for them, in SQL: nobody the case is about (the
    ``insert`` template's check), no leader answerable for a unit it is about (member, supervisor or
    area chief), and no case whose accused the discipline office has not confirmed yet.
    Three reads of the leadership (a handful of rows) and two INSERTs, whatever the number of cases.
    """
    q = connection.ops.quote_name
    supervised = list(Leader.supervised_units.through.objects.values_list("unit_id", "leader__user_id"))
    supervised += list(
        Unit.objects.filter(kind=Unit.Kind.LIAISON_TEAM, area__chief__isnull=False).values_list(
            "pk", "area__chief__user_id"
        )
    )
    if not supervised:
        return 0
    leader_users = {user_id for _unit, user_id in supervised}
    answerable = {(user_id, unit_id) for unit_id, user_id in supervised}
    answerable |= set(Membership.objects.filter(user_id__in=leader_users).values_list("user_id", "unit_id"))
    accused_units = Case.accused_units.through._meta
    deny_values, deny_params = _values(sorted(answerable))
    case_table = q(Case._meta.db_table)
    leader_table = q(Leader._meta.db_table)
    users = q(get_user_model()._meta.db_table)
    au, au_case, au_unit = (
        q(accused_units.db_table),
        q(accused_units.get_field("case").column),
        q(accused_units.get_field("unit").column),
    )

    def extra(who: str) -> tuple[str, list]:
        sql = f"""AND c.clock = %s
              AND EXISTS (SELECT 1 FROM {users} u WHERE u.id = {who} AND u.is_active)
              AND NOT EXISTS (SELECT 1 FROM {case_table} k WHERE k.id = c.case_id AND k.accused_pending)
              AND NOT EXISTS (SELECT 1 FROM {au} x JOIN {deny_values} ans ON ans.column2 = x.{au_unit}
                              WHERE x.{au_case} = c.case_id AND ans.column1 = {who})"""  # noqa: S608
        return sql, ["reply", *deny_params]

    sup_values, sup_params = _values(sorted(set(supervised)))
    sql, params = extra("s.column2")
    count = insert(
        f"JOIN {sup_values} s ON s.column1 = r.lead_unit_id", "s.column2", sup_params, [rules.OVERDUE], sql, params
    )
    sql, params = extra("l.user_id")
    count += insert(f"JOIN {leader_table} l ON l.id = r.owner_id", "l.user_id", [], [rules.OVERDUE], sql, params)
    return count


def step_calendar_warning(sweep: Sweep) -> dict[str, int]:
    """Warn the administrators, once per year, that a year's official schedule is missing."""
    year = calendar_missing_year(sweep.today)
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


def step_warning_slips(sweep: Sweep) -> dict[str, int]:
    """二（二） escalated cases signed out without a warning slip get one; overdue re-investigations are flagged."""
    return {"warning_slips": warning_slips_sweep(today=sweep.today, now=sweep.now)}


SWEEP_STEPS: list[Callable[[Sweep], dict[str, int]]] = [
    step_mark_met,
    step_states,
    step_notify,
    step_calendar_warning,
    step_warning_slips,
]
"""The sweep's steps, in order."""


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
