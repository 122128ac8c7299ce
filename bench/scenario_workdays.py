"""Working-day arithmetic in-process: add_working_days and add_calendar_days on the official calendar.

Target: 1,000,000 add_working_days calls in under 1 s. Inputs (start dates 2004–2026 plus a slice
of provisional 2027, n from 0 to 40 working days or 0 to 90 calendar days) are drawn before the
timed loop; each figure is the median of five runs.
"""

import random
import statistics
import time
from collections.abc import Callable
from datetime import date

from mediation.calendar_source import official_calendar

TITLE = "Working-day arithmetic (add_working_days)"

REPEATS = 5
TARGET_CALLS = 1_000_000
TARGET_SECONDS = 1.0


def _inputs(count: int, max_n: int, seed: int) -> list[tuple[date, int]]:
    rng = random.Random(seed)
    first, last = date(2004, 1, 1).toordinal(), date(2027, 6, 30).toordinal()
    return [(date.fromordinal(rng.randint(first, last)), rng.randint(0, max_n)) for _ in range(count)]


def _median_seconds(function: Callable[[date, int], date], inputs: list[tuple[date, int]]) -> float:
    function(*inputs[0])  # builds the calendar's tables outside the timed loop
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        for start, n in inputs:
            function(start, n)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _row(name: str, seconds: float, calls: int) -> str:
    return f"{name:<20} {calls:>9,} calls  median {seconds:.3f} s  {seconds / calls * 1e9:,.0f} ns/call"


def run(*, quick: bool = False) -> list[str]:
    calls = TARGET_CALLS // 10 if quick else TARGET_CALLS
    started = time.perf_counter()
    calendar = official_calendar()
    calendar.is_working_day(date(2025, 1, 1))
    built = time.perf_counter() - started
    working = _median_seconds(calendar.add_working_days, _inputs(calls, 40, seed=1))
    calendar_days = _median_seconds(calendar.add_calendar_days, _inputs(calls, 90, seed=2))
    per_million = working / calls * TARGET_CALLS
    verdict = "met" if per_million < TARGET_SECONDS else "NOT met"
    return [
        f"calendar: {calendar!r}, loaded and tables built in {built * 1000:.0f} ms",
        f"median of {REPEATS} runs each",
        _row("add_working_days", working, calls),
        _row("add_calendar_days", calendar_days, calls),
        f"target 1,000,000 add_working_days in under {TARGET_SECONDS:.0f} s: {verdict} "
        f"({per_million:.3f} s per million{', scaled from the quick run' if quick else ''})",
    ]
