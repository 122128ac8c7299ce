"""Fifty people pick the same case at once, round after round: exactly one winner every round.

Each round puts one new case into the agriculture office's shared queue; 50 threads, each with its
own database connection and its own handler of that office, wait at a barrier and then call the
pick service together. Every round must have exactly one winner, 49 "已被他人领取" refusals and no
other error. On SQLite, and on PostgreSQL as well when DATABASE_URL is set.
"""

import json
import statistics
import sys
import threading
import time
from collections import Counter

from bench import mediation_setup
from cases.errors import AlreadyPicked

TITLE = "Concurrent picks of one case (50 pickers, exactly one winner)"

PICKERS = 50


def run(*, quick: bool = False) -> list[str]:
    rounds = 20 if quick else 200
    lines = []
    for label, url in mediation_setup.databases():
        result = mediation_setup.run_worker("bench.scenario_picking", url, {"rounds": rounds, "pickers": PICKERS})
        winners = Counter(result["winners"])
        verdict = "OK" if set(winners) == {1} and not result["errors"] else "FAILED"
        lines.append(
            f"{label}: {rounds} rounds x {PICKERS} pickers: rounds with exactly one winner {winners[1]}/{rounds} "
            f"(winners per round: {dict(sorted(winners.items()))}), refused {result['refused']}, "
            f"errors {len(result['errors'])} -> {verdict}"
        )
        lines.append(
            f"  per pick: p50={result['p50']:.1f}ms p95={result['p95']:.1f}ms; "
            f"round (all {PICKERS} answered): p50={result['round_p50']:.0f}ms"
        )
        lines += [f"  error: {e}" for e in result["errors"][:5]]
    return lines


def worker(args: dict) -> dict:
    mediation_setup.django_ready()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from cases.models import Case
    from departments.models import Unit
    from departments.services import membership_set
    from mediation import services

    unit = Unit.objects.get(code="agriculture")
    pickers = [get_user_model().objects.create_user(f"bench.picker{i}") for i in range(args["pickers"])]
    for user in pickers:
        membership_set(user=user, unit=unit, role="handler")
    rounds = args["rounds"]
    start = threading.Barrier(len(pickers) + 1)
    finish = threading.Barrier(len(pickers) + 1)
    current: dict[str, Case] = {}
    outcomes: list[list[str]] = [[] for _ in range(rounds)]
    latencies: list[float] = []
    lock = threading.Lock()

    def picker(user):
        try:
            for r in range(rounds):
                start.wait()
                began = time.perf_counter()
                try:
                    services.case_pick(case=current["case"], actor=user)
                    outcome = "won"
                except AlreadyPicked:
                    outcome = "refused"
                except Exception as error:  # a benchmark reports every other outcome
                    outcome = f"error: {error!r}"
                with lock:
                    outcomes[r].append(outcome)
                    latencies.append((time.perf_counter() - began) * 1000)
                finish.wait()
        finally:
            connection.close()

    threads = [threading.Thread(target=picker, args=(user,)) for user in pickers]
    for thread in threads:
        thread.start()
    round_times = []
    for r in range(rounds):
        mediation_setup.bulk_queue(unit_code="agriculture", count=1, start=10_000_000 + r)
        current["case"] = Case.objects.order_by("-pk").first()
        began = time.perf_counter()
        start.wait()
        finish.wait()
        round_times.append((time.perf_counter() - began) * 1000)
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "winners": [sum(o == "won" for o in round_outcomes) for round_outcomes in outcomes],
        "refused": sum(o == "refused" for round_outcomes in outcomes for o in round_outcomes),
        "errors": [o for round_outcomes in outcomes for o in round_outcomes if o.startswith("error")],
        "p50": statistics.median(latencies),
        "p95": latencies[round(0.95 * (len(latencies) - 1))],
        "round_p50": statistics.median(round_times),
    }


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--worker":
    print(json.dumps(worker(json.loads(sys.argv[2]))))
