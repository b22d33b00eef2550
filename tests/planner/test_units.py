"""A plan said in another unit is the same plan: each day keeps its minutes to the last bit
(planner.units.in_unit; SPEC §3.4: minutes, km and mi agree through an easy pace)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planner import build
from planner.model import EarlierRoutine, Log, PlanSpec
from planner.units import in_unit, to_minutes
from tests.planner.helpers import ONSET, good_runner, on
from tests.planner.properties import PROPERTY

UNITS = ("km", "mi", "min")


def routine_of(spec: PlanSpec, routine: EarlierRoutine, unit: str) -> PlanSpec:
    """An earlier routine as a plan of its own in `unit`, to count its usual week's minutes."""
    return PlanSpec(
        condition=spec.condition,
        onset=ONSET,
        baseline=routine.baseline,
        unit=unit,
        easy_pace=routine.easy_pace,
    )


def same_minutes(said: float, minutes: float) -> bool:
    return minutes <= said <= minutes * (1 + 1e-14)


paces = st.one_of(st.none(), st.integers(180, 600).map(lambda seconds: seconds / 60))


@PROPERTY
@given(
    st.sampled_from(UNITS),
    st.sampled_from(UNITS),
    st.integers(5, 600).map(float),
    st.one_of(st.none(), st.integers(5, 600).map(float)),
    paces,
    paces,
)
def test_a_new_unit_keeps_the_minutes_of_every_routine_never_fewer(
    unit, new_unit, baseline, earlier_baseline, pace, earlier_pace
):
    # To the last bit where a volume in the new unit makes them; else by the least above: the
    # engine rounds minutes down, so a bit below a whole minute loses the minute.
    earlier = (
        ()
        if earlier_baseline is None
        else (EarlierRoutine(on(30), earlier_baseline, easy_pace=earlier_pace),)
    )
    spec = PlanSpec(
        condition="plantar-fasciitis",
        onset=ONSET,
        baseline=baseline,
        unit=unit,
        easy_pace=pace,
        goal=baseline * 1.2,
        earlier=earlier,
    )
    said = in_unit(spec, new_unit)
    assert said.unit == new_unit
    assert same_minutes(to_minutes(said, said.baseline), to_minutes(spec, spec.baseline))
    assert same_minutes(to_minutes(said, said.goal), to_minutes(spec, spec.goal))
    for old, new in zip(spec.earlier, said.earlier, strict=True):
        was, now = routine_of(spec, old, unit), routine_of(spec, new, new_unit)
        assert same_minutes(to_minutes(now, new.baseline), to_minutes(was, old.baseline))


def test_29_km_said_in_miles_runs_every_day_as_before():
    # 29 km at the default pace is 174 min a week; in miles it came to 173.99999999999997, and
    # the engine, rounding minutes down, ran a walk-run and five ramp runs a minute shorter.
    spec = PlanSpec(
        condition="achilles-tendinopathy-midportion", onset=ONSET, baseline=29.0, unit="km"
    )
    log = Log(reports=good_runner(spec.condition, 80, baseline=29.0))
    before, after = build(spec, log, on(80)), build(in_unit(spec, "mi"), log, on(80))
    assert [d.run_minutes for d in after.days] == [d.run_minutes for d in before.days]
    assert any(d.run_minutes for d in before.days)


@PROPERTY
@given(st.sampled_from(UNITS), st.sampled_from(UNITS), st.integers(5, 400).map(float), paces)
def test_a_plan_said_in_another_unit_runs_every_day_as_before(unit, new_unit, baseline, pace):
    spec = PlanSpec(
        condition="plantar-fasciitis", onset=ONSET, baseline=baseline, unit=unit, easy_pace=pace
    )
    before, after = build(spec, Log(), ONSET), build(in_unit(spec, new_unit), Log(), ONSET)
    assert [d.run_minutes for d in after.days] == [d.run_minutes for d in before.days]


def test_a_change_of_settings_said_in_another_unit_reads_to_a_tenth():
    spec = PlanSpec(
        condition="achilles-tendinopathy-midportion",
        onset=ONSET,
        baseline=40.0,
        unit="km",
        earlier=(EarlierRoutine(on(30), 30.0),),
    )
    plan = build(in_unit(spec, "mi"), Log(), on(31))
    (change,) = [d for d in plan.decisions if d.message.startswith("Your settings changed")]
    assert "usual week 24.9 mi (was 18.6 mi)" in change.message
