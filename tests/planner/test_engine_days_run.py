"""A day already run is no day of rest: a worse morning told together with that day's run (a
runner who reports once, after running) rests the next run day instead; the run stays the
day's planned session, its pain judged as one, and a good one moves nothing on (the step back
stands). A rest known before the day (the evening's red) is no such case: a run on it is off
the plan, as before."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from planner import build
from planner.model import Day, ItemKind, Log, Phase, Plan, PlanSpec, Report
from tests.planner.properties import PROPERTY
from tests.planner.strategies import plausible_cases

THURSDAY = date(2025, 3, 20)  # a walk-run at stage S3, after a green week
SPEC = PlanSpec(
    condition="achilles-tendinopathy-midportion",
    onset=date(2025, 3, 1),
    baseline=30.0,
    unit="km",
    run_days=(0, 2, 3, 4),  # Mon, Wed, Thu, Fri
)
GREEN_WEEK = (
    *(
        Report(date(2025, 3, d), pain_rest=0, pain_walking=0, pain_running=0, pain_morning=0)
        for d in range(8, 13)
    ),
    Report(date(2025, 3, 13), pain_rest=0, pain_walking=0, pain_morning=0),
)


def thursday(**pains: int) -> Plan:
    """The plan as of Thursday, with Thursday's report of these pains."""
    return build(SPEC, Log(reports=(*GREEN_WEEK, Report(THURSDAY, **pains))), THURSDAY)


def on(the_plan: Plan, day: int) -> Day:
    found = the_plan.day_on(date(2025, 3, day))
    assert found is not None
    return found


def test_a_worse_morning_told_after_the_run_rests_the_next_run_day():
    the_plan = thursday(pain_rest=0, pain_walking=0, pain_running=1, pain_morning=2)
    red = next(d for d in the_plan.decisions if d.rule == "red_step_back")
    assert "Morning pain rose by 2" in red.message and "Friday 21 March" in red.message
    assert on(the_plan, 20).run_minutes > 0 and on(the_plan, 20).stage == "S2"
    assert on(the_plan, 21).run_minutes == 0  # the next run day rests


def test_the_runs_own_pain_is_judged_as_the_days_session_not_an_unplanned_run():
    the_plan = thursday(pain_rest=2, pain_walking=2, pain_running=7, pain_morning=2)
    second = next(d for d in the_plan.decisions if d.rule == "two_reds")
    assert second.date == THURSDAY and "Thursday's walk-run" in second.message
    assert "unplanned" not in " ".join(d.message for d in the_plan.decisions)
    assert on(the_plan, 20).run_minutes > 0


def test_a_worse_morning_told_before_the_run_still_rests_that_day():
    the_plan = thursday(pain_rest=0, pain_walking=0, pain_morning=2)
    assert on(the_plan, 20).run_minutes == 0
    red = next(d for d in the_plan.decisions if d.rule == "red_step_back")
    assert "Thursday 20 March" in red.message


QUIET = {"pain_rest": 0, "pain_walking": 0}


def on_day(day: int, **pains: int) -> Report:
    return Report(date(2025, 3, day), **pains)


def test_a_rest_day_known_the_evening_before_stays_rest_when_run_anyway():
    # Wednesday's run hurt 6/10: Thursday is the extra rest day, said on Wednesday evening.
    week = (
        on_day(14, pain_running=0, pain_morning=0, **QUIET),
        *(on_day(d, pain_morning=0, **QUIET) for d in (15, 16)),
        on_day(17, pain_running=0, pain_morning=0, **QUIET),
        on_day(18, pain_morning=0, **QUIET),
        on_day(19, pain_running=6, pain_morning=0, **QUIET),
    )
    evening = build(SPEC, Log(reports=(*GREEN_WEEK, *week)), date(2025, 3, 19))
    ran = on_day(20, pain_running=0, pain_morning=0, **QUIET)
    thursday = build(SPEC, Log(reports=(*GREEN_WEEK, *week, ran)), THURSDAY)
    assert on(evening, 20).run_minutes == 0 and on(thursday, 20).run_minutes == 0
    said = [d for d in evening.decisions if d.date <= date(2025, 3, 19)]
    assert [d for d in thursday.decisions if d.date <= date(2025, 3, 19)] == said


def test_a_run_kept_after_two_reds_passes_no_stage_inside_the_rehab():
    reds = (
        *(on_day(d, pain_running=0, pain_morning=2, **QUIET) for d in range(8, 13)),
        on_day(13, pain_morning=2, **QUIET),
        on_day(14, pain_running=6, pain_morning=0, **QUIET),
        *(on_day(d, pain_morning=0, **QUIET) for d in range(15, 19)),
        on_day(19, pain_running=0, pain_morning=0, **QUIET),
        on_day(20, pain_running=0, pain_morning=2, **QUIET),  # the second red, with the run
        on_day(21, pain_morning=2, **QUIET),
    )
    the_plan = build(SPEC, Log(reports=reds), date(2025, 3, 21))
    two = next(d for d in the_plan.decisions if d.rule == "two_reds")
    assert "walk-run resumes at stage S1" in two.message
    assert on(the_plan, 20).run_minutes > 0  # run before the morning's verdict was known
    assert not [d for d in the_plan.decisions if d.rule == "stage_passed" and d.date > THURSDAY]
    back = next(d for d in the_plan.days if d.date > THURSDAY and d.run_minutes)
    assert back.stage == "S1"


def lived(spec: PlanSpec, first: date, last: date, **told: dict[date, int]) -> list[Report]:
    """Report every day from `first` to `last` as the plan stood that morning: no pain at rest
    or walking, the morning from told["morning"] (else 2), the planned run's pain from
    told["running"] (else 0), and a run told on the days in told["ran"] too."""
    mornings, runs, ran = (told.get(k, {}) for k in ("morning", "running", "ran"))
    out: list[Report] = []
    for offset in range((last - first).days + 1):
        when = first + timedelta(days=offset)
        day = build(spec, Log(reports=tuple(out)), when).day_on(when)
        running = (day is not None and day.run_minutes > 0) or when in ran
        out.append(
            Report(
                when,
                pain_rest=0,
                pain_walking=0,
                pain_morning=mornings.get(when, 2),
                pain_running=runs.get(when, 0) if running else None,
            )
        )
    return out


def test_a_rest_day_a_kept_run_brought_stays_rest_when_run_with_a_worse_morning_again():
    # Thursday's run is kept and Friday is the extra rest day, known since Thursday: running on
    # it anyway, with the morning up again, makes it no kept run.
    mornings = {date(2025, 3, d): 3 for d in range(8, 17)}
    mornings |= {date(2025, 3, 17): 2, date(2025, 3, 18): 1, date(2025, 3, 19): 0}
    before = lived(SPEC, date(2025, 3, 8), date(2025, 3, 19), morning=mornings)
    thu = Report(THURSDAY, pain_rest=0, pain_walking=0, pain_running=1, pain_morning=2)
    fri = Report(date(2025, 3, 21), pain_rest=0, pain_walking=0, pain_running=1, pain_morning=4)
    as_of_thursday = build(SPEC, Log(reports=(*before, thu)), THURSDAY)
    as_of_friday = build(SPEC, Log(reports=(*before, thu, fri)), date(2025, 3, 21))
    assert on(as_of_thursday, 20).run_minutes > 0 and on(as_of_thursday, 21).run_minutes == 0
    assert on(as_of_friday, 21).run_minutes == 0


def test_the_ramp_keeps_no_run_a_two_reds_rehab_rests():
    # Two reds in the ramp, the second by a morning told with a run: the rehab takes that day,
    # as before, and the ramp resumes no higher than the week before, not complete at once.
    spec = PlanSpec(
        condition="achilles-tendinopathy-midportion",
        onset=date(2025, 3, 1),
        baseline=120.0,
        unit="min",
        goal=60.0,
        run_days=tuple(range(7)),
    )
    mornings = {date(2025, 3, 30): 0, date(2025, 3, 31): 2, date(2025, 4, 2): 0}
    mornings |= {date(2025, 4, 3): 2, date(2025, 4, 6): 1, date(2025, 4, 9): 1}
    told = lived(
        spec,
        date(2025, 3, 8),
        date(2025, 4, 20),
        running={date(2025, 3, 12): 3},
        morning=mornings,
        ran={date(2025, 4, 3)},
    )
    the_plan = build(spec, Log(reports=tuple(told)), date(2025, 4, 20))
    assert any(d.rule == "two_reds" for d in the_plan.decisions)
    assert the_plan.status.value == "active"
    kept = the_plan.day_on(date(2025, 4, 3))
    assert kept is not None and kept.phase == Phase.REHAB


@st.composite
def run_told_after_a_worse_morning(draw: st.DrawFn) -> tuple[PlanSpec, Log, Report]:
    """A plausible runner who, on a walk-run day of the plan, reports a worse morning with the
    run's pain: both told after running (the days after it not yet lived). The ramp keeps no
    run (its weeks would open on it): a rest or rehab there takes the day, as before."""
    spec, log, as_of = draw(plausible_cases(run_days=True))
    days = build(spec, log, as_of).days
    ran = {d.date for d in days if d.run_minutes > 0 and not d.projected}
    runs = [d.date for d in days if d.date in ran and d.phase == Phase.WALK_RUN]
    assume(runs)
    after_a_run = [d for d in runs if d - timedelta(days=1) in ran]  # its morning judges it
    when = draw(st.sampled_from(after_a_run if after_a_run and draw(st.booleans()) else runs))
    pains = {
        name: draw(st.integers(0, 8)) for name in ("pain_rest", "pain_walking", "pain_running")
    }
    told = Report(when, pain_morning=draw(st.integers(2, 8)), **pains)
    return spec, replace(log, reports=tuple(r for r in log.reports if r.date < when)), told


@settings(PROPERTY, max_examples=min(PROPERTY.max_examples, 40))  # three builds an example
@given(run_told_after_a_worse_morning())
def test_a_worse_morning_told_with_the_run_never_makes_that_day_rest_or_rehab(case):
    spec, log, told = case
    before = build(spec, log, told.date).day_on(told.date)
    assume(before is not None and before.run_minutes > 0)  # as planned before its report
    # The morning after the pain-free test decides the test: one that fails puts the runner
    # back before the walk-run, which no day of it keeps (left as it is).
    eve = build(spec, log, told.date).day_on(told.date - timedelta(days=1))
    assume(eve is None or all(i.kind != ItemKind.TEST for i in eve.items))
    after = build(spec, replace(log, reports=(*log.reports, told)), told.date).day_on(told.date)
    assert after is not None
    assert after.phase != Phase.REHAB and after.headline != "Rest day from running", after
