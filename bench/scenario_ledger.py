"""A ledger export of many rows: the petition register (登记台账) written to xlsx, rows/s and memory.

N cases (100,000 on PostgreSQL with DATABASE_URL set; 20,000 on SQLite or with --quick), bulk-inserted
into the agriculture office's queue (``bench.mediation_setup.bulk_queue``: COPY on PostgreSQL), each
with its petitioner and village, one in ten with a delivered reply and a follow-up visit. The export
is the worker's path (``ledgers.services.ledger_export_write``: the visibility rule as the director
and as the petition-office clerk, the ledger's subqueries, rows read in chunks on a server-side
cursor, ``ledgers.xlsx`` with progress written every 2,000 rows), timed without a profiler. Memory:
the process's peak RSS after an export of N/10 rows and after N rows (flat memory: the two agree),
and tracemalloc's peak of Python allocations during each.

Goal (issue 15): at least 20,000 rows/s with flat memory on PostgreSQL.

The worker's CPU time is printed beside the wall time: on a machine shared with other work the
wall time is the share of the cores the run got; the Python side's cost is its CPU time, and the
rest of the wall time is PostgreSQL's query (and waiting for a core).

Measured 1 December 2026, shared 2-core VM, load average about 1 (nothing else running),
PostgreSQL 15, 100,000 rows, two runs: 23,100-29,800 rows/s wall, 2.1-2.9 s of this process's CPU;
10,000 rows 18,300-27,600 rows/s; tracemalloc peak 13.0 MB at 10,000 and at 100,000 rows. Before
``ledgers.xlsx._text`` escaped with ``str.replace`` instead of ``str.translate`` (per character in
Python for a table mapping one character to several), the same machine and run: 12,200-17,700
rows/s, 4.3-5.8 s of CPU. (30 November, load 7-9: 8,900-11,200 rows/s.) If the goal is missed
again: the per-row subqueries
(primary petitioner, last delivered reply, last follow-up) as top-1 index probes on
``mediation_reply (case_id, delivered_on DESC) WHERE delivered_on IS NOT NULL``,
``mediation_followup (case_id, at DESC)`` and ``intake_petitioner (case_id) WHERE is_primary``
(indexes on other apps' models: not made here), or those values kept on the routing like
``Routing.next_due_on``.
"""

import json
import resource
import sys
import time
import tracemalloc

from bench import mediation_setup

TITLE = "Ledger export: the petition register to xlsx, rows/s and peak memory"
GOAL_ROWS_PER_SECOND = 20_000


def run(*, quick: bool = False) -> list[str]:
    lines = []
    for label, url in mediation_setup.databases():
        n = 20_000 if quick or url is None else 100_000
        result = mediation_setup.run_worker("bench.scenario_ledger", url, {"n": n})
        lines.append(f"{label}: {n:,} cases (bulk insert {result['insert_seconds']:.1f} s)")
        for row in result["rows"]:
            lines.append(
                f"  {row['who']:<16} rows={row['rows']:>8,}  {row['seconds']:6.2f}s  "
                f"{row['rows_per_s']:>8,.0f} rows/s  (this process's CPU {row['cpu_s']:.2f}s)  "
                f"file={row['mb']:.1f} MB  "
                f"peak RSS={row['rss_mb']:.0f} MB  tracemalloc peak={row['traced_mb']:.1f} MB"
            )
        verdict = (
            "met"
            if min(r["rows_per_s"] for r in result["rows"] if r["rows"] == n) >= GOAL_ROWS_PER_SECOND
            else "NOT met"
        )
        lines.append(f"  goal ≥ {GOAL_ROWS_PER_SECOND:,} rows/s: {verdict}")
    return lines


def _seed(n: int) -> float:
    """Cases with a petitioner, a village, and every tenth replied and followed up."""
    from django.db import connection

    from cases.models import Case
    from departments.models import Village

    done = Case.objects.count()
    if done >= n:
        return 0.0
    started = time.perf_counter()
    mediation_setup.bulk_queue(unit_code="agriculture", count=n - done, start=done)
    villages = list(Village.objects.values_list("pk", flat=True))
    handler = _user("agri.handler").pk
    with connection.cursor() as cursor:
        for i, village in enumerate(villages):
            cursor.execute(
                "UPDATE intake_case SET village_id = %s WHERE village_id IS NULL AND id %% %s = %s",
                [village, len(villages), i],
            )
        cursor.execute(
            "INSERT INTO intake_petitioner (case_id, name, phone, id_number, address, is_primary, village_id) "
            "SELECT c.id, '王大伯', '138' || lpad(CAST(c.id AS TEXT), 8, '0'), '', '', %s, c.village_id "
            "FROM intake_case c WHERE NOT EXISTS (SELECT 1 FROM intake_petitioner p WHERE p.case_id = c.id)",
            [True],
        )
        cursor.execute(
            "INSERT INTO mediation_reply (case_id, understood_request, facts, basis, decision, remedies, "
            "drafted_by_id, drafted_at, return_reason, delivery, delivered_on) "
            "SELECT c.id, '', '', '', '已答复：道路已修复。', '', %s, c.received_at, '', 'in_person', c.reply_due_on "
            "FROM intake_case c WHERE c.id %% 10 = 0 "
            "AND NOT EXISTS (SELECT 1 FROM mediation_reply r WHERE r.case_id = c.id)",
            [handler],
        )
        cursor.execute(
            "INSERT INTO mediation_followup (case_id, made_by, at, method, satisfaction, comments, recorded_by_id, "
            "recorded_at) SELECT c.id, '回访员', c.received_at, 'phone', 'satisfied', '', %s, c.received_at "
            "FROM intake_case c WHERE c.id %% 10 = 0 "
            "AND NOT EXISTS (SELECT 1 FROM mediation_followup f WHERE f.case_id = c.id)",
            [handler],
        )
        if connection.vendor == "postgresql":
            for table in ("intake_case", "intake_petitioner", "mediation_reply", "mediation_followup"):
                cursor.execute(f"ANALYZE {table}")
    return time.perf_counter() - started


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _export(username: str, limit: int | None, *, traced: bool) -> dict:
    """One export through the worker's service; with ``traced``, tracemalloc's peak instead of the time."""
    import os

    from django.db.models import QuerySet
    from django.utils import timezone

    from ledgers import services
    from ledgers.models import LedgerExport

    user = _user(username)
    if limit is not None:  # the first ``limit`` rows of the same ledger, same path
        original = services.ledger_queryset
        services.ledger_queryset = lambda *a, **k: QuerySet.__getitem__(original(*a, **k), slice(0, limit))
    export = LedgerExport.objects.create(user=user, ledger="petitions", created_at=timezone.now())
    if traced:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    try:
        done = services.ledger_export_write(export_id=export.pk)
    finally:
        if limit is not None:
            services.ledger_queryset = original
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    if traced:
        tracemalloc.stop()
    path = services.export_dir() / done.file_name
    size = path.stat().st_size
    os.unlink(path)
    return {
        "who": username,
        "rows": done.rows_done,
        "seconds": seconds,
        "rows_per_s": done.rows_done / seconds,
        "cpu_s": cpu,
        "mb": size / 2**20,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "traced_mb": peak / 2**20,
    }


def worker(args: dict) -> dict:
    mediation_setup.django_ready()
    from django.utils import translation

    translation.activate("zh-hans")
    n = args["n"]
    insert_seconds = _seed(n)
    rows = []
    for username in ("director", "petition.clerk"):
        for limit in (n // 10, None):
            timed = _export(username, limit, traced=False)
            timed["traced_mb"] = _export(username, limit, traced=True)["traced_mb"]
            rows.append(timed)
            print(json.dumps(timed), file=sys.stderr, flush=True)
    return {"rows": rows, "insert_seconds": insert_seconds}


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--worker":
    print(json.dumps(worker(json.loads(sys.argv[2]))))
