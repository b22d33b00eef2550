"""Tendon rules: the pain-monitoring model in the walk-run bridge and the ramp (SPEC §3.3)."""

from __future__ import annotations

import math
from datetime import date

import pytest

from planner.model import Phase
from planner.sessions import Evidence, Outcome, tendon_verdict
from planner.units import to_minutes
from tests.planner.helpers import day, first, good_runner, on, plan, report, rules

TUESDAY = date(2026, 3, 3)
DAILY = tuple(range(7))  # run every day, so day numbers in these tests are run days
PASSED_TEST = report(8, pain_rest=1, pain_walking=1, pain_running=1, pain_morning=1)


@pytest.mark.parametrize(
    ("during", "before", "after", "ceiling", "outcome"),
    [
        (0, None, None, 5, Outcome.GREEN),
        (2, 1, 1, 5, Outcome.GREEN),
        (3, None, None, 5, Outcome.AMBER),
        (5, None, None, 5, Outcome.AMBER),
        (6, None, None, 5, Outcome.RED),
        (5, None, None, 4, Outcome.RED),  # shin splints: ceiling 4
        (4, None, None, 4, Outcome.AMBER),
        (1, 2, 3, 5, Outcome.AMBER),  # morning up by 1
        (1, 2, 4, 5, Outcome.RED),  # morning up by 2
        (1, 3, 2, 5, Outcome.GREEN),  # morning down
        (None, None, None, 5, Outcome.MISSING),
    ],
)
def test_the_pain_monitoring_model_sorts_sessions_green_amber_red(
    during, before, after, ceiling, outcome
):
    evidence = Evidence(TUESDAY, "run", during, before, after)
    assert tendon_verdict(evidence, ceiling).outcome == outcome


def test_a_red_session_names_the_pain_the_day_and_the_limit():
    verdict = tendon_verdict(Evidence(TUESDAY, "run", 6, None, None), 5)
    assert verdict.reason == "Pain 6/10 during Tuesday's run is above 5"


def test_pain_six_during_a_walk_run_steps_back_one_stage_and_adds_a_rest_day():
    # day 8 test passes, day 9 S1 green, day 11 S2 red (6/10)
    the_plan = plan(
        "achilles-tendinopathy-midportion",
        PASSED_TEST,
        report(9, pain_running=1, pain_morning=1),  # the morning after the test: it passes
        report(10, pain_morning=0),  # the morning after shows S1 settled: it passes
        report(11, pain_running=6),
        as_of=11,
        run_days=DAILY,
    )
    red = next(d for d in the_plan.decisions if d.rule == "red_step_back")
    assert (
        red.message
        == "Pain 6/10 during Thursday's walk-run is above 5: back to stage S1 and one extra rest day (Friday 13 March)."
    )
    assert red.date == on(11)
    assert (
        day(the_plan, 12).run_minutes == 0 and day(the_plan, 12).headline == "Rest day from running"
    )
    assert first(the_plan, lambda d: d.date > on(12) and d.run_minutes).stage == "S1"


def test_an_amber_session_repeats_the_stage():
    the_plan = plan(
        "plantar-fasciitis",
        PASSED_TEST,
        report(9, pain_running=4, pain_morning=1),
        as_of=10,
        run_days=DAILY,
    )
    assert "amber_repeat" in rules(the_plan)
    assert first(the_plan, lambda d: d.date > on(9) and d.run_minutes).stage == "S1"


def test_a_rise_in_morning_pain_the_next_day_turns_a_session_amber():
    the_plan = plan(
        "plantar-fasciitis",
        PASSED_TEST,
        report(9, pain_running=1, pain_morning=1),
        report(10, pain_morning=2),
        as_of=10,
        run_days=DAILY,
    )
    amber = next(d for d in the_plan.decisions if d.rule == "amber_repeat")
    assert amber.date == on(10)
    assert "Morning pain rose by 1" in amber.message


def test_a_session_without_a_pain_report_holds_and_says_so():
    morning = report(9, pain_morning=1)  # the test settled; S1 that day goes unreported
    the_plan = plan("plantar-fasciitis", PASSED_TEST, morning, as_of=11, run_days=DAILY)
    missing = next(d for d in the_plan.decisions if d.rule == "no_evidence")
    assert "Report pain" in missing.message
    assert first(the_plan, lambda d: d.date > on(9) and d.run_minutes).stage == "S1"


def test_two_reds_within_seven_days_send_the_runner_back_to_rehab_for_seven_days():
    the_plan = plan(
        "plantar-fasciitis",
        PASSED_TEST,
        report(9, pain_running=6, pain_morning=1),
        report(11, pain_running=7),
        as_of=12,
        run_days=DAILY,
    )
    assert "two_reds" in rules(the_plan)
    assert all(
        day(the_plan, n).phase == Phase.REHAB and not day(the_plan, n).run_minutes
        for n in range(12, 19)
    )


def test_an_amber_run_in_the_ramp_holds_the_week():
    # project a passing plan, then find the first ramp run and report amber on it
    projected = plan("plantar-fasciitis", as_of=1)
    ramp_run = first(projected, lambda d: d.phase == Phase.RAMP and d.run_minutes)
    reports = [report(8, pain_rest=0, pain_walking=0, pain_running=0), report(9, pain_morning=0)]
    runs = [d.day for d in projected.days if d.run_minutes and 8 < d.day < ramp_run.day]
    reports += [report(n, pain_running=0) for n in runs]
    reports += [report(n + 1, pain_morning=0) for n in runs]  # each settled by the morning
    reports.append(report(ramp_run.day, pain_running=4))
    the_plan = plan("plantar-fasciitis", *reports, as_of=ramp_run.day + 7)
    assert "amber_hold" in rules(the_plan)
    weeks: dict[int, float] = {}
    for d in the_plan.days:
        if d.ramp_week:
            weeks[d.ramp_week] = weeks.get(d.ramp_week, 0) + d.run_minutes
    assert weeks[2] <= weeks[1]


def test_focal_bone_tenderness_on_a_tendon_plan_switches_to_bone_rules_instead_of_halting():
    the_plan = plan(
        "plantar-fasciitis",
        PASSED_TEST,
        report(9, flags=["focal_bone_tenderness"]),
        as_of=9,
        run_days=DAILY,
    )
    assert "switch_to_bone" in rules(the_plan)
    assert the_plan.protocol.value == "bone"
    assert the_plan.status.value == "active"
    assert any(i.kind.value == "referral" for i in day(the_plan, 9).items)
    later_runs = [d for d in the_plan.days if d.date >= on(9) and d.run_minutes]
    assert later_runs[0].date >= on(22) and later_runs[0].phase == Phase.TEST
    assert first(the_plan, lambda d: d.phase == Phase.WALK_RUN and d.run_minutes).stage == "B1"


def test_no_improvement_in_fourteen_days_prompts_a_professional():
    the_plan = plan("plantar-fasciitis", report(2, pain_rest=4), report(16, pain_rest=4), as_of=16)
    prompt = next(d for d in the_plan.decisions if d.rule == "no_improvement")
    assert "see a doctor or physiotherapist" in prompt.message
    assert any(i.key == "note:see-professional" for i in day(the_plan, 16).items)


def test_lower_pain_after_fourteen_days_is_improvement():
    the_plan = plan("plantar-fasciitis", report(2, pain_rest=4), report(16, pain_rest=3), as_of=16)
    assert "no_improvement" not in rules(the_plan)


def test_the_tendon_work_moves_on_a_step_at_a_time_and_says_so():
    reports = [report(n, pain_rest=1, pain_walking=1, pain_morning=1) for n in range(1, 30)]
    the_plan = plan("achilles-tendinopathy-midportion", *reports, as_of=29)
    steps = [d for d in the_plan.decisions if d.rule == "loading_step"]
    assert [s.date for s in steps] == [on(11), on(25)]
    assert "staged heel raises" in steps[0].message and "never two days running" in steps[1].message
    assert not {i.exercise for i in day(the_plan, 8).items} & {
        "heavy-slow-resistance",
        "heel-drops",
    }


def test_a_plan_begun_weeks_after_the_pain_starts_its_loading_at_isometric_holds():
    reports = [report(n, pain_rest=3, pain_walking=3) for n in range(30, 41)]  # rehab goes on
    later = plan("achilles-tendinopathy-midportion", *reports, as_of=40, start=on(30))
    first_week = {i.exercise for n in range(30, 37) for i in day(later, n).items}
    assert "isometric-calf-holds" in first_week
    assert not first_week & {"heavy-slow-resistance", "heel-drops", "staged-heel-raises"}
    steps = [d for d in later.decisions if d.rule == "loading_step"]
    assert steps[0].date == on(37) and "after a week of isometric holds" in steps[0].message


def days_to_reach(the_plan, share: float) -> int:
    """Days from onset until a 7-day stretch holds `share` of the usual week."""
    from planner.units import to_minutes

    target = share * to_minutes(the_plan.spec, the_plan.spec.baseline)
    days = the_plan.days
    return next(
        days[i].day
        for i in range(len(days))
        if sum(d.run_minutes for d in days[max(0, i - 6) : i + 1]) >= target
    )


def test_vamp_irritation_takes_a_short_course_that_fixes_the_laces_first():
    the_plan = plan("vamp-irritation", as_of=1)
    course = next(d for d in the_plan.decisions_on(on(1)) if d.rule == "short_course")
    assert "Loosen the laces" in course.message
    assert all(
        any(i.key == "fix" and "Loosen the laces" in i.dose for i in d.items)
        for d in the_plan.days[:30]
    )
    assert first(the_plan, lambda d: d.phase == Phase.WALK_RUN and d.run_minutes).stage == "S6"
    # Sooner than plantar fasciitis, and in proportion: the ramp starts within 3 weeks of onset
    # and reaches 90 % of the usual week as soon as the caps allow (half the usual week, then
    # +10 % a week: 7 rises), within a day of its 8th week. The sentence says the caps win.
    ramp = first(the_plan, lambda d: d.ramp_week == 1).day
    assert ramp <= 21
    assert days_to_reach(the_plan, 0.9) - ramp <= 7 * 8
    assert days_to_reach(the_plan, 0.9) < days_to_reach(plan("plantar-fasciitis", as_of=1), 0.9)
    assert "usually settles within 1–2 weeks" in course.message
    assert (
        "the first week of running at most half of it, then at most 10% more a week, at least "
        "nine weeks of ramp" in course.message
    )


def test_a_short_course_reaches_90_percent_as_soon_as_the_caps_allow_from_its_first_ramp_week():
    for baseline, runs in ((10.0, 4), (20.0, 3), (20.0, 7), (40.0, 3), (40.0, 7)):
        the_plan = plan("vamp-irritation", as_of=1, baseline=baseline, runs_per_week=runs)
        usual = to_minutes(the_plan.spec, baseline)
        ramp = first(the_plan, lambda d: d.ramp_week == 1)
        week_1 = sum(d.run_minutes for d in the_plan.days if d.ramp_week == 1)
        rises = math.ceil(math.log(0.9 * usual / week_1) / math.log(1.1))
        assert ramp.day <= 28, (baseline, runs)
        assert days_to_reach(the_plan, 0.9) - ramp.day <= 7 * (rises + 1), (baseline, runs)


def test_metatarsalgia_items_name_the_wider_toe_box():
    the_plan = plan("metatarsalgia", as_of=1)
    assert any(i.key == "fix" and "wider toe box" in i.dose for i in day(the_plan, 1).items)


def test_metatarsalgia_bridges_from_s1_like_every_tendon_plan_not_as_a_short_course():
    the_plan = plan("metatarsalgia", as_of=1)
    assert first(the_plan, lambda d: d.phase == Phase.WALK_RUN and d.run_minutes).stage == "S1"
    assert "short_course" not in rules(the_plan)
    assert any(i.key == "fix" for i in day(the_plan, 1).items)  # the toe box is still said


# -- pain at rest or walking above 2 once running has started: running waits ----------------

ACHILLES = "achilles-tendinopathy-midportion"


def test_pain_at_rest_above_two_holds_running_on_the_days_after_until_a_report_says_it_settled():
    reports = good_runner(ACHILLES, 15) + (
        report(16, pain_rest=5, pain_walking=5, pain_morning=0),
        report(17, pain_rest=4, pain_walking=3, pain_morning=0),
    )
    holding = plan(ACHILLES, *reports, as_of=19)  # days 18 and 19 unreported: no evidence yet
    assert [day(holding, n).run_minutes for n in range(16, 20)] == [0, 0, 0, 0]
    assert day(holding, 18).headline == "Running on hold: pain"
    assert "pain_hold" in rules(holding)

    settled = plan(ACHILLES, *reports, report(18, pain_rest=1, pain_walking=0), as_of=25)
    assert "pain_settled" in rules(settled)
    assert any(day(settled, n).run_minutes for n in range(18, 26))


def test_morning_pain_up_two_on_a_week_ago_holds_that_days_run_until_mornings_settle():
    # SPEC 3.3: morning pain must not rise week on week; up by 2+ is red. Told on the morning,
    # the plan must not keep that day's run, a new and longer stage.
    reports = good_runner(ACHILLES, 16) + (report(17, pain_rest=0, pain_walking=0, pain_morning=6),)
    holding = plan(ACHILLES, *reports, as_of=17)
    assert day(plan(ACHILLES, *reports[:-1], as_of=16), 17).run_minutes  # a run was planned
    assert [day(holding, n).run_minutes for n in (17, 18)] == [0, 0]
    [hold] = [d for d in holding.decisions if d.rule == "pain_hold"]
    assert hold.date == on(17) and "Morning pain 6/10" in hold.message and "up by 6" in hold.message

    better = report(18, pain_rest=0, pain_walking=0, pain_morning=1)
    settled = plan(ACHILLES, *reports, better, as_of=25)
    assert "pain_settled" in rules(settled)
    assert any(day(settled, n).run_minutes for n in range(18, 26))
    still = report(18, pain_rest=0, pain_walking=0, pain_morning=5)
    held = plan(ACHILLES, *reports, still, as_of=18)
    assert "pain_settled" not in rules(held) and not day(held, 18).run_minutes


def test_steady_morning_stiffness_does_not_hold_running():
    steady = tuple(
        report(n, pain_rest=0, pain_walking=0, pain_running=r.pain_running, pain_morning=2)
        for n, r in enumerate(good_runner(ACHILLES, 16), start=1)
    )
    plan_of_steady = plan(ACHILLES, *steady, as_of=16)
    assert "pain_hold" not in rules(plan_of_steady)


def pain_free_to_day_16() -> list:
    """Pain-free reports every day to day 16, with the test (day 8) and walk-runs run."""
    runs = {8, 10, 12, 15}
    return [
        report(
            n, pain_rest=0, pain_walking=0, pain_running=0 if n in runs else None, pain_morning=0
        )
        for n in range(1, 17)
    ]


def test_a_run_on_a_day_with_pain_at_rest_above_two_does_not_pass_its_stage():
    reports = pain_free_to_day_16()
    reports += [
        report(17, pain_rest=8, pain_walking=8, pain_running=0, pain_morning=0),
        report(18, pain_rest=8, pain_walking=8, pain_morning=0),
    ]
    the_plan = plan(ACHILLES, *reports, as_of=19)
    assert day(the_plan, 17).run_minutes  # run before the pains were reported: it stays
    assert day(the_plan, 18).run_minutes == day(the_plan, 19).run_minutes == 0
    repeat = next(d for d in the_plan.decisions if d.rule == "amber_repeat")
    assert repeat.date == on(18) and "pain at rest or walking was above 2" in repeat.message
    assert not any(d.rule == "stage_passed" and d.date >= on(18) for d in the_plan.decisions)


def test_the_hold_keeps_a_ramp_week_from_growing():
    reports = list(good_runner(ACHILLES, 35))
    ramp = plan(ACHILLES, *reports, as_of=35)
    assert day(ramp, 35).phase == Phase.RAMP
    reports += [
        report(36, pain_rest=7, pain_walking=7, pain_running=0, pain_morning=0),
        report(37, pain_rest=7, pain_walking=7, pain_morning=0),
    ]
    the_plan = plan(ACHILLES, *reports, as_of=38)
    assert day(the_plan, 37).run_minutes == day(the_plan, 38).run_minutes == 0
    assert "amber_hold" in rules(the_plan)


def test_two_reds_the_second_on_an_unplanned_run_bring_seven_whole_days_of_rehab():
    reports = pain_free_to_day_16()
    reports += [report(17, pain_running=6), report(21, pain_running=6)]  # day 21: no run planned
    the_plan = plan(ACHILLES, *reports, as_of=30)
    assert "two_reds" in rules(the_plan)
    assert [day(the_plan, n).phase for n in range(22, 29)] == [Phase.REHAB] * 7


def test_a_walk_run_stage_passes_only_once_the_next_morning_is_reported():
    reports = [
        report(n, pain_rest=0, pain_walking=0, pain_running=0 if n in (8, 9) else None)
        for n in range(1, 12)
    ] + [report(n, pain_morning=0) for n in range(1, 12) if n != 10]  # no morning on day 10
    the_plan = plan(ACHILLES, *reports, as_of=11, run_days=DAILY)
    missing = next(d for d in the_plan.decisions if d.rule == "no_evidence")
    assert missing.date == on(10) and "No morning pain score" in missing.message
    assert not any(d.rule == "stage_passed" for d in the_plan.decisions)


def test_the_test_passes_only_once_the_next_morning_is_reported():
    # docs/protocols.md: a pass is decided only once the next morning is in, as for a stage.
    days_1_to_7 = [report(n, pain_rest=1, pain_walking=1, pain_morning=1) for n in range(1, 8)]
    test = report(8, pain_rest=1, pain_walking=1, pain_running=0, pain_morning=1)
    unreported = plan(ACHILLES, *days_1_to_7, test, as_of=11)
    assert "test_passed" not in rules(unreported)
    assert not any(day(unreported, n).phase == Phase.WALK_RUN for n in (9, 10, 11))
    told = plan(ACHILLES, *days_1_to_7, test, report(9, pain_morning=1), as_of=11)
    assert "test_passed" in rules(told)


def test_a_ramp_week_with_no_pain_reported_repeats_instead_of_growing():
    # SPEC 3.1: progress needs evidence. Runs ticked off with no pain told are no evidence.
    from planner.model import Completion

    projected = plan("plantar-fasciitis", *good_runner("plantar-fasciitis", 60), as_of=60)
    ramp_start = first(projected, lambda d: d.phase == Phase.RAMP).day
    reports = good_runner("plantar-fasciitis", ramp_start)  # the last, up to the ramp
    runs = [d.date for d in projected.days if d.run_minutes and d.day <= ramp_start + 21]
    ticked = tuple(Completion(when, key) for when in runs for key in ("test", "walk-run", "run"))
    silent = plan("plantar-fasciitis", *reports, as_of=ramp_start + 21, completions=ticked)
    weeks: dict[int, float] = {}
    for d in silent.days:
        if d.ramp_week and d.day <= ramp_start + 21:
            weeks[d.ramp_week] = weeks.get(d.ramp_week, 0) + d.run_minutes
    assert weeks[1] == weeks[2] == weeks[3] > 0, weeks  # never grew
    held = [d for d in silent.decisions if d.rule == "no_evidence" and "ramp week" in d.message]
    assert held and "no pain was reported" in held[0].message.lower()


def test_a_short_courses_passed_test_says_running_starts_without_walk_breaks():
    """Seen in a review: a short course bridges from S6, a continuous run, yet its passed test
    said the walk-run starts there."""
    the_plan = plan("vamp-irritation", *good_runner("vamp-irritation", 10), as_of=10)
    (passed,) = [d for d in the_plan.decisions if d.rule == "test_passed"]
    assert "test passed, running starts at stage S6, a continuous run" in passed.message
    assert "walk-run" not in passed.message
