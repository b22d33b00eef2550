"""The runner's routine over time: the usual week, the goal, the runs a week and the run days
in force on each day. A change of settings holds from its day on; the days before keep the
routine they had (SPEC §3.1: the past never changes)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from planner.model import EarlierRoutine, PlanSpec
from planner.units import pace_words, to_minutes
from planner.wording import WEEKDAYS, day_ref, minutes_text

FIELDS = ("baseline", "goal", "runs_per_week", "run_days", "easy_pace")


def timeline(spec: PlanSpec) -> tuple[tuple[date, PlanSpec], ...]:
    """Return each routine of the plan with the first day it holds, oldest first: the first
    from the plan's first day. Each is the spec with that routine and no `earlier`; a change
    before the first day, or one that changed nothing, adds none."""
    steps: list[tuple[date, PlanSpec]] = []
    since = spec.first_day
    for old in sorted(spec.earlier, key=lambda e: e.until):
        if old.until > since:
            _add(steps, since, _with(spec, old))
            since = old.until
    _add(steps, since, replace(spec, earlier=()))
    return tuple(steps)


def _add(steps: list[tuple[date, PlanSpec]], since: date, routine: PlanSpec) -> None:
    if not steps or steps[-1][1] != routine:
        steps.append((since, routine))


def _with(spec: PlanSpec, old: EarlierRoutine) -> PlanSpec:
    return replace(
        spec,
        baseline=old.baseline,
        goal=old.goal,
        runs_per_week=old.runs_per_week,
        run_days=old.run_days,
        easy_pace=old.easy_pace,
        earlier=(),
    )


def earlier_of(spec: PlanSpec, until: date) -> EarlierRoutine:
    """Return the spec's routine as one that held until `until` (a change on that day)."""
    return EarlierRoutine(
        until, spec.baseline, spec.goal, spec.runs_per_week, spec.run_days, spec.easy_pace
    )


def changed_words(before: PlanSpec, after: PlanSpec, when: date) -> str:
    """Say what a change of settings changed, and from when, in one sentence."""
    said = changes(before, after)
    return f"Your settings changed from {day_ref(when)}: {'; '.join(said)}. The days before keep their minutes."


def changes(before: PlanSpec, after: PlanSpec) -> list[str]:
    """Each routine figure that differs, new and old ("usual week 40 km (was 30 km)"), in
    the order of FIELDS; a new pace in a distance plan adds what the usual week is in minutes."""
    said = [
        f"{_NAMES[name]} {_value(after, name)} (was {_value(before, name)})"
        for name in FIELDS
        if getattr(before, name) != getattr(after, name)
    ]
    minutes = to_minutes(after, after.baseline), to_minutes(before, before.baseline)
    if before.easy_pace != after.easy_pace and minutes[0] != minutes[1]:  # a distance plan
        said.append(
            f"your usual week is now {minutes_text(minutes[0])} of running (was "
            f"{minutes_text(minutes[1])})"
        )
    return said


_NAMES = {
    "baseline": "usual week",
    "goal": "goal week",
    "runs_per_week": "runs a week",
    "run_days": "run days",
    "easy_pace": "easy pace",
}


def _value(spec: PlanSpec, name: str) -> str:
    if name == "run_days":
        return ", ".join(WEEKDAYS[d][:3] for d in spec.run_days) if spec.run_days else "any"
    if name == "runs_per_week":
        return str(spec.runs_per_week)
    if name == "easy_pace":
        return pace_words(spec)
    volume = getattr(spec, name)
    return "your usual week" if volume is None else f"{round(volume, 1):g} {spec.unit}"
