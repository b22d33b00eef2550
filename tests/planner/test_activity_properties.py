"""No watch history makes a plan less safe (SPEC §3): the caps hold, and spikes earn nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

from hypothesis import given

from planner import build, conditions
from planner.activities import planned_session
from planner.model import Phase, Plan, Sport
from planner.protocol import (
    RAMP_FIRST_WEEK_SHARE,
    SINGLE_RUN_CAP,
    SINGLE_RUN_WINDOW_DAYS,
    STAGES,
    TEST_MINUTES,
    WEEKLY_CAP,
    stage_index,
)
from planner.schedule import run_weekdays
from planner.units import to_minutes
from tests.planner.properties import PROPERTY
from tests.planner.strategies import recorded_cases


def schedule(plan: Plan) -> list[tuple]:
    """What a plan asks the runner to do, day by day (not what it says about the past)."""
    return [(d.date, d.phase, d.stage, d.run_minutes, d.items) for d in plan.days]


@PROPERTY
@given(recorded_cases())
def test_no_watch_history_lifts_the_first_ramp_week_above_half_the_usual_week(case):
    spec, log, as_of = case
    plan = build(spec, log, as_of)
    first = sum(d.run_minutes for d in plan.days if d.ramp_week == 1)
    assert first <= RAMP_FIRST_WEEK_SHARE * to_minutes(spec, spec.baseline) + 1e-9


@PROPERTY
@given(recorded_cases())
def test_no_watch_history_lifts_a_ramp_week_above_110_percent_of_the_one_before(case):
    weeks: dict[int, float] = defaultdict(float)
    for day in build(*case).days:
        if day.ramp_week:
            weeks[day.ramp_week] += day.run_minutes
    for week in sorted(weeks)[1:]:
        assert weeks[week] <= weeks[week - 1] * WEEKLY_CAP + 1e-9


@PROPERTY
@given(recorded_cases())
def test_no_watch_history_lets_a_run_pass_110_percent_of_the_longest_planned_in_30_days(case):
    spec, log, as_of = case
    plan = build(spec, log, as_of)
    condition = conditions.get(spec.condition)
    usual = to_minutes(spec, spec.baseline) / max(1, len(run_weekdays(spec)))
    for index, day in enumerate(plan.days):
        continuous = day.phase == Phase.RAMP or (
            day.stage is not None and STAGES[stage_index(day.stage)].continuous
        )
        if not day.run_minutes or not continuous:
            continue
        window = day.date - timedelta(days=SINGLE_RUN_WINDOW_DAYS)
        longest = max((d.run_minutes for d in plan.days[:index] if d.date >= window), default=0.0)
        if condition.short_course and spec.onset > window:
            longest = max(longest, usual)
        assert day.run_minutes <= max(int(longest * SINGLE_RUN_CAP), TEST_MINUTES), day.date


@PROPERTY
@given(recorded_cases())
def test_a_spike_changes_nothing_the_plan_asks_for(case):
    """The same history with every recorded run cut to its planned session plans the same days."""
    spec, log, as_of = case
    spiked = build(spec, log, as_of)
    planned = {d.date: planned_session(d) for d in spiked.days if d.run_minutes}
    trimmed = tuple(
        replace(a, moving_minutes=min(a.moving_minutes, planned[a.date]))
        if a.sport == Sport.RUN and a.date in planned
        else a
        for a in log.activities
    )
    assert schedule(build(spec, replace(log, activities=trimmed), as_of)) == schedule(spiked)


@PROPERTY
@given(recorded_cases())
def test_rides_swims_and_walks_never_count_as_running(case):
    spec, log, as_of = case
    others = tuple(a for a in log.activities if a.sport != Sport.RUN)
    with_others = build(spec, replace(log, activities=others), as_of)
    assert schedule(with_others) == schedule(build(spec, replace(log, activities=()), as_of))
    assert not {"unplanned_run", "run_spike"} & {d.rule for d in with_others.decisions}
