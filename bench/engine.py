"""Benchmark: how plan build time grows with plan length (SPEC §8: about linearly).

Run: .venv/bin/python bench/engine.py
Prints, for plans of 8, 16, 32 and 52 weeks of reports, the median build time, the time per
day and the ratio to the 8-week plan; then the rebuild after one more report today, from day
one and resumed from the last build's checkpoints (planner/checkpoints.py), with their ratio.
Figures to read, not a test to pass.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import replace
from datetime import date, timedelta

from planner import build
from planner.engine import build_from
from planner.model import Completion, Log, PlanSpec, Report

ONSET = date(2025, 1, 6)


def case(weeks: int) -> tuple[PlanSpec, Log, date]:
    """A runner who reports every day for `weeks` weeks, with slow, bumpy progress."""
    days = weeks * 7
    reports = []
    for n in range(days):
        when = ONSET + timedelta(days=n)
        bumpy = 4 if n % 11 == 10 else (3 if n % 5 == 4 else 1)
        reports.append(
            Report(when, pain_rest=1, pain_walking=1, pain_running=bumpy, pain_morning=1)
        )
    completions = tuple(
        Completion(r.date, key) for r in reports for key in ("walk-run", "run", "ice")
    )
    spec = PlanSpec("plantar-fasciitis", ONSET, 60.0, "km", goal=90.0, runs_per_week=5)
    return spec, Log(tuple(reports), completions), ONSET + timedelta(days=days - 1)


def timed(weeks: int, repeats: int = 5) -> tuple[float, int]:
    """The median seconds of building a plan with `weeks` of reports, and its days."""
    spec, log, as_of = case(weeks)
    seconds = median_ms(build, spec, log, as_of, repeats=repeats) / 1000
    return seconds, len(build(spec, log, as_of).days)


def main() -> None:
    base, base_days = timed(8)
    print(
        f"{'weeks':>5} {'days':>5} {'reports':>7} {'median ms':>10} {'µs/day':>8} {'× 8 wk':>7} {'days ×':>7}"
    )
    for weeks in (8, 16, 32, 52):
        seconds, days = timed(weeks)
        print(
            f"{weeks:>5} {days:>5} {weeks * 7:>7} {seconds * 1000:>10.1f} {seconds / days * 1e6:>8.0f}"
            f" {seconds / base:>7.2f} {days / base_days:>7.2f}"
        )


def median_ms(make, *args, repeats: int = 5) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        make(*args)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def resumed() -> None:
    print(
        f"\n{'weeks':>5} {'full ms':>8} {'resumed ms':>11} {'resumed/full':>13}  (a report today)"
    )
    for weeks in (8, 16, 32, 52):
        spec, log, as_of = case(weeks)
        _, saved = build_from(spec, log, as_of)
        today = Report(as_of, pain_running=2, pain_morning=1)
        changed = replace(log, reports=log.reports + (today,))
        full = median_ms(build, spec, changed, as_of)
        again = median_ms(build_from, spec, changed, as_of, saved)
        print(f"{weeks:>5} {full:>8.1f} {again:>11.1f} {again / full:>13.2f}")


if __name__ == "__main__":
    main()
    resumed()
