"""No watch history makes a plan less safe (SPEC §3): the caps hold, and spikes earn nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from planner import build, conditions
from planner.activities import planned_session
from planner.model import Day, Decision, Phase, Plan, Sport
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
from tests.planner.helpers import rolling_days
from tests.planner.properties import PROPERTY
from tests.planner.strategies import overrun_cases, recorded_cases

WATCH_HISTORIES = st.one_of(recorded_cases(), overrun_cases())


def schedule(plan: Plan) -> list[tuple]:
    """What a plan asks the runner to do, day by day (not what it says about the past)."""
    return [(d.date, d.phase, d.stage, d.run_minutes, d.items) for d in plan.days]


@PROPERTY
@given(WATCH_HISTORIES)
def test_no_watch_history_lifts_the_first_ramp_week_above_half_the_usual_week(case):
    spec, log, as_of = case
    plan = build(spec, log, as_of)
    first = sum(d.run_minutes for d in plan.days if d.ramp_week == 1)
    assert first <= RAMP_FIRST_WEEK_SHARE * to_minutes(spec, spec.baseline) + 1e-9


@PROPERTY
@given(WATCH_HISTORIES)
def test_no_watch_history_lifts_a_ramp_week_above_110_percent_of_the_one_before(case):
    """Counting, for the week before, the running done beyond the plan that its runs gave way to
    (a week with no running at all is a pause: the next is held to the last week that ran)."""
    plan = build(*case)
    for week in sorted({d.ramp_week for d in plan.days if d.ramp_week})[1:]:
        planned = sum(d.run_minutes for d in plan.days if d.ramp_week == week)
        assert planned <= week_before(plan, week) * WEEKLY_CAP + 1e-9


@PROPERTY
@given(WATCH_HISTORIES)
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


def said_caps(plan: Plan) -> list[Decision]:
    """The decisions that trim or move a run to keep its 7 days within the week's cap."""
    return [d for d in plan.decisions if d.rule in {"rolling_week", "bridge_scaled"}]


@PROPERTY
@given(WATCH_HISTORIES)
def test_a_spike_changes_what_the_plan_asks_for_only_where_a_cap_says_so(case):
    """The same history with every recorded run cut to its planned session plans the same days,
    unless what was run beyond the plan left a rolling week too little room, and the plan said so."""
    spec, log, as_of = case
    spiked = build(spec, log, as_of)
    planned = {d.date: planned_session(d) for d in spiked.days if d.run_minutes}
    trimmed = tuple(
        replace(a, moving_minutes=min(a.moving_minutes, planned[a.date]))
        if a.sport == Sport.RUN and a.date in planned
        else a
        for a in log.activities
    )
    as_planned = build(spec, replace(log, activities=trimmed), as_of)
    if said_caps(spiked) == said_caps(as_planned):
        assert schedule(as_planned) == schedule(spiked)
    else:
        assert any("you ran" in d.message for d in said_caps(spiked))


@PROPERTY
@given(recorded_cases())
def test_rides_swims_and_walks_never_count_as_running(case):
    spec, log, as_of = case
    others = tuple(a for a in log.activities if a.sport != Sport.RUN)
    with_others = build(spec, replace(log, activities=others), as_of)
    without = build(spec, replace(log, activities=()), as_of)
    assert schedule(with_others) == schedule(without)
    # A run reported with its pain is one too: only what the reports said of running is said.
    beyond = {"unplanned_run", "run_spike"}
    assert [d for d in with_others.decisions if d.rule in beyond] == [
        d for d in without.decisions if d.rule in beyond
    ]


def counted(day: Day) -> float:
    """The running a day holds: as planned, or as recorded when more (a planned walk-run's
    recording without its walk breaks)."""
    if day.actual is None:
        return day.run_minutes
    ran = day.actual.run_minutes
    stage = STAGES[stage_index(day.stage)] if day.stage and day.run_minutes else None
    if stage is not None and not stage.continuous:
        ran *= stage.run / (stage.run + stage.walk)
    return max(day.run_minutes, ran)


def as_run(plan: Plan, week: int) -> float:
    """A ramp week's planned running and what was run beyond the plan in it and the 6 days
    before it: runs that gave way to running done ahead count it instead."""
    indexes = [i for i, d in enumerate(plan.days) if d.ramp_week == week]
    if not indexes:
        return 0.0
    span = plan.days[max(0, indexes[0] - 6) : indexes[-1] + 1]
    ahead = sum(counted(d) - d.run_minutes for d in span)
    return sum(plan.days[i].run_minutes for i in indexes) + ahead


def week_before(plan: Plan, week: int) -> float:
    """The last ramp week before `week` that ran, as run (0 when none did)."""
    ran = (as_run(plan, before) for before in range(week - 1, 0, -1))
    return next((minutes for minutes in ran if minutes), 0.0)


def week_cap(plan: Plan, index: int, half: float) -> float:
    """The most running the 7 days to plan.days[index] may hold: half the usual week up to the
    end of ramp week 1, then 110 % of the ramp week before, as run."""
    week = plan.days[index].ramp_week
    return week_before(plan, week) * WEEKLY_CAP if week and week > 1 else half


@PROPERTY
@given(WATCH_HISTORIES)
def test_no_run_makes_its_7_days_hold_more_than_the_weeks_cap_counting_what_was_recorded(case):
    spec, log, as_of = case
    plan = build(spec, log, as_of)
    half = RAMP_FIRST_WEEK_SHARE * to_minutes(spec, spec.baseline)
    for index, day in enumerate(plan.days):
        if not day.run_minutes:
            continue
        before = sum(counted(d) for d in rolling_days(plan, index))
        cap = week_cap(plan, index, half)
        assert before + day.run_minutes <= cap + 1e-9, (
            f"{before} + {day.run_minutes} min in the 7 days to {day.date}, the cap is {cap}"
        )
