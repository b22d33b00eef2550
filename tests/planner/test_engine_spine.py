"""The seed spine: rest, rehab, test, walk-run, ramp, complete (SPEC §3.2)."""

from __future__ import annotations

import pytest

from planner import protocol as P
from planner.model import ItemKind, Phase, Status
from planner.units import to_minutes
from tests.planner.helpers import day, first, on, plan, report, rules


@pytest.mark.parametrize(
    ("number", "phase"), [(1, Phase.REST), (3, Phase.REST), (4, Phase.REHAB), (7, Phase.REHAB)]
)
def test_the_first_week_is_rest_then_rehab_with_no_running(number, phase):
    the_day = day(plan(), number)
    assert the_day.phase == phase
    assert the_day.run_minutes == 0
    assert not [
        i for i in the_day.items if i.kind in (ItemKind.RUN, ItemKind.RUN_WALK, ItemKind.TEST)
    ]


def test_rest_days_carry_ice_and_relative_rest():
    keys = {i.key for i in day(plan(), 2).items}
    assert {"ice", "rest"} <= keys


def test_a_projected_tendon_plan_tests_on_day_eight_then_walk_runs_from_s1():
    projected = plan(as_of=1)
    assert day(projected, 8).phase == Phase.TEST
    assert day(projected, 8).projected
    walk_runs = [d for d in projected.days if d.phase == Phase.WALK_RUN and d.run_minutes]
    assert walk_runs[0].stage == "S1"
    assert walk_runs[0].run_minutes == 10


def test_a_projected_plan_ends_complete_at_the_usual_week():
    projected = plan(as_of=1)
    assert projected.days[-1].phase == Phase.COMPLETE
    assert projected.status == Status.ACTIVE


@pytest.mark.parametrize(
    ("rest", "walking", "tested"), [(2, 2, True), (3, 0, False), (0, 3, False), (None, None, False)]
)
def test_the_tendon_test_needs_rest_and_walking_pain_at_most_two(rest, walking, tested):
    reports = [report(8, pain_rest=rest, pain_walking=walking)] if rest is not None else []
    the_plan = plan("plantar-fasciitis", *reports, as_of=8)
    assert (day(the_plan, 8).phase == Phase.TEST) is tested


def test_a_gate_day_without_a_report_holds():
    the_plan = plan(as_of=10)
    assert all(day(the_plan, n).phase == Phase.REHAB for n in (8, 9, 10))
    assert day(the_plan, 11).phase == Phase.TEST and day(the_plan, 11).projected


def test_a_passed_test_opens_the_walk_run_bridge_once_the_next_morning_is_in():
    the_plan = plan(
        "plantar-fasciitis",
        report(8, pain_rest=1, pain_walking=1, pain_running=1),
        report(9, pain_morning=0),
        as_of=9,
    )
    assert ("test_passed", on(9)) in [(d.rule, d.date) for d in the_plan.decisions]
    assert first(the_plan, lambda d: d.phase == Phase.WALK_RUN).date == on(9)


def test_a_painful_test_backs_off_three_days_then_tests_again():
    the_plan = plan(
        "plantar-fasciitis", report(8, pain_rest=1, pain_walking=1, pain_running=4), as_of=9
    )
    assert "test_failed" in rules(the_plan)
    assert [day(the_plan, n).phase for n in (9, 10, 11)] == [Phase.REHAB] * 3
    assert day(the_plan, 12).phase == Phase.TEST


@pytest.mark.parametrize(
    ("name", "run", "walk", "repeats", "minutes"),
    [
        ("B1", 0.5, 1.5, 8, 4),
        ("B2", 1, 1, 8, 8),
        ("S1", 1, 1, 10, 10),
        ("S2", 2, 1, 7, 14),
        ("S3", 3, 1, 6, 18),
        ("S4", 5, 1, 4, 20),
        ("S5", 8, 1, 3, 24),
        ("S6", 20, 0, 1, 20),
        ("S7", 25, 0, 1, 25),
        ("S8", 30, 0, 1, 30),
    ],
)
def test_the_walk_run_table_matches_the_spec(name, run, walk, repeats, minutes):
    stage = P.STAGES[P.stage_index(name)]
    assert (stage.run, stage.walk, stage.repeats, stage.run_minutes) == (
        run,
        walk,
        repeats,
        minutes,
    )


def test_the_ramp_starts_at_half_the_usual_week_and_grows_at_most_ten_percent():
    projected = plan(as_of=1, baseline=30.0)
    weeks: dict[int, float] = {}
    for d in projected.days:
        if d.ramp_week:
            weeks[d.ramp_week] = weeks.get(d.ramp_week, 0) + d.run_minutes
    assert weeks[1] <= 0.5 * to_minutes(projected.spec, 30.0)
    assert all(weeks[w] <= weeks[w - 1] * 1.1 for w in list(weeks)[1:])


def test_when_the_seed_run_is_longer_than_the_single_run_cap_the_cap_wins_and_says_so():
    projected = plan(as_of=1)
    s8 = first(projected, lambda d: d.stage == "S8" and d.run_minutes)
    assert s8.run_minutes < 30
    cap = next(d for d in projected.decisions if d.rule == "single_run_cap")
    assert "The cap wins" in cap.message and "110%" in cap.message


def test_days_after_as_of_are_projected_and_days_before_are_not():
    the_plan = plan(as_of=5)
    assert not any(d.projected for d in the_plan.days if d.date <= on(5))
    assert all(d.projected for d in the_plan.days if d.date > on(5))


@pytest.mark.parametrize("unit", ["km", "mi", "min"])
def test_km_mi_and_minute_plans_agree_through_the_easy_pace(unit):
    baseline = {"km": 40.0, "mi": 40.0 / 1.609344, "min": 240.0}[unit]
    pace = {"km": 6.0, "mi": 6.0 * 1.609344, "min": None}[unit]
    minutes = [
        d.run_minutes for d in plan(as_of=1, baseline=baseline, unit=unit, easy_pace=pace).days
    ]
    reference = [d.run_minutes for d in plan(as_of=1, baseline=240.0, unit="min").days]
    assert minutes == reference


def test_minute_plans_have_no_distance_and_km_plans_do():
    assert day(plan(as_of=1, unit="min", baseline=240.0), 8).run_distance is None
    assert day(plan(as_of=1), 8).run_distance == pytest.approx(1.6)


def test_item_keys_are_unique_within_a_day_and_stable_across_rebuilds():
    before = plan(
        "plantar-fasciitis", report(8, pain_rest=1, pain_walking=1, pain_running=1), as_of=9
    )
    after = plan(
        "plantar-fasciitis",
        report(8, pain_rest=1, pain_walking=1, pain_running=1),
        report(9, pain_running=1, pain_morning=1),
        as_of=10,
    )
    for d in before.days:
        keys = [i.key for i in d.items]
        assert len(keys) == len(set(keys))
    assert [i.key for i in day(before, 9).items] == [i.key for i in day(after, 9).items]
