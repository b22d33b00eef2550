"""The walk-run's weeks: how the rolling cap shares a small usual week between sessions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner import build
from planner.model import Log, Phase, Plan, PlanSpec, Report
from planner.units import to_minutes

ONSET = date(2025, 3, 13)  # a Thursday: day 8 is Thursday 20 March


def back(the_plan: Plan) -> date:
    """The first day back at the usual week."""
    return next(d.date for d in the_plan.days if d.phase == Phase.COMPLETE)


def opened_on(spec: PlanSpec, day: int, pain_free: bool) -> Plan:
    """The plan on `day`, with a pain-free report that day (the test opens today) or without
    one (the test is projected for tomorrow)."""
    today = ONSET + timedelta(days=day - 1)
    reports = (Report(today, pain_rest=0, pain_walking=0, pain_morning=0),) if pain_free else ()
    return build(spec, Log(reports=reports), today)


def bridge_7_days(the_plan: Plan) -> float:
    """The most running any 7 days of the walk-run hold."""
    days = [d for d in the_plan.days if d.phase in (Phase.TEST, Phase.WALK_RUN)]
    return max(
        sum(d.run_minutes for d in days if start.date <= d.date < start.date + timedelta(days=7))
        for start in days
    )


@pytest.mark.parametrize(
    ("condition", "baseline", "unit", "runs", "day"),
    [
        ("achilles-tendinopathy-midportion", 15.0, "km", 4, 8),
        ("achilles-tendinopathy-midportion", 10.0, "km", 5, 8),
        ("plantar-fasciitis", 10.0, "km", 5, 8),
        ("achilles-tendinopathy-midportion", 10.0, "km", 2, 9),
        ("vamp-irritation", 8.0, "mi", 3, 8),
        ("vamp-irritation", 8.0, "km", 3, 8),
    ],
)
def test_an_earlier_pain_free_test_never_ends_a_week_or_more_later_with_the_caps_kept(
    condition: str, baseline: float, unit: str, runs: int, day: int
) -> None:
    spec = PlanSpec(condition, ONSET, baseline, unit, runs_per_week=runs)
    today, tomorrow = opened_on(spec, day, pain_free=True), opened_on(spec, day, pain_free=False)
    assert (back(today) - back(tomorrow)).days < 7
    half = to_minutes(spec, baseline) / 2
    assert bridge_7_days(today) <= half and bridge_7_days(tomorrow) <= half


def test_no_walk_run_session_takes_more_than_half_of_its_weeks_cap_and_the_plan_says_so() -> None:
    spec = PlanSpec("achilles-tendinopathy-midportion", ONSET, 10.0, "km", runs_per_week=5)
    the_plan = opened_on(spec, 8, pain_free=True)  # 30 min in any 7 days: 15 min a session
    sessions = [d.run_minutes for d in the_plan.days if d.phase == Phase.WALK_RUN]
    assert max(sessions) == 15
    said = [d.message for d in the_plan.decisions if d.rule == "bridge_scaled"]
    assert any(
        "no 7 days of running may exceed 30 min (half your usual week), and no session more "
        "than half of that (15 min), so that two sessions share the week" in m
        for m in said
    )
