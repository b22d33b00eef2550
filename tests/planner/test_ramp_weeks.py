"""The ramp's week arithmetic: the growth of a week and the days a week holds, each against the
plain reading of its rule."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from planner.model import Day, Phase, PlanSpec
from planner.ramp import MIN_RUN_MINUTES, _week_plan, grow, spread_later
from planner.state import days_between
from tests.planner.properties import PROPERTY

MONDAY = date(2025, 3, 3)


def reference_growth(plan: dict[date, float], minutes: int) -> dict[date, float]:
    """The rule as first written: each minute to the shortest run, the latest of equal ones."""
    plan = dict(plan)
    for _ in range(minutes):
        shortest = min(plan, key=lambda d: (plan[d], -d.toordinal()))
        plan[shortest] += 1
    return dict(sorted(plan.items()))


weeks = st.dictionaries(
    st.integers(0, 6).map(lambda n: MONDAY + timedelta(days=n)),
    st.integers(10, 90).map(float),
    min_size=1,
)


@PROPERTY
@given(weeks, st.integers(0, 60))
def test_a_week_grows_a_minute_at_a_time_on_its_shortest_latest_run(plan, minutes):
    grown = grow(plan, minutes)
    assert grown == reference_growth(plan, minutes)
    assert list(grown) == sorted(plan) and sum(grown.values()) == sum(plan.values()) + minutes


def test_equal_runs_grow_from_the_latest():
    plan = {MONDAY: 10.0, MONDAY + timedelta(days=2): 10.0, MONDAY + timedelta(days=4): 10.0}
    assert list(grow(plan, 2).values()) == [10.0, 11.0, 11.0]


def built(first: date, count: int) -> SimpleNamespace:
    """A builder that has built `count` days from `first`, one a day, in order."""
    days = [
        Day(first + timedelta(days=n), n + 1, Phase.RAMP, None, False, float(n % 3), None, ())
        for n in range(count)
    ]
    return SimpleNamespace(days=days)


@PROPERTY
@given(st.integers(0, 60), st.integers(-10, 70), st.integers(0, 20))
def test_the_days_between_two_dates_are_those_a_scan_of_every_day_finds(count, offset, length):
    b = built(MONDAY, count)
    start = MONDAY + timedelta(days=offset)
    end = start + timedelta(days=length)
    assert days_between(b, start, end) == [d for d in b.days if start <= d.date < end]


def across_two_weeks(last: dict[date, float], plan: dict[date, float]) -> list[float]:
    """The running in every 7 days that ends in this week: last week's runs after some day
    (a week before their keys) and this week's up to it."""
    runs = {day - timedelta(days=7): m for day, m in last.items()} | plan
    ends = [MONDAY + timedelta(days=n) for n in range(7)]
    return [
        sum(m for day, m in runs.items() if end - timedelta(days=7) < day <= end) for end in ends
    ]


@PROPERTY
@given(weeks, st.integers(0, 6), st.integers(0, 30))
def test_a_run_day_added_keeps_every_7_days_the_week_longest_run_and_10_minutes(
    last, offset, percent
):
    new = MONDAY + timedelta(days=offset)
    if new in last:
        return
    whole = int(sum(last.values()) * (100 + percent // 3) / 100)  # growth of 0 to 10 %
    spread = spread_later(last, new, whole)
    if spread is None:
        return
    assert sorted(spread) == sorted([*last, new]) and sum(spread.values()) == whole
    assert all(MIN_RUN_MINUTES <= m <= max(last.values()) for m in spread.values())
    assert max(across_two_weeks(last, spread)) <= whole


def test_a_run_day_goes_after_runs_that_end_the_week_only_when_it_fits():
    monday, thursday = MONDAY, MONDAY + timedelta(days=3)
    last = {monday: 15.0, thursday: 15.0}
    # After both runs: 33 minutes over three runs of 11, every 7 days within 33.
    assert spread_later(last, MONDAY + timedelta(days=5), 33) == {
        monday: 11.0,
        thursday: 11.0,
        MONDAY + timedelta(days=5): 11.0,
    }
    # Between them: Monday and Tuesday may hold no more than last week's Monday and the 3 minutes
    # of growth, 18, and two runs of 10 minutes do not fit.
    assert spread_later(last, MONDAY + timedelta(days=1), 33) is None


def ramp_context(runs: dict[int, float], weekdays: set[int]) -> SimpleNamespace:
    """A builder about to plan the ramp week from MONDAY: last week's runs by their day's
    offset, the runner's run weekdays, tendon rules (no rest day needed between runs)."""
    days = [
        Day(
            MONDAY - timedelta(days=7 - n),
            n + 1,
            Phase.RAMP,
            None,
            False,
            runs.get(n, 0.0),
            None,
            (),
        )
        for n in range(7)
    ]
    said: list[str] = []
    return SimpleNamespace(
        days=days,
        state=SimpleNamespace(week_ran_ahead={}, run_days_changed=None, ramp_week=3),
        weekdays=weekdays,
        bone_alternates=lambda: False,
        as_of=MONDAY + timedelta(days=30),
        spec=PlanSpec(condition="achilles-tendinopathy-midportion", onset=MONDAY, baseline=40.0),
        said=said,
        decide=lambda when, rule, message: said.append(rule),
    )


def test_a_week_that_repeats_adds_no_run_day_and_a_growing_one_does():
    # Monday, Thursday and Saturday ran 20 min each; Tuesday is a run weekday left free.
    runs, weekdays = {0: 20.0, 3: 20.0, 5: 20.0}, {0, 1, 3, 5}
    b = ramp_context(runs, weekdays)
    repeated = _week_plan(b, MONDAY, 60.0, after_pain=False)
    assert repeated == {MONDAY + timedelta(days=n): m for n, m in runs.items()} and not b.said
    grown = _week_plan(ramp_context(runs, weekdays), MONDAY, 66.0, after_pain=False)
    assert len(grown) == 4 and sum(grown.values()) == 66 and max(grown.values()) <= 20
