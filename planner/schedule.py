"""Which weekdays carry a run."""

from __future__ import annotations

from planner.model import PlanSpec


def run_weekdays(spec: PlanSpec) -> frozenset[int]:
    """Return the weekdays (0 = Monday) to run on: the runner's choice, else spread evenly."""
    if spec.run_days:
        return frozenset(spec.run_days)
    count = max(1, min(7, spec.runs_per_week))
    return frozenset(round(i * 7 / count) % 7 for i in range(count))
