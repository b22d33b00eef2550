"""Pain on a day without a planned run still counts (issue 14 case 6)."""

from __future__ import annotations

from planner.model import Phase
from tests.planner.helpers import day, first, good_runner, on, plan, report, rules

MON_WED_FRI = (0, 2, 4)  # onset day 1 is a Monday
PASSED_TEST = [
    report(8, pain_rest=1, pain_walking=1, pain_running=1, pain_morning=0),
    report(9, pain_morning=0),
]


def test_running_pain_on_a_rehab_day_holds_the_tendon_test_and_says_why():
    the_plan = plan(
        "plantar-fasciitis",
        report(6, pain_running=6),
        report(8, pain_rest=1, pain_walking=1),
        as_of=8,
    )
    held = next(d for d in the_plan.decisions if d.rule == "off_day_pain")
    assert (
        held.date == on(6)
        and "Pain 6/10 running on" in held.message
        and "3 days of rehab" in held.message
    )
    assert day(the_plan, 8).phase == Phase.REHAB
    assert first(the_plan, lambda d: d.run_minutes).day >= 10


def test_any_run_before_the_bone_test_restarts_the_pain_free_days():
    the_plan = plan("metatarsal-stress-fracture", report(12, pain_running=0), as_of=12)
    assert "off_day_pain" in rules(the_plan)
    assert first(the_plan, lambda d: d.run_minutes).date >= on(26)


def test_running_pain_on_a_rest_day_of_the_bridge_steps_the_tendon_plan_back():
    # Monday test (day 8), Wednesday S1 (day 10); Thursday (day 11) has no run, but the runner ran.
    reports = [*PASSED_TEST, report(10, pain_running=0), report(11, pain_morning=0, pain_running=7)]
    the_plan = plan("plantar-fasciitis", *reports, as_of=11, run_days=MON_WED_FRI)
    red = next(d for d in the_plan.decisions if d.rule == "red_step_back")
    assert red.date == on(11) and "unplanned run" in red.message
    assert (
        day(the_plan, 12).run_minutes == 0
    )  # Friday, the next run day, becomes the extra rest day


def test_site_pain_on_waking_cancels_a_bone_run_that_day():
    quiet = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(8, 23)]
    tested = [*quiet, report(22, pain_running=0), report(23, pain_morning=0)]
    projected = plan("metatarsal-stress-fracture", *tested, as_of=23, run_days=tuple(range(7)))
    run = first(projected, lambda d: d.phase == Phase.WALK_RUN and d.run_minutes)
    the_plan = plan(
        "metatarsal-stress-fracture",
        *tested,
        report(run.day, pain_morning=2),
        as_of=run.day,
        run_days=tuple(range(7)),
    )
    assert day(the_plan, run.day).run_minutes == 0 and day(the_plan, run.day + 1).run_minutes == 0
    assert (
        "on waking"
        in next(d for d in the_plan.decisions if d.rule == "bone_pain_step_back").message
    )


def test_a_painful_run_on_a_run_weekday_without_a_run_rests_the_next_run_day_not_that_day():
    # Saturday (day 13) is a run weekday but holds no run (S3 may not follow Friday's S2);
    # the runner ran anyway and it hurt 7/10. The extra rest day is Monday's run (day 15).
    reports = [*good_runner("plantar-fasciitis", 12), report(13, pain_morning=0, pain_running=7)]
    the_plan = plan("plantar-fasciitis", *reports, as_of=13)
    assert day(the_plan, 13).phase == Phase.WALK_RUN and day(the_plan, 13).run_minutes == 0
    red = next(d for d in the_plan.decisions if d.rule == "red_step_back")
    assert red.date == on(13) and "one extra rest day (Monday 16 March)" in red.message
    assert day(the_plan, 15).run_minutes == 0


def test_site_pain_on_an_unplanned_bone_run_rests_the_two_days_after_it():
    daily = {"run_days": tuple(range(7))}
    projected = plan("metatarsal-stress-fracture", as_of=1, **daily)
    run = first(projected, lambda d: d.phase == Phase.WALK_RUN and d.run_minutes)
    off = run.day + 1  # bone keeps a rest day between runs: no run planned, the runner ran
    quiet = good_runner("metatarsal-stress-fracture", off - 1, **daily)
    hurt = report(off, pain_rest=0, pain_walking=0, pain_running=3)
    the_plan = plan("metatarsal-stress-fracture", *quiet, hurt, as_of=off, **daily)
    assert (
        "2 rest days"
        in next(d for d in the_plan.decisions if d.rule == "bone_pain_step_back").message
    )
    assert [day(the_plan, off + n).run_minutes for n in (1, 2)] == [0, 0]
    assert day(the_plan, off + 2).headline == "Rest day from running"


def test_a_pain_free_run_before_the_tendon_test_is_a_run_beyond_the_plan_not_a_step_back():
    # No harm done: nothing holds, the test comes on its day. Said as a recorded run before the
    # test is (unplanned_run), never as pain that steps the plan back.
    quiet = [report(d, pain_rest=0, pain_walking=0, pain_morning=0) for d in range(1, 8)]
    without = plan("achilles-tendinopathy-midportion", *quiet, as_of=8)
    the_plan = plan(
        "achilles-tendinopathy-midportion",
        *quiet[:-1],
        report(7, pain_rest=0, pain_walking=0, pain_running=1, pain_morning=0),
        as_of=8,
    )
    (note,) = [d for d in the_plan.decisions if d.date == on(7)]
    assert note.rule == "unplanned_run" and "no harm done" in note.message
    assert "off_day_pain" not in rules(the_plan)
    assert first(the_plan, lambda d: d.run_minutes) == first(without, lambda d: d.run_minutes)


def test_two_red_runs_before_the_test_bring_seven_days_of_rehab_as_two_reds_after_it_do():
    # Runs the runner did on rehab days, each hurting above the condition's limit: the second
    # within 7 days is a second red session, an unplanned run's too (docs/protocols.md).
    quiet = [report(d, pain_rest=0, pain_walking=0, pain_morning=0) for d in range(1, 5)]
    red = [report(d, pain_rest=0, pain_walking=0, pain_running=6, pain_morning=0) for d in (5, 6)]
    the_plan = plan("achilles-tendinopathy-midportion", *quiet, *red, as_of=6)
    two = next(d for d in the_plan.decisions if d.rule == "two_reds")
    assert two.date == on(6) and "7 days" in two.message
    assert first(the_plan, lambda d: d.run_minutes).date == on(14)


def test_a_red_test_and_a_red_run_the_day_after_are_two_reds():
    """Found in a review: two red runs before the test brought 7 days of rehab, a red test and
    a red run only 3: the planned session was the one that did not count."""
    quiet = [report(d, pain_rest=0, pain_walking=0, pain_morning=0) for d in range(1, 8)]
    red = [report(d, pain_rest=0, pain_walking=0, pain_running=6, pain_morning=0) for d in (8, 9)]
    the_plan = plan("achilles-tendinopathy-midportion", *quiet, *red, as_of=9)
    assert [d.rule for d in the_plan.decisions if d.date >= on(8)][:3] == [
        "test_opens",
        "test_failed",
        "two_reds",
    ]
    assert first(the_plan, lambda d: d.run_minutes and d.date > on(9)).date == on(17)
