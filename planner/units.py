"""Minutes, kilometres and miles agree through an easy pace (SPEC §3.4)."""

from __future__ import annotations

import math

from planner.model import PlanSpec
from planner.protocol import DEFAULT_PACE_MIN_PER_KM, KM_PER_MI
from planner.wording import minutes_text


def pace(spec: PlanSpec) -> float:
    """Return the easy pace in minutes per plan unit (per km or per mi; 1 for minute plans)."""
    if spec.unit == "min":
        return 1.0
    if spec.easy_pace is not None:
        return spec.easy_pace
    return DEFAULT_PACE_MIN_PER_KM * (KM_PER_MI if spec.unit == "mi" else 1.0)


def to_minutes(spec: PlanSpec, volume: float) -> float:
    """Convert a volume in the plan's unit to running minutes."""
    return volume * pace(spec)


def distance(spec: PlanSpec, minutes: float) -> float | None:
    """Return the distance run in `minutes`, rounded down to 0.1 (None for minute plans)."""
    if spec.unit == "min":
        return None
    return math.floor(minutes / pace(spec) * 10 + 1e-9) / 10


def describe(spec: PlanSpec, minutes: float) -> str:
    """Say a run's length in minutes, with its distance where the plan counts distance."""
    return minutes_text(minutes) + about(spec, minutes)


def about(spec: PlanSpec, minutes: float) -> str:
    """The distance of some minutes, as " (≈ 19.4 mi)", where the plan counts distance."""
    length = distance(spec, minutes)
    return "" if length is None else f" (≈ {length:g} {spec.unit})"
