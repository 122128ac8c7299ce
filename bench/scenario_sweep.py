"""The deadlines sweep over many open cases: its time and its number of SQL queries.

N open cases with three clocks each (first contact, reply, accept): 1,000,000 cases on PostgreSQL
(DATABASE_URL set), 20,000 on SQLite or with --quick. Cases already in the database (for example
the queue scenario's) are reused and topped up with COPY; the clocks are generated set-based with
one INSERT ... SELECT per clock. Reply dates spread evenly from 2 days ago to 88 days ahead (a center
that mostly replies in time: about 2% of the cases overdue, 2-5% due within a working day); 95% of
the accept clocks and 98% of the first-contact clocks are already met; one case in seven with an
open first-contact clock gets the event the sweep must find. Every run starts from all clocks
running, so each run marks and announces every due-soon and overdue clock at once (the worst case:
an hourly sweep in steady state changes about 1/90 of them).
Each run starts from the same states (reset set-based between runs); the figure is the median of
three runs. Target: under 10 s for 1,000,000 cases, with a query count that does not grow with N.
"""

import json
import statistics
import sys
import time

from bench import mediation_setup

TITLE = "Deadlines sweep over many open cases (set-based)"

RUNS = 3
TARGET_SECONDS = 10.0


def run(*, quick: bool = False) -> list[str]:
    lines = []
    for label, url in mediation_setup.databases():
        big = 20_000 if quick or url is None else 1_000_000
        result = mediation_setup.run_worker("bench.scenario_sweep", url, {"n": big})
        lines.append(
            f"{label}: {big:,} open cases, {result['clocks']:,} clocks "
            f"(cases topped up {result['insert_seconds']:.1f} s, clocks generated {result['clock_seconds']:.1f} s)"
        )
        verdict = "ok" if result["median"] < TARGET_SECONDS or big < 1_000_000 else "OVER TARGET"
        lines.append(
            f"  sweep median {result['median']:.2f} s (runs {', '.join(f'{t:.2f}' for t in result['runs'])}), "
            f"queries={result['queries']} (at N=1,000: {result['queries_small']}), target < {TARGET_SECONDS:.0f} s: "
            f"{verdict}"
        )
        lines.append(f"  one run: {result['totals']}")
    return lines


FIXED_MET = "2000-01-01 00:00:00+00"


def _generate_clocks(n: int) -> int:
    """One INSERT ... SELECT per clock over the first ``n`` open cases (no ORM row by row)."""
    from django.db import connection
    from django.utils import timezone

    from cases.models import Case
    from cases.rules import status as st

    today = timezone.localdate()
    postgres = connection.vendor == "postgresql"
    json = "CAST(%s AS jsonb)" if postgres else "%s"
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM mediation_caseclock")
        ids = Case.objects.exclude(status__in=st.TERMINAL_STATUSES).order_by("pk").values_list("pk", flat=True)
        last = ids[n - 1]
        # (clock, days from today to the due date as SQL over the case id, share already met in 1/100)
        specs = [
            ("reply", "(k.id * 7919) %% 91 - 2", 0),
            ("accept", "(k.id * 7919) %% 91 - 20", 95),
            ("first_contact", "(k.id * 7919) %% 91 - 30", 98),
        ]
        for clock, offset, met_share in specs:
            if postgres:
                due = f"(%s::date + ({offset}) * INTERVAL '1 day')::date"
                met = f"CASE WHEN k.id %% 100 < {met_share} THEN TIMESTAMPTZ '{FIXED_MET}' END"
                state = f"CASE WHEN k.id %% 100 < {met_share} THEN 'met' ELSE 'running' END"
            else:
                due = f"date(%s, ({offset}) || ' days')"
                met = f"CASE WHEN k.id %% 100 < {met_share} THEN '{FIXED_MET[:19]}' END"
                state = f"CASE WHEN k.id %% 100 < {met_share} THEN 'met' ELSE 'running' END"
            cursor.execute(
                f"""INSERT INTO mediation_caseclock
                    (case_id, clock, started_on, due_on, provisional, policy_code, basis, explanation, candidates,
                     state, met_at, extended, updated_at)
                SELECT k.id, %s, %s, {due}, %s, %s, %s, %s, {json}, {state}, {met}, %s, %s
                FROM intake_case k WHERE k.id <= %s AND k.status NOT IN ('closed', 'withdrawn')""",  # noqa: S608
                [clock, today, today, False, f"bench_{clock}", "基准测试规则", "基准测试", "[]", False,
                 timezone.now(), last],
            )  # fmt: skip
        # 1% of the cases: a first-contact event the sweep will find.
        cursor.execute("DELETE FROM intake_caseevent WHERE kind = 'first_contact' AND actor_id IS NULL")
        cursor.execute(
            f"""INSERT INTO intake_caseevent (case_id, at, kind, public, data)
            SELECT c.case_id, %s, 'first_contact', %s, {json} FROM mediation_caseclock c
            WHERE c.clock = 'first_contact' AND c.met_at IS NULL AND c.case_id %% 7 = 0""",  # noqa: S608
            [timezone.now(), False, '{"bench": 1}'],
        )
        if postgres:
            cursor.execute("ANALYZE mediation_caseclock")
            cursor.execute("ANALYZE intake_caseevent")
        cursor.execute("SELECT COUNT(*) FROM mediation_caseclock")
        return cursor.fetchone()[0]


def _reset() -> None:
    """Back to the generated states: clocks running (or met from the start), no deadline notification."""
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    fixed = f"TIMESTAMPTZ '{FIXED_MET}'" if postgres else f"'{FIXED_MET[:19]}'"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE mediation_caseclock SET met_at = NULL WHERE met_at <> {fixed}")  # noqa: S608
        cursor.execute("UPDATE mediation_caseclock SET state = 'running' WHERE met_at IS NULL AND state <> 'running'")
        cursor.execute("DELETE FROM mediation_notification WHERE kind IN ('deadline', 'calendar')")
        if postgres:
            cursor.execute("VACUUM ANALYZE mediation_caseclock")
            cursor.execute("VACUUM ANALYZE mediation_notification")


def _timed_sweep() -> tuple[float, int, dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mediation.tasks import run_sweep

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        totals = run_sweep()
        seconds = time.perf_counter() - started
    return seconds, len(captured.captured_queries), totals


def worker(args: dict) -> dict:
    mediation_setup.django_ready()
    from django.db import connection

    from cases.models import Case
    from cases.rules import status as st

    n = args["n"]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM mediation_notification")  # a clean inbox for the run
    small = 1_000
    started = time.perf_counter()
    existing = Case.objects.exclude(status__in=st.TERMINAL_STATUSES).count()
    if existing < n:
        total = Case.objects.count()
        mediation_setup.bulk_queue(unit_code="agriculture", count=n - existing, start=total + 10_000_000)
    insert_seconds = time.perf_counter() - started
    _generate_clocks(small)
    _reset()
    _seconds, queries_small, _totals = _timed_sweep()
    started = time.perf_counter()
    clocks = _generate_clocks(n)
    clock_seconds = time.perf_counter() - started
    runs, queries, totals = [], 0, {}
    for _ in range(RUNS):
        _reset()
        seconds, queries, totals = _timed_sweep()
        runs.append(seconds)
    return {
        "clocks": clocks,
        "insert_seconds": insert_seconds,
        "clock_seconds": clock_seconds,
        "runs": runs,
        "median": statistics.median(runs),
        "queries": queries,
        "queries_small": queries_small,
        "totals": totals,
    }


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--worker":
    print(json.dumps(worker(json.loads(sys.argv[2]))))
