"""`rtr plan --format fit | fit-zip`: a day's running, or the next days', as FIT workouts."""

from __future__ import annotations

from datetime import date, timedelta

import watch
from planner.errors import InputError
from planner.model import Plan
from planner.wording import day_ref
from planner.workouts import COOL_DOWN_MINUTES, WARM_UP_MINUTES, session_of

MAX_DAYS = 90  # a zip for a watch holds a few weeks, not the whole plan


def day_fit(plan: Plan, when: date) -> bytes:
    """Return the FIT workout of a day's running; InputError names a day without any."""
    day = plan.day_on(when)
    stage = session_of(day) if day is not None else None
    if day is None or stage is None:
        where = "is outside the plan" if day is None else "has no running in the plan"
        raise InputError("day", f"{when.isoformat()} ({day_ref(when)}) {where}")
    return watch.workout_fit(
        f"{when.isoformat()} {stage.name}", stage, WARM_UP_MINUTES, COOL_DOWN_MINUTES
    )


def days_zip(plan: Plan, first: date, count: int) -> bytes:
    """Return a zip of the FIT workouts of the running days among `count` days from `first`."""
    if not 1 <= count <= MAX_DAYS:
        raise InputError("days", f"give a number of days from 1 to {MAX_DAYS}")
    workouts = _workouts(plan, first, count)
    if not workouts:
        last = first + timedelta(days=count - 1)
        raise InputError(
            "days", f"no running is planned from {first.isoformat()} to {last.isoformat()}"
        )
    return watch.zip_of_workouts(workouts)


def running_days(plan: Plan, first: date, count: int) -> list[date]:
    """The days among `count` from `first` that carry a workout for the watch."""
    return [w.day for w in _workouts(plan, first, count)]


def _workouts(plan: Plan, first: date, count: int) -> list[watch.Workout]:
    workouts = []
    for offset in range(count):
        day = plan.day_on(first + timedelta(days=offset))
        stage = session_of(day) if day is not None else None
        if day is not None and stage is not None:
            workouts.append(watch.Workout(day.date, stage, WARM_UP_MINUTES, COOL_DOWN_MINUTES))
    return workouts
