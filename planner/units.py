"""Minutes, kilometres and miles agree through an easy pace (SPEC §3.4)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TypedDict

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


def per_km(unit: str, easy_pace: float | None) -> float:
    """Return an easy pace in minutes per km; a minute plan keeps its pace per km."""
    if easy_pace is None:
        return DEFAULT_PACE_MIN_PER_KM
    return easy_pace / KM_PER_MI if unit == "mi" else easy_pace


def pace_words(spec: PlanSpec) -> str:
    """Say the easy pace per km (per mile in a mile plan), as "5:45 min/km"."""
    per = "mi" if spec.unit == "mi" else "km"
    seconds = round(_per(spec.unit, per_km(spec.unit, spec.easy_pace)) * 60)
    said = f"{seconds // 60}:{seconds % 60:02d} min/{per}"
    return said + (", the default" if spec.easy_pace is None else "")


def in_unit(spec: PlanSpec, unit: str) -> PlanSpec:
    """Say the plan in another unit: the usual week, the goal and the easy pace of the routine
    in force and of every earlier one, so that each day keeps its minutes."""
    if unit == spec.unit:
        return spec
    earlier = tuple(
        replace(old, **_routine_in(spec, unit, old.baseline, old.goal, old.easy_pace))
        for old in spec.earlier
    )
    now = _routine_in(spec, unit, spec.baseline, spec.goal, spec.easy_pace)
    return replace(spec, unit=unit, earlier=earlier, **now)


class _Routine(TypedDict):
    baseline: float
    goal: float | None
    easy_pace: float | None


def _routine_in(
    spec: PlanSpec, unit: str, baseline: float, goal: float | None, easy_pace: float | None
) -> _Routine:
    """A routine's usual week, goal and easy pace in the spec's unit, as the same minutes in
    `unit`."""
    return {
        "baseline": _volume_in(spec, unit, baseline, easy_pace),
        "goal": None if goal is None else _volume_in(spec, unit, goal, easy_pace),
        "easy_pace": _pace_in(spec, unit, easy_pace),
    }


def _pace_in(spec: PlanSpec, unit: str, easy_pace: float | None) -> float | None:
    """An easy pace per unit of the spec as one per `unit` (None, the default, in every unit)."""
    return pace_between(easy_pace, spec.unit, unit)


def pace_between(easy_pace: float | None, unit: str, to_unit: str) -> float | None:
    """An easy pace per `unit` as one per `to_unit` (None, the default, in every unit)."""
    return None if easy_pace is None else _per(to_unit, per_km(unit, easy_pace))


def _per(unit: str, pace_per_km: float) -> float:
    """A pace per km as one per the plan's unit (per km in a minute plan)."""
    return pace_per_km * (KM_PER_MI if unit == "mi" else 1.0)


def _volume_in(spec: PlanSpec, unit: str, volume: float, easy_pace: float | None) -> float:
    """A volume in the spec's unit at `easy_pace`, as the same minutes in `unit`."""
    was = replace(spec, easy_pace=easy_pace, earlier=())
    now = replace(was, unit=unit, easy_pace=_pace_in(spec, unit, easy_pace))
    return _exactly(to_minutes(was, volume), pace(now))


def _exactly(minutes: float, per_unit: float) -> float:
    """The volume that makes `minutes` at `per_unit` minutes a unit to the last bit, or else the
    nearest that makes no fewer: the engine rounds minutes down, and 29 km said in miles came
    to 173.99999999999997 min, a minute off some days (SPEC §3.1: the past never changes)."""
    near = minutes / per_unit
    candidates = [near]
    for direction in (-math.inf, math.inf):
        step = near
        for _ in range(4):
            step = math.nextafter(step, direction)
            candidates.append(step)
    candidates.sort(key=lambda v: abs(v - near))
    exact = next((v for v in candidates if v * per_unit == minutes), None)
    if exact is not None:
        return exact
    return min((v for v in candidates if v * per_unit >= minutes), default=max(candidates))
