"""Recorded activities as evidence: done sessions, runs off the plan, spikes and the single-run cap."""

from __future__ import annotations

import json

from planner import activities
from planner.model import Report
from planner.serialize import plan_to_json
from planner.wording import day_ref
from tests.planner.helpers import day, good_runner, on, plan, recorded, report, rules

PF = "plantar-fasciitis"  # with a 20 km week: test day 8, S1 day 10, ramp week 1 on days 27-33
RAMP_WEEK_1 = (29, 31, 33)  # the bridge's last run days a week on: no 7 days above half the week
RUN_DAYS = (8, 10, 12, 15, 17, 19, 22, 24, 26, *RAMP_WEEK_1)


def runner(upto: int, silent: tuple[int, ...] = ()) -> tuple[Report, ...]:
    """Pain-free reports to `upto`; on the `silent` days no running score (nothing says it was done)."""
    return tuple(
        r if r.date not in {on(n) for n in silent} else Report(r.date, 0, 0, None, 0)
        for r in good_runner(PF, upto, baseline=20.0)
    )


def test_a_ramp_week_without_evidence_of_its_runs_repeats():
    the_plan = plan(PF, *runner(34, silent=RAMP_WEEK_1), as_of=34, baseline=20.0)
    assert "adherence_repeat" in rules(the_plan)


def test_a_recorded_run_counts_as_the_session_done():
    runs = tuple(recorded(n, 15) for n in RAMP_WEEK_1)
    the_plan = plan(PF, *runner(34, silent=RAMP_WEEK_1), as_of=34, baseline=20.0, activities=runs)
    assert "adherence_repeat" not in rules(the_plan)
    assert day(the_plan, 36).ramp_week == 2 and day(the_plan, 36).run_minutes == 22


def test_a_run_on_a_rest_day_is_explained_and_counts_in_its_rolling_week():
    without = plan(PF, *runner(14), as_of=14, baseline=20.0)
    with_run = plan(PF, *runner(14), as_of=14, baseline=20.0, activities=(recorded(11, 25),))
    (unplanned,) = [d for d in with_run.decisions if d.rule == "unplanned_run"]
    assert unplanned.date == on(11)
    assert "25 min on Thursday 12 March" in unplanned.message
    assert [(d.date, d.run_minutes, d.stage) for d in with_run.days[:14]] == [
        (d.date, d.run_minutes, d.stage) for d in without.days[:14]
    ]
    # 10 + 25 + 14 min in the 6 days before day 15 leave 11 of S3's 18: three 3-minute runs.
    assert day(with_run, 15).run_minutes == 9
    scaled = next(d for d in with_run.decisions if d.rule == "bridge_scaled")
    assert "you ran 25 min on Thursday 12 March, where the plan had no run" in scaled.message


def test_a_run_before_the_test_says_running_is_not_part_of_the_plan_yet():
    the_plan = plan(PF, *runner(5), as_of=5, baseline=20.0, activities=(recorded(3, 30),))
    (decision,) = [d for d in the_plan.decisions if d.rule == "unplanned_run"]
    assert "before the pain-free test" in decision.message


def test_a_run_far_longer_than_planned_is_a_spike_that_earns_no_longer_runs():
    # S1 on day 10 is 10 x (1 min run / 1 min walk): a 20-minute session; 30 minutes is a spike
    # (its 15 min of running still fit the rolling weeks after it).
    spiked = plan(PF, *runner(30), as_of=30, baseline=20.0, activities=(recorded(10, 30),))
    as_planned = plan(PF, *runner(30), as_of=30, baseline=20.0, activities=(recorded(10, 20),))
    (spike,) = [d for d in spiked.decisions if d.rule == "run_spike"]
    assert spike.date == on(10) and "30 min" in spike.message and "20 min" in spike.message
    assert "run_spike" not in rules(as_planned)
    assert [d.run_minutes for d in spiked.days] == [d.run_minutes for d in as_planned.days]


def test_a_walk_run_session_as_long_as_planned_with_its_walks_is_no_spike():
    the_plan = plan(PF, *runner(12), as_of=12, baseline=20.0, activities=(recorded(10, 21),))
    assert "run_spike" not in rules(the_plan)


def test_the_single_run_cap_reads_recorded_runs_when_there_are_any():
    short = tuple(recorded(n, 10) for n in RUN_DAYS)  # every run cut short at 10 minutes
    ticked = plan(PF, *runner(36), as_of=36, baseline=20.0)
    watched = plan(PF, *runner(36), as_of=36, baseline=20.0, activities=short)
    assert day(ticked, 36).run_minutes == 22
    # 110 % of the longest recorded run (10 min) from continuous running on: 11 min, and it says so.
    assert {d.run_minutes for d in watched.days[21:34] if d.run_minutes} == {11}
    assert any(d.rule == "single_run_cap" and ": 11 min on" in d.message for d in watched.decisions)


def test_cycling_and_swimming_are_cross_training_not_running():
    rides = (recorded(11, 60, "cycle"), recorded(13, 30, "swim"))
    the_plan = plan(PF, *runner(14, silent=(12,)), as_of=14, baseline=20.0, activities=rides)
    assert not {"unplanned_run", "run_spike"} & set(rules(the_plan))
    assert (
        day(the_plan, 11).actual.cross_train_minutes == 60
        and day(the_plan, 11).actual.run_minutes == 0
    )
    assert day(the_plan, 13).actual.cross_train_minutes == 30


def test_each_day_shows_what_was_recorded_next_to_the_plan_in_its_unit():
    runs = (recorded(10, 20, km=3.2), recorded(12, 30, km=4.8))
    the_plan = plan(PF, *runner(12), as_of=12, baseline=12.0, unit="mi", activities=runs)
    days = {d["date"]: d for d in json.loads(plan_to_json(the_plan))["days"]}
    assert days[on(10).isoformat()]["actual"] == {
        "run_minutes": 20.0,
        "run_distance": 1.99,
        "cross_train_minutes": 0.0,
    }
    assert "actual" not in days[on(11).isoformat()]


def test_a_minute_plan_has_no_recorded_distance_and_future_recordings_wait_for_their_day():
    runs = (recorded(10, 20, km=3.2), recorded(14, 20, km=3.2))
    the_plan = plan(PF, *runner(12), as_of=12, baseline=120.0, unit="min", activities=runs)
    assert day(the_plan, 10).actual.run_distance is None
    assert day(the_plan, 14).actual is None


def test_a_run_while_the_plan_is_halted_says_to_see_someone_and_the_halt_stays():
    flagged = Report(on(10), flags=("night_pain",))
    the_plan = plan(
        PF, *runner(9), flagged, as_of=12, baseline=20.0, activities=(recorded(11, 30),)
    )
    (decision,) = [d for d in the_plan.decisions if d.rule == "unplanned_run"]
    assert "while the plan is stopped" in decision.message and "see a doctor" in decision.message
    assert the_plan.status == "halted" and day(the_plan, 12).run_minutes == 0


# Ramp week 1 holds 60 min (half the usual 120) over days 29, 31 and 33 (20, 22 and 18 min),
# after the bridge's last run of 18 min on day 26.


def test_a_ramp_run_longer_than_planned_counts_in_its_rolling_week():
    the_plan = plan(PF, *runner(29), as_of=29, baseline=20.0, activities=(recorded(29, 30),))
    # 18 + 30 min in the 6 days before day 31 leave 12; the 7 days to day 33 hold 30 + 12 + 18.
    assert [day(the_plan, n).run_minutes for n in RAMP_WEEK_1] == [20, 12, 18]
    rolling = next(d for d in the_plan.decisions if d.rule == "rolling_week")
    assert rolling.date == on(31)
    assert "you ran 30 min on Monday 30 March, where the plan had 20 min" in rolling.message
    assert rolling.message.endswith("The cap wins.")


def test_a_run_that_fills_the_rolling_week_leaves_no_more_running_in_it():
    the_plan = plan(PF, *runner(29), as_of=29, baseline=20.0, activities=(recorded(29, 60),))
    assert [day(the_plan, n).run_minutes for n in RAMP_WEEK_1] == [20, 0, 0]
    rolling = next(d for d in the_plan.decisions if d.rule == "rolling_week")
    assert "the 6 days before hold 78 min" in rolling.message
    assert "the 22 min you already ran ahead are not asked for again" in rolling.message


def test_minutes_run_ahead_stand_in_for_the_runs_they_replaced_and_earn_no_growth():
    ahead = plan(PF, *runner(29), as_of=29, baseline=20.0, activities=(recorded(29, 60),))
    as_planned = plan(PF, *runner(29), as_of=29, baseline=20.0, activities=(recorded(29, 20),))
    assert day(ahead, 31).run_minutes == 0  # the week's runs after it were cut...
    week_2 = [day(ahead, n).run_minutes for n in (36, 38, 40)]
    # ...and the next week grows from the week as planned, as if they had been run.
    assert week_2 == [day(as_planned, n).run_minutes for n in (36, 38, 40)] == [22, 22, 22]


def test_a_run_longer_than_planned_at_the_end_of_a_week_trims_the_next_weeks_first_runs():
    the_plan = plan(PF, *runner(33), as_of=33, baseline=20.0, activities=(recorded(33, 60),))
    # Days 31 and 33 (22 + 60 min) leave no room on day 36, 60 min leave 6 min on day 38.
    assert [day(the_plan, n).run_minutes for n in (36, 38, 40)] == [0, 0, 22]
    # Week 2 grows as 22 min run and the 42 run ahead for it (not the 44 it gave way to).
    assert sum(day(the_plan, n).run_minutes for n in (43, 45, 47)) == int(64 * 1.1)


def test_a_bridge_run_longer_than_planned_counts_in_the_bridge_week():
    the_plan = plan(PF, *runner(22), as_of=22, baseline=20.0, activities=(recorded(22, 50),))
    # S5's 16 min on day 19 and 50 min on day 22 pass the 60 min of half the usual week.
    assert day(the_plan, 24).run_minutes == 0
    scaled = next(d for d in the_plan.decisions if d.rule == "bridge_scaled" and d.date == on(24))
    assert "you ran 50 min on Monday 23 March, where the plan had 20 min" in scaled.message


def test_a_walk_run_recording_counts_its_running_not_its_walk_breaks():
    # S3 on day 15 is 6 x (3 min run / 1 min walk): 48 min recorded hold 36 min of running.
    the_plan = plan(PF, *runner(15), as_of=15, baseline=20.0, activities=(recorded(15, 48),))
    # 14 + 36 min in the 6 days before day 17 leave 10 min of S4's 20.
    assert day(the_plan, 17).run_minutes == 10


def test_a_run_before_the_test_counts_in_the_test_weeks_running():
    the_plan = plan(PF, *runner(7), as_of=7, baseline=20.0, activities=(recorded(6, 60),))
    assert day(the_plan, 8).run_minutes == 0
    waits = next(d for d in the_plan.decisions if d.rule == "bridge_scaled")
    assert "you ran 60 min on Saturday 7 March" in waits.message


def test_a_walk_run_recorded_on_the_day_a_stop_began_counts_its_running_not_its_walk_breaks():
    # Day 11's walk-run S2 is 7 × (2 min run / 1 min walk): 21 min recorded are 14 min running.
    passed = report(8, pain_rest=1, pain_walking=1, pain_running=1, pain_morning=1)
    bridge = (passed, report(9, pain_running=1, pain_morning=1), report(10, pain_morning=1))
    the_plan = plan(
        "plantar-fasciitis",
        *bridge,
        report(11, flags=["night_pain"]),
        as_of=12,
        run_days=tuple(range(7)),
        activities=(recorded(11, 21),),
    )
    stopped = day(the_plan, 11)
    assert stopped.ran_before_stop == 14
    assert activities.ran(stopped) == 14 and activities.held(stopped) == 14
    assert not activities.beyond_plan([stopped])


def test_a_run_before_the_test_recorded_and_reported_is_said_once_with_its_minutes_and_pain():
    """Seen in a review: the recording's sentence (its minutes, "report any pain") and the
    report's (its pain) were both said for the one run."""
    reports = (*runner(2), report(3, pain_rest=0, pain_walking=0, pain_running=1))
    the_plan = plan(PF, *reports, as_of=5, baseline=20.0, activities=(recorded(3, 30),))
    (said,) = [d for d in the_plan.decisions if d.rule == "unplanned_run"]
    assert said.date == on(3)
    assert said.message.startswith(f"Pain 1/10 running 30 min on {day_ref(on(3))}")
    assert "wait for the pain-free test" in said.message
