"""The ramp's week arithmetic: the growth of a week and the days a week holds, each against the
plain reading of its rule."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from planner.model import Day, Phase
from planner.ramp import grow
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
