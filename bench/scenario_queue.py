"""A unit's shared queue with many cases: the queue page and the queue API, first and deep pages.

N cases wait in the agriculture office's queue: 1,000,000 on PostgreSQL (DATABASE_URL set), 50,000
on SQLite or with --quick. Timings are server time (the request through Django's full middleware
stack in-process, no network); the query count must not grow with N (keyset pagination over the
partial index ``routing_queue``). Each figure is measured at a small N first and again at N.
"""

import json
import statistics
import sys
import time

from bench import mediation_setup

TITLE = "Shared queue page and API with many cases (keyset pages)"

SMALL = 1_000
REQUESTS = 60


def run(*, quick: bool = False) -> list[str]:
    lines = []
    for label, url in mediation_setup.databases():
        big = 50_000 if quick or url is None else 1_000_000
        result = mediation_setup.run_worker("bench.scenario_queue", url, {"n": big, "requests": REQUESTS})
        lines.append(f"{label}: {big:,} cases in one queue (bulk insert {result['insert_seconds']:.1f} s)")
        for row in result["rows"]:
            lines.append(
                f"  {row['what']:<34} N={row['n']:>9,}  p50={row['p50']:7.1f}ms  p95={row['p95']:7.1f}ms  "
                f"queries={row['queries']}"
            )
        lines.append(f"  plan: {result['plan']}")
    return lines


def _measure(client, url: str, headers: dict, requests: int) -> tuple[float, float, int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    sqls = [q["sql"] for q in captured.captured_queries]  # read now: later requests reset the log
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url, **headers)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(sqls), sqls


def _plan(sqls: list[str]) -> str:
    from django.db import connection

    query = next((q for q in sqls if "queued_at" in q and "ORDER BY" in q), None)
    if query is None:
        return "?"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + query)
            rows = [r[0].strip() for r in cursor.fetchall()]
            keep = [r for r in rows if "Index" in r or "Execution Time" in r or "Limit" in r]
            return " | ".join(keep[:4])
        cursor.execute("EXPLAIN QUERY PLAN " + query)
        return " | ".join(str(r[-1]) for r in cursor.fetchall())


def worker(args: dict) -> dict:
    mediation_setup.django_ready()
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from cases.models import Routing
    from departments.models import Unit
    from mediation.selectors import encode_cursor
    from mediation.services import api_token_issue

    user = get_user_model().objects.get(username="agri.handler")
    client = Client()
    client.force_login(user)
    token = api_token_issue(user=user)[1]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    unit = Unit.objects.get(code="agriculture")
    rows = []
    insert_seconds = 0.0
    plan_sqls: list[str] = []
    with override_settings(ROOT_URLCONF="center.urls"):
        done = 0
        for n in (SMALL, args["n"]):
            started = time.perf_counter()
            mediation_setup.bulk_queue(unit_code="agriculture", count=n - done, start=done)
            insert_seconds += time.perf_counter() - started
            done = n
            middle = Routing.objects.filter(lead_unit=unit, queued_at__isnull=False).order_by("queued_at", "case_id")
            middle = middle.values_list("queued_at", "case_id")[n // 2]
            cursor = encode_cursor(*middle)
            targets = [
                ("page: first", "/staff/queues/agriculture/", {}),
                ("page: middle (keyset)", f"/staff/queues/agriculture/?after={cursor}", {}),
                ("API: first", "/api/v1/queues/agriculture/cases", bearer),
                ("API: middle (keyset)", f"/api/v1/queues/agriculture/cases?after={cursor}", bearer),
            ]
            for what, url, headers in targets:
                p50, p95, queries, sqls = _measure(client, url, headers, args["requests"])
                rows.append({"what": what, "n": n, "p50": p50, "p95": p95, "queries": queries})
                if what == "API: middle (keyset)":
                    plan_sqls = sqls
        plan = _plan(plan_sqls)
    return {"rows": rows, "insert_seconds": insert_seconds, "plan": plan}


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--worker":
    print(json.dumps(worker(json.loads(sys.argv[2]))))
