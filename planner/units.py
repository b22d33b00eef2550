"""Minutes, kilometres and miles agree through an easy pace (SPEC §3.4)."""

from __future__ import annotations

import math
from dataclasses import replace

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
    minutes = per_km(spec.unit, spec.easy_pace) * (KM_PER_MI if per == "mi" else 1.0)
    seconds = round(minutes * 60)
    said = f"{seconds // 60}:{seconds % 60:02d} min/{per}"
    return said + (", the default" if spec.easy_pace is None else "")


def in_unit(spec: PlanSpec, unit: str) -> PlanSpec:
    """Say the plan in another unit: the usual week, the goal and the easy pace of the routine
    in force and of every earlier one, so that each day keeps its minutes."""
    if unit == spec.unit:
        return spec
    earlier = tuple(
        replace(
            old,
            baseline=_volume_in(spec, unit, old.baseline, old.easy_pace),
            goal=None if old.goal is None else _volume_in(spec, unit, old.goal, old.easy_pace),
            easy_pace=_pace_in(unit, old.easy_pace, spec.unit),
        )
        for old in spec.earlier
    )
    goal = spec.goal
    return replace(
        spec,
        unit=unit,
        baseline=_volume_in(spec, unit, spec.baseline, spec.easy_pace),
        goal=None if goal is None else _volume_in(spec, unit, goal, spec.easy_pace),
        easy_pace=_pace_in(unit, spec.easy_pace, spec.unit),
        earlier=earlier,
    )


def _pace_in(unit: str, easy_pace: float | None, was: str) -> float | None:
    """An easy pace per unit of `was` as one per `unit` (per km in a minute plan)."""
    if easy_pace is None:
        return None  # the default pace, in every unit
    return per_km(was, easy_pace) * (KM_PER_MI if unit == "mi" else 1.0)


def _volume_in(spec: PlanSpec, unit: str, volume: float, easy_pace: float | None) -> float:
    """A volume in the spec's unit at `easy_pace`, as the same minutes in `unit`."""
    was = replace(spec, easy_pace=easy_pace, earlier=())
    now = replace(was, unit=unit, easy_pace=_pace_in(unit, easy_pace, spec.unit))
    return _exactly(to_minutes(was, volume), pace(now))


def _exactly(minutes: float, per_unit: float) -> float:
    """The volume that makes `minutes` at `per_unit` minutes a unit to the last bit, or else the
    nearest that makes no fewer: the engine rounds minutes down, and 29 km said in miles came
    to 173.99999999999997 min, a minute off some days (SPEC §3.1: the past never changes)."""
    near = minutes / per_unit
    below = [math.nextafter(near, -math.inf)]
    above = [math.nextafter(near, math.inf)]
    for _ in range(3):
        below.append(math.nextafter(below[-1], -math.inf))
        above.append(math.nextafter(above[-1], math.inf))
    candidates = sorted([near, *below, *above], key=lambda v: abs(v - near))
    exact = next((v for v in candidates if v * per_unit == minutes), None)
    if exact is not None:
        return exact
    return min((v for v in candidates if v * per_unit >= minutes), default=above[-1])
