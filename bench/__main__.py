"""Run the benchmarks and print their figures.

    bench/run                 every scenario
    bench/run pages           one scenario
    bench/run --quick         fewer requests, for a smoke run
With DATABASE_URL and REDIS_URL set, servers run the production profile on them.
"""

import argparse
import importlib
import sys
import time

from bench import harness

SCENARIOS = {
    "pages": "bench.scenario_pages",
    "workdays": "bench.scenario_workdays",
    "intake": "bench.scenario_intake",
    "picking": "bench.scenario_picking",
    "queue": "bench.scenario_queue",
    "live": "bench.scenario_live",
    "sweep": "bench.scenario_sweep",
    "mixed": "bench.scenario_mixed",
    "submissions": "bench.scenario_submissions",
    "stats": "bench.scenario_stats",
    "messaging": "bench.scenario_messaging",
    "ledger": "bench.scenario_ledger",
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/run", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("scenarios", nargs="*", choices=[[], *SCENARIOS], help="scenarios to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer iterations, for a smoke run")
    args = parser.parse_args(argv)
    names = args.scenarios or list(SCENARIOS)
    print(f"machine: {harness.machine()}")
    print("note: load generator and server share this machine's cores; figures are medians of noisy runs.")
    for name in names:
        module = importlib.import_module(SCENARIOS[name])
        print(f"\n## {name}: {module.TITLE}")
        started = time.perf_counter()
        for line in module.run(quick=args.quick):
            print(line, flush=True)
        print(f"({time.perf_counter() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
