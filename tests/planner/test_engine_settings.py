"""A change of settings (usual week, goal, runs, run days) holds from its day on: the days before
keep the routine they had (SPEC §3.1: the past never changes), and the ramp still grows at most
10 % a week from the weeks as they were run (SPEC §3.3)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from planner import build
from planner.model import EarlierRoutine, Log, Plan, PlanSpec, Report
from planner.protocol import WEEKLY_CAP
from planner.routine import earlier_of, timeline
from planner.units import to_minutes
from tests.planner.helpers import ONSET, on, report

MON_WED_THU_FRI = (0, 2, 3, 4)
TUE_THU_SAT_SUN = (1, 3, 5, 6)


def runner(baseline: float = 30.0, run_days: tuple[int, ...] = MON_WED_THU_FRI) -> PlanSpec:
    return PlanSpec(
        "achilles-tendinopathy-midportion", ONSET, baseline, run_days=run_days, runs_per_week=4
    )


def pain_free_log(spec: PlanSpec, until: int) -> Log:
    """Pain-free reports every day to day `until`, and on each run day of the projected plan."""
    runs = {d.date for d in build(spec, Log(), ONSET).days if d.run_minutes}
    return Log(
        reports=tuple(
            report(n, pain_rest=0, pain_walking=0, pain_morning=0)
            if on(n) not in runs
            else report(n, pain_rest=0, pain_walking=0, pain_morning=0, pain_running=0)
            for n in range(1, until + 1)
        )
    )


def changed(spec: PlanSpec, when: date, **routine: object) -> PlanSpec:
    """The spec after a change of settings on `when`: the new routine, the old one kept."""
    return replace(spec, earlier=(earlier_of(spec, when),), **routine)  # type: ignore[arg-type]


def before(plan: Plan, when: date) -> tuple[list, list]:
    return (
        [d for d in plan.days if d.date < when],
        [d for d in plan.decisions if d.date < when],
    )


def ramp_weeks(plan: Plan) -> dict[int, float]:
    weeks: dict[int, float] = defaultdict(float)
    for day in plan.days:
        if day.ramp_week:
            weeks[day.ramp_week] += day.run_minutes
    return weeks


def test_new_run_days_leave_every_day_before_the_change_as_it_was():
    spec = runner()
    log, when = pain_free_log(spec, 30), on(30)  # the walk-run bridge
    kept = build(spec, log, when)
    moved = build(changed(spec, when, run_days=TUE_THU_SAT_SUN), log, when)
    assert before(moved, when) == before(kept, when)
    assert any(d.run_minutes for d in moved.days if d.date < when)


def test_new_run_days_hold_from_the_day_of_the_change():
    spec = runner()
    log, when = pain_free_log(spec, 30), on(30)
    moved = build(changed(spec, when, run_days=TUE_THU_SAT_SUN), log, when)
    later = [d for d in moved.days if d.date >= when and d.run_minutes]
    assert later and all(d.date.weekday() in TUE_THU_SAT_SUN for d in later)


def test_a_change_of_settings_is_a_decision_dated_its_day_that_says_what_changed():
    spec = runner()
    log, when = pain_free_log(spec, 30), on(30)
    moved = build(changed(spec, when, run_days=TUE_THU_SAT_SUN), log, when)
    said = [d for d in moved.decisions if d.rule == "settings_changed"]
    assert [d.date for d in said] == [when]
    assert said[0].message == (
        "Your settings changed from Tuesday 31 March: run days Tue, Thu, Sat, Sun "
        "(was Mon, Wed, Thu, Fri). The days before keep their minutes."
    )


def test_a_new_easy_pace_says_what_it_makes_of_the_usual_weeks_minutes():
    spec = runner(30.0)
    log, when = pain_free_log(spec, 30), on(30)
    moved = build(changed(spec, when, easy_pace=5.5), log, when)
    said = next(d for d in moved.decisions if d.rule == "settings_changed")
    assert "easy pace 5:30 min/km (was 6:00 min/km, the default)" in said.message
    assert "your usual week is now 165 min of running (was 180 min)" in said.message


def test_a_minutes_plans_pace_changes_no_minutes_and_says_none():
    spec = replace(runner(180.0), unit="min")
    log, when = pain_free_log(spec, 30), on(30)
    said = next(
        d
        for d in build(changed(spec, when, easy_pace=5.5), log, when).decisions
        if d.rule == "settings_changed"
    )
    assert "of running" not in said.message


def test_a_lower_usual_week_leaves_the_days_before_as_they_were_and_lowers_the_weeks_at_once():
    spec = runner(30.0)
    log, when = pain_free_log(spec, 60), on(60)  # ramp week 5
    kept = build(spec, log, when)
    lower = build(changed(spec, when, baseline=20.0), log, when)
    assert before(lower, when) == before(kept, when)
    week = next(d.ramp_week for d in lower.days if d.date == when)
    from_then = [d for d in lower.days if d.date >= when]
    assert sum(d.run_minutes for d in from_then if d.ramp_week == week) < sum(
        d.run_minutes for d in kept.days if d.date >= when and d.ramp_week == week
    )
    assert ramp_weeks(lower)[week] <= to_minutes(spec, 20.0)


def test_a_higher_usual_week_grows_at_most_10_percent_a_week_from_the_weeks_as_run():
    spec = runner(20.0)
    log, when = pain_free_log(spec, 50), on(50)  # ramp week 3 or so, at half of 20 km and up
    kept = build(spec, log, when)
    higher = build(changed(spec, when, baseline=30.0), log, when)
    assert before(higher, when) == before(kept, when)
    weeks = ramp_weeks(higher)
    week = next(d.ramp_week for d in higher.days if d.date == when)
    assert week and week + 1 in weeks
    for n in (week, week + 1):
        assert weeks[n] <= weeks[n - 1] * WEEKLY_CAP + 1e-9
    fresh = ramp_weeks(build(replace(spec, baseline=30.0), log, when))
    assert fresh[week] > weeks[week - 1] * WEEKLY_CAP  # what rebuilding from day one did


def test_a_plan_without_a_change_of_settings_has_one_routine_from_its_first_day():
    spec = runner()
    assert timeline(spec) == ((ONSET, spec),)


def test_a_change_before_the_plan_starts_or_one_that_changes_nothing_adds_no_routine():
    spec = replace(runner(), start=on(10))
    early = replace(spec, earlier=(EarlierRoutine(on(5), 50.0),))
    same = replace(spec, earlier=(earlier_of(spec, on(20)),))
    assert timeline(early) == timeline(same) == ((on(10), spec),)


def test_a_change_of_run_days_after_a_red_run_keeps_the_week_at_last_weeks_volume():
    """A red run drops the rest of the week back to last week's volume; new run days later
    that week share what is left on them, never the week's planned growth."""
    spec = PlanSpec(
        "achilles-tendinopathy-midportion", ONSET, 40.0, run_days=(0, 2, 4, 6), runs_per_week=4
    )
    red, change = date(2026, 4, 8), date(2026, 4, 10)  # ramp week 2, a Wednesday; then Friday
    runs: set[date] = set()
    for _ in range(6):  # the reports of a runner who runs what the plan says, to the change
        reports = tuple(
            Report(day, 0, 0, (7 if day == red else 0) if day in runs else None, 0)
            for day in (ONSET + timedelta(days=n) for n in range((change - ONSET).days + 1))
        )
        ran = {d.date for d in build(spec, Log(reports=reports), change).days if d.run_minutes}
        runs, settled = ran, ran == runs
        if settled:
            break
    log = Log(reports=reports)
    plain = build(spec, log, change)
    moved = build(changed(spec, change, run_days=(0, 5, 6), runs_per_week=3), log, change)
    assert "red_drop_back" in [d.rule for d in moved.decisions]

    def week(plan: Plan, number: int) -> float:
        return sum(d.run_minutes for d in plan.days if d.ramp_week == number)

    assert week(plain, 2) == week(plain, 1)
    assert week(moved, 2) <= week(moved, 1)


def test_a_bigger_week_after_the_plan_is_complete_says_the_plan_does_not_ramp_to_it():
    spec = PlanSpec("plantar-fasciitis", ONSET, 20.0, run_days=(0, 2, 4, 6), runs_per_week=4)
    done = build(spec, pain_free_log(spec, 120), on(120))
    assert done.status.value == "complete"
    later = build(changed(spec, on(121), goal=40.0), pain_free_log(spec, 121), on(121))
    said = [d.message for d in later.decisions if d.rule == "settings_changed"]
    assert said and "plans no way up to the bigger week" in said[0]
    assert "at most 10% a week" in said[0]
