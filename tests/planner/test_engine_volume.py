"""Weekly volume in the bridge and at the ramp's start; one change at a time (issue 14, cases 4 and 7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from planner import build
from planner.model import Log, Phase, PlanSpec, Report
from planner.protocol import STAGES, stage_index
from planner.routine import earlier_of
from planner.units import to_minutes
from tests.planner.helpers import ONSET, day, first, good_runner, on, plan, report, rules


def weeks_from_first_run(the_plan) -> list[float]:
    runs = [d for d in the_plan.days if d.run_minutes]
    totals: dict[int, float] = {}
    for d in the_plan.days:
        if d.date >= runs[0].date:
            index = (d.date - runs[0].date).days // 7
            totals[index] = totals.get(index, 0.0) + d.run_minutes
    return [totals[i] for i in sorted(totals)]


def green_log(condition: str, until: int, **spec: object) -> list:
    """Pain-free reports for every day and run of the projected plan up to day `until`."""
    projected = plan(condition, as_of=1, **spec)
    reports = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(1, until + 1)]
    return reports + [
        report(d.day, pain_running=0) for d in projected.days if d.run_minutes and d.day <= until
    ]


def bridge_weeks(the_plan) -> list[float]:
    """The running weeks that end before the ramp starts."""
    ramp_start = first(the_plan, lambda d: d.phase == Phase.RAMP).date
    return weeks_from_first_run(the_plan)[
        : (ramp_start - first(the_plan, lambda d: d.run_minutes).date).days // 7
    ]


def test_a_small_usual_week_scales_the_bridge_to_half_of_it_and_says_the_cap_wins():
    the_plan = plan("plantar-fasciitis", as_of=1, baseline=5.0)  # 30 min a week at 6:00/km
    half = to_minutes(the_plan.spec, 5.0) / 2
    assert bridge_weeks(the_plan) and max(bridge_weeks(the_plan)) <= half
    scaled = next(d for d in the_plan.decisions if d.rule == "bridge_scaled")
    assert (
        "no 7 days of running may exceed 15 min (half your usual week)" in scaled.message
        and "The cap wins." in scaled.message
    )


def test_the_bridge_says_why_the_weekly_110_percent_cap_starts_with_the_ramp():
    the_plan = plan("plantar-fasciitis", as_of=1, baseline=5.0)
    scaled = next(d for d in the_plan.decisions if d.rule == "bridge_scaled")
    assert scaled.message.endswith(
        "Inside the walk-run the stages, one per pain-free session, set the growth; the 110% "
        "weekly cap starts with the ramp (from the test's 10 minutes it would double the plan's length)."
    )


def test_the_bridge_follows_the_stage_table_while_half_the_usual_week_allows_it():
    projected = plan("plantar-fasciitis", as_of=1)  # 40 km: half the usual week is 120 min
    intervals = [
        d
        for d in projected.days
        if d.phase == Phase.WALK_RUN
        and d.run_minutes
        and not STAGES[stage_index(d.stage)].continuous
    ]
    assert {d.stage for d in intervals} == {"S1", "S2", "S3", "S4", "S5"}
    assert all(d.run_minutes == STAGES[stage_index(d.stage)].run_minutes for d in intervals)
    assert "bridge_scaled" not in rules(projected)


def test_a_usual_runner_with_pain_free_reports_is_back_at_their_usual_week_within_16_weeks():
    # The ramp alone, 50 % to 100 % at +10 % a week, takes 8 weeks: the bridge must not add months.
    projected = plan("plantar-fasciitis", as_of=1)
    full = first(projected, lambda d: d.phase == Phase.COMPLETE)
    assert full.day <= 16 * 7


def ramp_runs(the_plan) -> dict[int, list[float]]:
    """Each ramp week's runs, in minutes, by week number."""
    weeks: dict[int, list[float]] = {}
    for d in the_plan.days:
        if d.phase == Phase.RAMP and d.run_minutes:
            weeks.setdefault(d.ramp_week, []).append(d.run_minutes)
    return weeks


def test_five_short_runs_a_week_come_back_as_five_runs_not_fewer_longer_ones():
    # 20 km over five runs is 24 min a run. Frequency comes back first, then duration
    # (SPEC 3.3): the last ramp week runs five times, none of them much past 24 min.
    weeks = ramp_runs(
        plan("achilles-tendinopathy-midportion", as_of=1, baseline=20.0, runs_per_week=5)
    )
    last = weeks[max(weeks)]
    assert len(last) == 5 and max(last) <= 24 * 1.1


def test_a_ramp_week_that_adds_a_run_day_says_so_and_makes_no_run_longer():
    # 10 km over five runs: the ramp starts on two runs of 15 min; a third comes as soon as
    # every 7 days can hold it within the week's cap, and no run grows that week.
    spec: dict[str, object] = {"baseline": 10.0, "runs_per_week": 5}
    condition = "achilles-tendinopathy-midportion"
    the_plan = plan(condition, *good_runner(condition, 130, **spec), as_of=130, **spec)
    (added,) = [d for d in the_plan.decisions if d.rule == "run_day_added"]
    weeks = ramp_runs(the_plan)
    week = next(w for w in weeks if added.message.startswith(f"Ramp week {w} adds a run day: "))
    assert (len(weeks[week - 1]), len(weeks[week])) == (2, 3)
    assert max(weeks[week]) <= max(weeks[week - 1])
    assert "rather than 2 longer ones. One change at a time" in added.message


def test_a_longer_stage_never_follows_a_run_on_the_day_before():
    projected = plan("plantar-fasciitis", as_of=1)  # runs Mon, Wed, Fri, Sat
    assert day(projected, 12).stage == "S2" and day(projected, 12).run_minutes == 14
    assert day(projected, 13).run_minutes == 0
    change = next(d for d in projected.decisions if d.rule == "one_change")
    assert change.date == on(13) and "two things at once" in change.message


def test_the_first_ramp_week_is_capped_at_110_percent_of_the_last_bridge_week():
    # A bone bridge runs every other day, three runs of 30 min a week: half the usual 40 km
    # week (120 min) would be more than 110 % of that.
    condition = "metatarsal-stress-fracture"
    projected = plan(condition, as_of=1)
    ramp = first(projected, lambda d: d.phase == Phase.RAMP)
    index = projected.days.index(ramp)
    bridge = sum(d.run_minutes for d in projected.days[index - 7 : index])
    week = sum(d.run_minutes for d in projected.days if d.ramp_week == 1)
    assert week <= bridge * 1.1 < to_minutes(projected.spec, 40.0) / 2
    reports = green_log(condition, ramp.day)
    known = plan(condition, *reports, as_of=ramp.day)
    start = next(d for d in known.decisions if d.rule == "ramp_start")
    assert "may not exceed 110% of the last one" in start.message and start.message.endswith(
        "The cap wins."
    )


def test_the_last_stage_repeats_until_the_ramp_fits_within_110_percent_of_a_week_of_it():
    reports = green_log("vamp-irritation", 30)  # the bridge starts at S6: a thin week before S8
    known = plan("vamp-irritation", *reports, as_of=30)
    held = next(d for d in known.decisions if d.rule == "bridge_consolidates")
    assert "Stage S8 passed" in held.message and held.message.endswith("The cap wins.")
    start = next(d for d in known.decisions if d.rule == "ramp_start")
    assert "at half your usual week" in start.message and start.date > held.date


def test_the_usual_week_waits_for_seven_days_without_pain():
    # Runs on Mondays and Thursdays; the pain comes between two runs and settles the next day,
    # so no run is held back by it (pains.py) and only the usual week waits.
    twice = (0, 3)
    projected = plan("plantar-fasciitis", as_of=1, baseline=20.0, run_days=twice)
    full = to_minutes(projected.spec, 20.0)
    weeks: dict[int, list] = {}
    for d in projected.days:
        if d.ramp_week:
            weeks.setdefault(d.ramp_week, []).append(d)
    start = next(days[0] for days in weeks.values() if sum(d.run_minutes for d in days) >= full)
    reports = green_log("plantar-fasciitis", start.day, baseline=20.0, run_days=twice) + [
        report(start.day - 2, pain_rest=3),
        report(start.day - 1, pain_rest=0, pain_walking=0),
    ]
    the_plan = plan("plantar-fasciitis", *reports, as_of=start.day, baseline=20.0, run_days=twice)
    assert "full_volume_waits" in rules(the_plan)
    held = [d for d in the_plan.days if d.ramp_week == day(the_plan, start.day).ramp_week]
    assert sum(d.run_minutes for d in held) < full


def test_pain_at_the_usual_week_on_the_way_to_a_higher_goal_steps_just_below_it():
    spec = {"baseline": 20.0, "goal": 30.0}
    projected = plan("plantar-fasciitis", as_of=1, **spec)
    full = to_minutes(projected.spec, 20.0)
    weeks: dict[int, list] = {}
    for d in projected.days:
        if d.ramp_week:
            weeks.setdefault(d.ramp_week, []).append(d)
    at_full = next(w for w, days in weeks.items() if sum(d.run_minutes for d in days) >= full)
    during = weeks[at_full][2]  # pain in the middle of the first week at the usual volume
    reports = green_log("plantar-fasciitis", during.day, **spec) + [report(during.day, pain_rest=3)]
    the_plan = plan("plantar-fasciitis", *reports, as_of=during.day, **spec)
    after = [d for d in the_plan.days if d.ramp_week == at_full + 1]
    assert sum(d.run_minutes for d in after) < full  # not the usual week again so soon
    waits = [d for d in the_plan.decisions if d.rule == "full_volume_waits"]
    assert waits and "steps just below it" in waits[-1].message


def most_in_any_7_days(the_plan, upto_ramp_week: int) -> float:
    """The most running in 7 consecutive days, up to the end of a ramp week."""
    days = [d for d in the_plan.days if not d.ramp_week or d.ramp_week <= upto_ramp_week]
    return max(sum(d.run_minutes for d in days[max(0, i - 6) : i + 1]) for i in range(len(days)))


def test_at_5_km_a_week_no_7_days_across_the_step_into_the_ramp_hold_more_than_half_of_it():
    # Counted in 7-day blocks, the bridge's last run and the ramp's first once fell within
    # 3 days: 15 + 15 min, the whole usual week (issue 14, case 4).
    for condition in (
        "plantar-fasciitis",
        "achilles-tendinopathy-midportion",
        "metatarsal-stress-fracture",
        "vamp-irritation",
    ):
        the_plan = plan(condition, as_of=1, baseline=5.0)
        assert most_in_any_7_days(the_plan, upto_ramp_week=1) <= 15, condition


def test_daily_run_days_keep_any_7_days_of_ramp_week_1_within_half_the_usual_week():
    the_plan = plan("plantar-fasciitis", as_of=1, baseline=10.0, runs_per_week=7)
    assert most_in_any_7_days(the_plan, upto_ramp_week=1) <= 30


def test_a_ramp_run_that_would_overfill_its_7_days_is_trimmed_and_the_plan_says_so():
    # 38 min a week on Mondays, Tuesdays and Fridays: the bridge ends with uneven runs.
    week = {"baseline": 38.0, "unit": "min", "runs_per_week": 3, "run_days": (0, 1, 4)}
    the_plan = plan("vamp-irritation", as_of=1, **week)
    rolling = next(d for d in the_plan.decisions if d.rule == "rolling_week")
    assert "no 7 days may hold more than 19 min (half your usual week" in rolling.message
    assert "10 min on Monday 23 March; 9 min move to Tuesday 24 March" in rolling.message
    assert rolling.message.endswith("The cap wins.")
    assert most_in_any_7_days(the_plan, upto_ramp_week=1) <= 19


def test_a_walk_run_cut_to_fit_the_week_says_its_stage_asks_for_more():
    the_plan = plan("plantar-fasciitis", as_of=1, baseline=3.0, unit="mi", runs_per_week=3)
    cut = [
        i.dose
        for d in the_plan.days
        if d.phase == Phase.WALK_RUN
        for i in d.items
        if i.key == "walk-run" and "cut to fit your week's cap" in i.dose
    ]
    assert cut and all("(stage S" in dose for dose in cut)


def ramp_minutes(the_plan, week: int) -> float:
    return sum(d.run_minutes for d in the_plan.days if d.ramp_week == week)


def held_then_back(start: int, days: int, *, green_until: int | None = None, run_every: int = 0):
    """A runner pain-free up to `green_until` (the day before `start` unless given), whose
    walking hurts (4/10) for `days` days from `start`, which holds running (a run reported
    every `run_every` days even so), and who reports no pain the day after: the plan as of
    that day, and the day."""
    back = start + days
    held = [
        report(
            n,
            pain_rest=1,
            pain_walking=4,
            pain_running=1 if run_every and n % run_every == 0 else None,
        )
        for n in range(start, back)
    ]
    calm = report(back, pain_rest=0, pain_walking=0, pain_morning=0)
    log = green_log("plantar-fasciitis", start - 1 if green_until is None else green_until)
    return plan("plantar-fasciitis", *log, *held, calm, as_of=back), back


def test_a_red_run_never_makes_the_rest_of_a_ramp_week_longer_than_planned():
    # A goal below half the usual week: ramp week 1 is the goal, under the bridge's last week.
    projected = plan("plantar-fasciitis", as_of=1, goal=15.0)
    planned = ramp_minutes(projected, 1)
    first_run = first(projected, lambda d: d.ramp_week == 1 and d.run_minutes)
    pains = green_log("plantar-fasciitis", first_run.day - 1, goal=15.0)
    hurt = plan(
        "plantar-fasciitis",
        *pains,
        report(first_run.day, pain_rest=0, pain_walking=0, pain_running=7, pain_morning=0),
        as_of=first_run.day + 1,
        goal=15.0,
    )
    assert "red_drop_back" in rules(hurt)
    assert ramp_minutes(hurt, 1) <= planned <= to_minutes(projected.spec, 15.0)
    runs = [d.run_minutes for d in hurt.days if d.ramp_week == 1 and d.run_minutes]
    assert max(runs[1:]) <= max(d.run_minutes for d in projected.days if d.ramp_week == 1)
    assert all(ramp_minutes(hurt, w) <= planned for w in range(2, 5))


def test_a_ramp_week_without_running_repeats_and_the_plan_still_gets_back():
    # Pain walking holds running for the whole of ramp week 2; it then settles.
    projected = plan("plantar-fasciitis", as_of=1)
    second = first(projected, lambda d: d.ramp_week == 2)
    pains = green_log("plantar-fasciitis", second.day)
    held = [
        report(n, pain_rest=1, pain_walking=4, pain_morning=1)
        for n in range(second.day + 1, second.day + 9)
    ]
    the_plan = plan(
        "plantar-fasciitis",
        *pains,
        *held,
        report(second.day + 9, pain_rest=0, pain_walking=0, pain_morning=0),
        as_of=second.day + 9,
    )
    assert the_plan.days[-1].phase == Phase.COMPLETE
    repeat = [d for d in the_plan.decisions if d.rule == "adherence_repeat"]
    assert repeat and "had no running: the week repeats" in repeat[0].message


def test_two_weeks_without_a_run_start_the_ramp_again_from_its_first_week():
    # Pain walking holds running for 16 days late in the ramp; it then settles. Two weeks off
    # is more than a week to repeat: the ramp starts again from half the usual week.
    projected = plan("plantar-fasciitis", as_of=1)
    sixth = first(projected, lambda d: d.ramp_week == 6)
    half = 0.5 * to_minutes(projected.spec, projected.spec.baseline)
    assert ramp_minutes(projected, 5) > half
    the_plan, back = held_then_back(sixth.day, 16)
    again = [d for d in the_plan.decisions if d.rule == "long_break"]
    assert len(again) == 1 and again[0].date == on(back)
    assert (
        "after 2 weeks without running the ramp starts again from its first week, 120 min"
        in again[0].message
    )
    restart = day(the_plan, back).ramp_week
    assert 0 < ramp_minutes(the_plan, restart) <= half
    assert ramp_minutes(the_plan, restart + 1) <= 1.1 * ramp_minutes(the_plan, restart)
    assert the_plan.days[-1].phase == Phase.COMPLETE  # and it still gets back


def test_a_week_without_a_run_alone_does_not_start_the_ramp_again():
    projected = plan("plantar-fasciitis", as_of=1)
    sixth = first(projected, lambda d: d.ramp_week == 6)
    the_plan, _ = held_then_back(sixth.day, 8)
    assert "pain_settled" in rules(the_plan) and "long_break" not in rules(the_plan)


def test_two_weeks_without_a_run_step_the_walk_run_back_a_stage():
    # Pain walking holds running for 16 days in the middle of the walk-run; it then settles.
    projected = plan("plantar-fasciitis", as_of=1)
    s4 = first(projected, lambda d: d.stage == "S4" and d.run_minutes)
    the_plan, back = held_then_back(s4.day, 16)
    steps = [d for d in the_plan.decisions if d.rule == "long_break"]
    assert len(steps) == 1 and "the walk-run steps back to stage S3" in steps[0].message
    resumed = first(the_plan, lambda d: d.day >= back and d.run_minutes)
    assert resumed.stage == "S3"


def test_a_break_is_acted_on_when_it_reaches_two_weeks_whatever_day_the_plan_is_read():
    projected = plan("plantar-fasciitis", as_of=1)
    sixth = first(projected, lambda d: d.ramp_week == 6)
    log = green_log("plantar-fasciitis", sixth.day - 1)  # then no report and no run at all
    said = set()
    for seen in (sixth.day + 14, sixth.day + 20, sixth.day + 30):
        the_plan = plan("plantar-fasciitis", *log, as_of=seen)
        said |= {(d.date, d.message) for d in the_plan.decisions if d.rule == "long_break"}
    assert len(said) == 1
    ((when, message),) = said
    assert when <= on(sixth.day + 14) and "No run done for 14 days" in message
    assert (
        "after a break"
        in day(plan("plantar-fasciitis", *log, as_of=sixth.day + 30), (when - on(0)).days).headline
    )


def test_runs_reported_on_days_without_a_planned_run_are_no_break():
    # Pain walking holds the planned runs for 16 days, yet the runner runs on off days and
    # reports each run: that is running, so the ramp does not start again.
    projected = plan("plantar-fasciitis", as_of=1)
    sixth = first(projected, lambda d: d.ramp_week == 6)
    the_plan, _ = held_then_back(sixth.day, 16, run_every=4)
    assert "pain_settled" in rules(the_plan) and "long_break" not in rules(the_plan)


def test_a_break_that_cuts_a_ramp_week_short_restarts_within_the_weekly_cap():
    # The hold begins right after the first run of ramp week 6: the week ran 47 min, so the
    # restart may not jump to half the usual week (120 min); it starts at 110 % of 47.
    projected = plan("plantar-fasciitis", as_of=1)
    run = first(projected, lambda d: d.ramp_week == 6 and d.run_minutes)
    the_plan, back = held_then_back(run.day + 1, 16, green_until=run.day)
    restart = day(the_plan, back).ramp_week
    assert ramp_minutes(the_plan, restart) <= 1.1 * ramp_minutes(the_plan, restart - 1) + 1e-9
    said = next(d for d in the_plan.decisions if d.rule == "long_break")
    assert (
        "may not exceed 110% of the one before" in said.message and "the cap wins" in said.message
    )


def test_a_break_in_continuous_running_keeps_it_continuous_under_the_single_run_cap():
    projected = plan("plantar-fasciitis", as_of=1)
    s6 = first(projected, lambda d: d.stage == "S6" and d.run_minutes)
    back = s6.day + 36
    the_plan = plan(
        "plantar-fasciitis",
        *green_log("plantar-fasciitis", s6.day),
        report(back, pain_rest=0, pain_walking=0, pain_morning=0),
        as_of=back,
    )
    again = first(the_plan, lambda d: d.day >= back and d.run_minutes)
    assert again.stage == "S6" and again.run_minutes <= 10


@pytest.mark.parametrize("shift", [0, 5])
def test_after_three_weeks_away_the_restart_is_spread_over_a_whole_week_of_run_days(shift):
    # The runs planned while nobody ran are no running to fit around: the week that starts
    # again has as many runs as the ramp's first week, none longer. (The log's runs, shifted
    # by a few days, fall on other weekdays than the plan's: some were run off the plan.)
    onset = ONSET + timedelta(days=shift)
    spec = PlanSpec("plantar-fasciitis", onset, 40.0, "km")
    sixth = first(plan("plantar-fasciitis", as_of=1), lambda d: d.ramp_week == 6)
    moved = timedelta(days=shift)
    pains = [replace(r, date=r.date + moved) for r in green_log("plantar-fasciitis", sixth.day - 1)]
    back = on(sixth.day + 20) + moved
    the_plan = build(spec, Log(reports=(*pains, Report(back, 0, 0, None, 0))), back)
    restart = next(d for d in the_plan.days if "after a break" in d.headline).ramp_week
    runs = [d.run_minutes for d in the_plan.days if d.ramp_week == restart and d.run_minutes]
    first_week = [d.run_minutes for d in the_plan.days if d.ramp_week == 1 and d.run_minutes]
    assert len(runs) >= len(first_week) and max(runs) <= max(first_week)


def said_on(the_plan, number: int, key: str) -> str:
    """A day's decisions and its run's dose, as the day page shows them."""
    found = day(the_plan, number)
    doses = [i.dose for i in found.items if i.key == key]
    return " ".join([d.message for d in the_plan.decisions_on(found.date)] + doses)


def test_a_walk_run_cut_by_both_caps_says_each_length_once_with_the_cap_that_set_it():
    # 12 km a week, two runs: stage S7 is 25 min, the single-run cap allows 19, and the week's
    # cap (half the usual week, 36 min in any 7 days) leaves 18 on Friday 3 April.
    the_plan = plan("plantar-fasciitis", as_of=1, baseline=12.0, runs_per_week=2)
    s7 = day(the_plan, 33)
    assert (s7.stage, s7.run_minutes) == ("S7", 18)
    words = said_on(the_plan, 33, "walk-run")
    assert "Stage S7 is 25 min and the single-run cap allows 19 min" in words
    assert (
        "no 7 days of running may exceed 36 min (half your usual week): 18 min on Friday 3 April"
        in words
    )
    assert (
        "(stage S7 is 25 min of running; the single-run cap allows 19 min, cut further to fit your "
        "week's cap)" in words
    )
    assert "calls for 19 min" not in words


def test_a_ramp_run_cut_by_both_caps_says_each_length_once_with_the_cap_that_set_it():
    # Five run days, then from Saturday 28 March one, Wednesdays: ramp week 1 puts 60 min on
    # Wednesday 1 April, its rolling 7 days leave room for 42 and the single-run cap for 24.
    spec = PlanSpec("plantar-fasciitis", ONSET, 20.0, runs_per_week=5, run_days=(0, 1, 2, 4, 5))
    when = on(27)
    moved = replace(spec, earlier=(earlier_of(spec, when),), runs_per_week=1, run_days=(2,))
    the_plan = build(moved, Log(), ONSET)
    assert day(the_plan, 31).run_minutes == 24
    words = said_on(the_plan, 31, "run")
    assert "Ramp week 1 calls for 60 min on Wednesday 1 April" in words
    assert "room for 42 min on Wednesday 1 April" in words
    assert ": 24 min on Wednesday 1 April. The cap wins." in words
    assert "calls for 42 min" not in words
