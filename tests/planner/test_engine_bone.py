"""Bone rules, red flags, referrals and clearance (SPEC §3.3, §3.7)."""

from __future__ import annotations

import pytest

from planner.model import ItemKind, Phase, Status
from planner.protocol import RED_FLAGS
from planner.sessions import Evidence, Outcome, bone_verdict
from tests.planner.helpers import cleared as cleared_on
from tests.planner.helpers import (
    day,
    first,
    good_runner,
    on,
    plan,
    recorded,
    report,
    rules,
    withdrawn,
)

DAILY = tuple(range(7))
QUIET = [report(n, pain_rest=0, pain_walking=0) for n in range(8, 23)]
PASSED_TEST = report(22, pain_rest=0, pain_walking=0, pain_running=0, pain_morning=0)
NEXT_MORNING = report(23, pain_morning=0)


def clean(number: int) -> list:
    """A clean bone session: 0/10 during, and 0/10 the next morning."""
    return [report(number, pain_running=0), report(number + 1, pain_morning=0)]


@pytest.mark.parametrize(
    ("during", "after", "pending", "outcome"),
    [
        (0, 0, False, Outcome.GREEN),
        (0, None, True, Outcome.GREEN),
        (1, None, True, Outcome.RED),
        (0, 1, False, Outcome.RED),
        (None, None, False, Outcome.MISSING),
        (0, None, False, Outcome.MISSING),  # clean needs the next morning's report too
    ],
)
def test_the_zero_pain_rule_allows_nothing_above_zero(during, after, pending, outcome):
    evidence = Evidence(on(30), "walk-run", during, 0, after, morning_pending=pending)
    assert bone_verdict(evidence).outcome == outcome


def test_bone_plans_do_not_test_before_day_22():
    projected = plan("metatarsal-stress-fracture", as_of=1)
    assert first(projected, lambda d: d.phase == Phase.TEST).day == 22


def test_bone_plans_need_fourteen_pain_free_days_before_the_test():
    the_plan = plan(
        "metatarsal-stress-fracture", *QUIET[:-1], report(20, pain_rest=1, pain_walking=0), as_of=22
    )
    assert day(the_plan, 22).phase == Phase.REHAB
    assert first(the_plan, lambda d: d.phase == Phase.TEST).date >= on(34)


def test_one_unreported_day_of_the_fourteen_holds_the_bone_test_until_it_is_reported():
    missed = [r for r in QUIET if r.date != on(15)]
    held = plan("metatarsal-stress-fracture", *missed, as_of=22)
    assert day(held, 22).phase == Phase.REHAB
    waits = next(d for d in held.decisions if d.rule == "test_waits")
    assert "each of them reported" in waits.message and "on its page" in waits.message
    filled_in = plan("metatarsal-stress-fracture", *QUIET, as_of=22)
    assert day(filled_in, 22).phase == Phase.TEST


def test_a_bone_test_day_stays_a_test_day_when_only_its_run_is_reported_on_it():
    the_plan = plan(
        "metatarsal-stress-fracture",
        *QUIET[:-1],  # days 8-21
        report(22, pain_running=0),
        report(23, pain_morning=0),
        as_of=23,
    )
    assert day(the_plan, 22).phase == Phase.TEST  # the past does not change
    assert "off_day_pain" not in rules(the_plan)


def test_the_bone_test_day_itself_may_be_reported_after_the_test_opens():
    before_today = plan("metatarsal-stress-fracture", *QUIET[:-1], as_of=22)
    assert day(before_today, 22).phase == Phase.TEST


def test_bone_walk_run_starts_at_b1_and_needs_two_clean_sessions_per_stage():
    the_plan = plan(
        "metatarsal-stress-fracture",
        *QUIET,
        PASSED_TEST,
        NEXT_MORNING,
        *clean(24),
        as_of=25,
        run_days=DAILY,
    )
    assert first(the_plan, lambda d: d.phase == Phase.WALK_RUN and d.run_minutes).stage == "B1"
    assert "clean_session" in rules(the_plan)
    runs = [d for d in the_plan.days if d.phase == Phase.WALK_RUN and d.run_minutes]
    assert [r.stage for r in runs[:3]] == ["B1", "B1", "B2"]


def test_high_risk_bone_needs_three_clean_sessions_per_stage_after_clearance():
    projected = plan("navicular-stress-fracture", as_of=1, clearance=1, run_days=DAILY)
    runs = [d for d in projected.days if d.phase == Phase.WALK_RUN and d.run_minutes]
    assert [r.stage for r in runs[:4]] == ["B1", "B1", "B1", "B2"]


def test_site_pain_stops_for_two_rest_days_and_resumes_one_stage_lower():
    projected = plan("metatarsal-stress-fracture", *QUIET, PASSED_TEST, as_of=22, run_days=DAILY)
    runs = [d for d in projected.days if d.phase == Phase.WALK_RUN and d.run_minutes]
    b2 = next(d for d in runs if d.stage == "B2")
    reports = [*QUIET, PASSED_TEST, NEXT_MORNING] + [
        r for d in runs if d.date < b2.date for r in clean(d.day)
    ]
    the_plan = plan(
        "metatarsal-stress-fracture",
        *reports,
        report(b2.day, pain_running=2),
        as_of=b2.day,
        run_days=DAILY,
    )
    step = next(d for d in the_plan.decisions if d.rule == "bone_pain_step_back")
    assert "2 rest days" in step.message and "B1" in step.message
    assert day(the_plan, b2.day + 1).run_minutes == 0 and day(the_plan, b2.day + 2).run_minutes == 0
    assert first(the_plan, lambda d: d.date > b2.date and d.run_minutes).stage == "B1"


def test_the_same_bone_stage_failing_twice_halts_with_a_referral():
    reports = [
        *QUIET,
        PASSED_TEST,
        NEXT_MORNING,
        report(24, pain_running=1),
        report(27, pain_running=1),
    ]
    the_plan = plan("metatarsal-stress-fracture", *reports, as_of=30, run_days=DAILY)
    assert the_plan.status == Status.HALTED
    assert "bone_repeat_failure" in rules(the_plan)


def test_pain_walking_after_running_has_started_halts_a_bone_plan():
    the_plan = plan(
        "metatarsal-stress-fracture",
        *QUIET,
        PASSED_TEST,
        NEXT_MORNING,
        report(24, pain_walking=2),
        as_of=24,
    )
    assert the_plan.status == Status.HALTED
    assert "bone_pain_walking" in rules(the_plan)


def test_not_sure_follows_the_stricter_bone_rules():
    assert plan("not-sure", as_of=1).protocol.value == "bone"


@pytest.mark.parametrize("flag", sorted(set(RED_FLAGS) - {"focal_bone_tenderness"}))
def test_every_red_flag_halts_the_plan_and_names_what_to_do(flag):
    the_plan = plan("plantar-fasciitis", report(5, flags=[flag]), as_of=6)
    halt = next(d for d in the_plan.decisions if d.rule == "red_flag")
    assert RED_FLAGS[flag].referral in halt.message
    assert the_plan.status == Status.HALTED
    assert day(the_plan, 5).phase == Phase.HALTED
    assert any(i.kind == ItemKind.REFERRAL for i in day(the_plan, 5).items)
    assert the_plan.days[-1].date <= on(18)
    assert not any(d.run_minutes for d in the_plan.days)


def test_focal_bone_tenderness_halts_a_bone_plan():
    the_plan = plan(
        "metatarsal-stress-fracture", report(5, flags=["focal_bone_tenderness"]), as_of=5
    )
    assert the_plan.status == Status.HALTED


def test_calf_swelling_says_urgent():
    the_plan = plan("plantar-fasciitis", report(5, flags=["calf_swelling"]), as_of=5)
    assert "Urgent" in the_plan.decisions[-1].message


@pytest.mark.parametrize(
    "condition", ["mortons-neuroma", "tarsal-tunnel-syndrome", "hallux-rigidus"]
)
def test_refer_conditions_show_the_referral_and_never_run(condition):
    the_plan = plan(condition, as_of=1)
    assert the_plan.status == Status.HALTED
    assert all(d.phase == Phase.HALTED and not d.run_minutes for d in the_plan.days)
    assert any(i.kind == ItemKind.REFERRAL for i in the_plan.days[0].items)
    assert "wider toe box" in the_plan.decisions[0].message


def test_high_risk_bone_without_clearance_never_schedules_running():
    the_plan = plan("navicular-stress-fracture", as_of=1)
    assert not any(d.run_minutes for d in the_plan.days)
    assert "clearance_needed" in rules(the_plan)
    assert any(i.title == "Clinician clearance needed" for i in the_plan.days[-1].items)


def test_high_risk_bone_walks_for_daily_life_only_and_rolls_nothing_until_cleared():
    waiting = day(plan("navicular-stress-fracture", as_of=1, clearance=20), 12)
    walk = next(i for i in waiting.items if i.key == "walk")
    assert walk.title == "Walking: daily life only" and "boot or crutches" in walk.how_to
    assert "foot-rolling" not in {i.exercise for i in waiting.items}
    cleared = day(plan("navicular-stress-fracture", as_of=1, clearance=20), 20)
    walk = next(i for i in cleared.items if i.key == "walk")
    assert walk.exercise == "brisk-walk" and "foot-rolling" in {i.exercise for i in cleared.items}


def test_high_risk_bone_builds_its_brisk_walk_from_the_start_only_once_cleared():
    reports = [report(n, pain_rest=0, pain_walking=0) for n in range(8, 50)]
    cleared = plan("navicular-stress-fracture", *reports, as_of=49, clearance=42)
    walks = [i.dose for n in range(42, 50) for i in day(cleared, n).items if i.key == "walk"]
    assert walks[0].startswith("10 min brisk")  # not 45: no walk was built while waiting


def test_a_cleared_high_risk_bone_plan_tests_only_after_its_walk_reached_30_min_pain_free():
    reports = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(1, 37)]
    cleared = plan("navicular-stress-fracture", *reports, as_of=36, clearance=22)
    test = first(cleared, lambda d: d.run_minutes)
    walks = [i.dose for d in cleared.days if d.date < test.date for i in d.items if i.key == "walk"]
    assert test.phase == Phase.TEST and walks[-1].startswith("30 min brisk")
    assert test.date > on(22 + 12)  # 10 min on the day of the clearance, +5 every 3 days
    opened = next(d for d in cleared.decisions if d.rule == "test_opens")
    assert "brisk walk built up to 30 min" in opened.message


def test_high_risk_bone_walking_pain_before_clearance_is_said_not_a_brisk_walk_hold():
    waiting = plan("navicular-stress-fracture", report(10, pain_rest=0, pain_walking=2), as_of=10)
    walk = next(i for i in day(waiting, 10).items if i.key == "walk")
    assert "walking hurts (2/10)" in walk.dose and "pain-free" not in walk.dose
    assert "walk_hold" not in rules(waiting)


def test_low_risk_bone_keeps_its_brisk_walk_before_any_clearance():
    walk = next(
        i for i in day(plan("metatarsal-stress-fracture", as_of=1), 12).items if i.key == "walk"
    )
    assert walk.exercise == "brisk-walk"


def test_high_risk_bone_with_a_clearance_runs_from_the_test_on():
    the_plan = plan("navicular-stress-fracture", as_of=1, clearance=20)
    assert first(the_plan, lambda d: d.run_minutes).phase == Phase.TEST


@pytest.mark.parametrize(
    "condition",
    [
        "metatarsal-stress-fracture",
        "not-sure",
        "navicular-stress-fracture",
        "stress-fracture-unknown-site",
    ],
)
def test_every_bone_plan_says_on_day_one_to_stop_running_and_get_imaging(condition):
    the_plan = plan(condition, as_of=1)
    referral = next(d for d in the_plan.decisions if d.rule == "bone_referral")
    assert referral.date == on(1)
    assert "stop running" in referral.message and "MRI" in referral.message
    assert "not a diagnosis" in referral.message
    # a high-risk site's clearance item asks for the imaging: one visit, one item
    imaging = [
        i for i in day(the_plan, 1).items if i.key in ("referral:imaging", "referral:clearance")
    ]
    assert (
        len(imaging) == 1
        and imaging[0].kind == ItemKind.REFERRAL
        and "X-ray, MRI or bone scan" in imaging[0].dose
    )


def test_the_imaging_referral_shows_until_the_test_passes_and_not_after():
    projected = plan("metatarsal-stress-fracture", as_of=1)
    before = [d for d in projected.days if d.phase in (Phase.REST, Phase.REHAB, Phase.TEST)]
    assert all(any(i.key == "referral:imaging" for i in d.items) for d in before)
    after = [d for d in projected.days if d.phase in (Phase.WALK_RUN, Phase.RAMP)]
    assert after and not any(i.key == "referral:imaging" for d in after for i in d.items)


def walk_dose(the_plan, number: int) -> str:
    return next(i.dose for i in day(the_plan, number).items if i.key == "walk")


def test_walking_pain_stops_the_brisk_walk_until_walking_is_pain_free():
    painful = [report(n, pain_rest=1, pain_walking=4) for n in range(1, 31)]
    the_plan = plan("metatarsal-stress-fracture", *painful, as_of=30)
    assert {walk_dose(the_plan, n) for n in range(4, 31)} == {walk_dose(the_plan, 4)}
    walk = next(i for i in day(the_plan, 4).items if i.key == "walk")
    assert walk.title == "Walking: daily life only" and walk.exercise is None
    assert walk.dose.startswith("Only what daily life needs") and "brisk walk" in walk.dose
    hold = [d for d in the_plan.decisions if d.rule == "walk_hold"]
    assert len(hold) == 1 and "no brisk walk" in hold[0].message
    assert "starts again at 10 min" in hold[0].message
    assert the_plan.status == Status.ACTIVE and not any(
        d.run_minutes for d in the_plan.days if d.day <= 30
    )


def test_the_walk_dose_says_walking_hurts_instead_of_pain_free_while_it_does():
    painful = [report(n, pain_rest=0, pain_walking=4) for n in range(1, 11)]
    the_plan = plan("metatarsal-stress-fracture", *painful, as_of=10)
    assert walk_dose(the_plan, 10) == (
        "Only what daily life needs; walking hurts (4/10), so no brisk walk until it is "
        "pain-free (then 10 min)"
    )
    assert "pain-free," not in walk_dose(the_plan, 10)


def test_the_brisk_walk_grows_again_once_walking_is_pain_free():
    reports = [report(n, pain_walking=3) for n in range(4, 10)] + [
        report(n, pain_walking=0) for n in range(10, 20)
    ]
    the_plan = plan("metatarsal-stress-fracture", *reports, as_of=19)
    assert walk_dose(the_plan, 9).endswith("(then 10 min)")
    assert walk_dose(the_plan, 10).startswith("10 min brisk")
    assert walk_dose(the_plan, 19).startswith("25 min")  # 9 pain-free days: three steps of 5 min
    assert "pain-free, building toward" in walk_dose(the_plan, 19)


def test_walking_that_hurts_more_than_yesterday_halts_a_bone_plan_with_a_referral_for_imaging():
    the_plan = plan("not-sure", report(5, pain_walking=2), report(6, pain_walking=3), as_of=6)
    assert the_plan.status == Status.HALTED
    halt = the_plan.decisions[-1]
    assert (
        halt.rule == "walking_pain_rising"
        and "MRI" in halt.message
        and "up from 2/10" in halt.message
    )
    assert any(i.key == "referral:walking" for i in day(the_plan, 6).items)


def ramp_weeks(the_plan) -> dict[int, list[float]]:
    weeks: dict[int, list[float]] = {}
    for d in the_plan.days:
        if d.ramp_week and d.run_minutes:
            weeks.setdefault(d.ramp_week, []).append(d.run_minutes)
    return weeks


def test_a_40_km_bone_plan_with_seven_run_days_and_perfect_reports_completes():
    # It stopped at the 730-day limit: daily running switched on and off with the last runs.
    the_plan = plan("metatarsal-stress-fracture", as_of=1, runs_per_week=7)
    assert the_plan.days[-1].phase == Phase.COMPLETE and the_plan.days[-1].day < 200


def test_once_bone_runs_reach_45_min_daily_running_stays_and_no_week_drops():
    the_plan = plan("metatarsal-stress-fracture", as_of=1, runs_per_week=7)
    weeks = ramp_weeks(the_plan)
    reached = min(k for k, runs in weeks.items() if max(runs) >= 45)
    later = [k for k in weeks if k > reached]
    assert max(len(weeks[k]) for k in later) == 7  # every day a run, once runs reached 45 min
    for k in later:
        assert len(weeks[k]) >= len(weeks[k - 1]) and sum(weeks[k]) >= sum(weeks[k - 1])


def test_daily_running_stays_allowed_when_runs_after_the_first_45_min_one_are_shorter():
    # Re-checked on the last 8 runs, a week of shorter recorded runs put the rest day between
    # runs back: runs were dropped, weeks shrank, and the next long run allowed daily runs again.
    mt, daily = "metatarsal-stress-fracture", {"runs_per_week": 7}
    projected = plan(mt, as_of=1, **daily)
    reached = next(d.day for d in projected.days if d.ramp_week and d.run_minutes >= 45)
    upto = reached + 14
    ran = tuple(
        recorded(d.day, d.run_minutes if d.day <= reached else 30)
        for d in projected.days
        if d.run_minutes and d.day <= upto
    )
    the_plan = plan(mt, *good_runner(mt, upto, **daily), as_of=upto, activities=ran, **daily)
    weeks = ramp_weeks(the_plan)
    week = day(the_plan, reached).ramp_week
    for k in (k for k in weeks if k > week):
        assert len(weeks[k]) >= len(weeks[k - 1]), f"ramp week {k} holds fewer runs"


def test_tender_bone_on_a_peroneal_plan_takes_the_high_risk_rules_clearance_first():
    reports = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(1, 61)]
    reports[9] = report(10, pain_rest=0, pain_walking=0, flags=["focal_bone_tenderness"])
    waiting = plan("peroneal-tendinopathy", *reports, as_of=60)
    switch = next(d for d in waiting.decisions if d.rule == "switch_to_bone")
    assert "the base of the fifth metatarsal" in switch.message and "cleared" in switch.message
    assert not any(d.run_minutes for d in waiting.days if d.day >= 10)
    assert day(waiting, 30).headline == "Rehab · waiting for clearance"
    cleared = plan("peroneal-tendinopathy", *reports, as_of=60, clearances=(cleared_on(35),))
    test = first(cleared, lambda d: d.day >= 10 and d.run_minutes)
    assert test.phase == Phase.TEST and test.day > 35
    assert "cleared" in rules(cleared)


def test_a_clearance_before_the_tender_bone_does_not_clear_the_bone():
    reports = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(1, 61)]
    reports[19] = report(20, pain_rest=0, pain_walking=0, flags=["focal_bone_tenderness"])
    the_plan = plan(
        "accessory-navicular-syndrome", *reports, as_of=60, clearances=(cleared_on(12),)
    )
    assert not any(d.run_minutes for d in the_plan.days if d.day >= 20)


@pytest.mark.parametrize("condition", ["accessory-navicular-syndrome", "peroneal-tendinopathy"])
def test_a_clearance_dated_the_day_of_the_tender_bone_does_not_clear_the_bone(condition):
    # A day's entries have no order: the clearance may be one given before the bone was found.
    reports = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(1, 61)]
    reports[19] = report(20, pain_rest=0, pain_walking=0, flags=["focal_bone_tenderness"])
    the_plan = plan(condition, *reports, as_of=60, clearances=(cleared_on(20),))
    assert not any(d.run_minutes for d in the_plan.days if d.day >= 20)
    assert "cleared" not in rules(the_plan)
    later = plan(condition, *reports, as_of=60, clearances=(cleared_on(21),))
    assert any(d.run_minutes for d in later.days if d.day > 21)


def test_the_test_day_asks_for_a_diagnosis_first_instead_of_saying_stop_running():
    reports = good_runner("metatarsal-stress-fracture", 60)
    the_plan = plan("metatarsal-stress-fracture", *reports, as_of=60)
    test = first(the_plan, lambda d: d.phase == Phase.TEST)
    [imaging] = [i for i in test.items if i.key == "referral:imaging"]
    assert "before this test jog" in imaging.dose and "Stop running" not in imaging.dose
    rest = day(the_plan, test.day - 1)
    assert any("Stop running" in i.dose for i in rest.items if i.key == "referral:imaging")


def test_a_clearance_ends_the_get_it_diagnosed_referral():
    cleared = plan("metatarsal-stress-fracture", as_of=30, clearance=20)
    assert any(i.key == "referral:imaging" for i in day(cleared, 19).items)
    assert not any(i.key == "referral:imaging" for d in cleared.days[19:] for i in d.items)


def test_a_run_on_the_day_tender_bone_switched_the_plan_is_not_called_unplanned():
    projected = plan("achilles-tendinopathy-midportion", as_of=1)
    run = first(projected, lambda d: d.phase == Phase.WALK_RUN and d.run_minutes)
    reports = list(good_runner("achilles-tendinopathy-midportion", run.day - 1))
    reports.append(report(run.day, pain_running=0, flags=["focal_bone_tenderness"]))
    switched = plan("achilles-tendinopathy-midportion", *reports, as_of=run.day)
    said = [d.message for d in switched.decisions if d.date == run.date]
    assert any("switched the plan to the bone rules" in m for m in said)
    assert not any("a day without a planned run" in m for m in said)


def pain_free(upto: int, **more: dict) -> list:
    """Reports of no pain at rest, walking or on waking every day to `upto`; `more` replaces
    a day's report: {day: report}."""
    reports = {
        n: report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(1, upto + 1)
    }
    return list((reports | more.get("days", {})).values())


def waiting_days(the_plan, after: int) -> list[int]:
    return [d.day for d in the_plan.days if d.day > after and "waiting for clearance" in d.headline]


def test_a_cleared_high_risk_plan_stays_cleared_after_a_run_before_the_test():
    ran = report(20, pain_rest=0, pain_walking=0, pain_running=0, pain_morning=0)
    the_plan = plan(
        "navicular-stress-fracture", *pain_free(40, days={20: ran}), as_of=40, clearance=10
    )
    assert waiting_days(the_plan, 10) == []


def test_a_withdrawn_red_flag_leaves_an_earlier_clearance_standing():
    night = report(20, pain_rest=0, pain_walking=0, pain_morning=0, flags=["night_pain"])
    the_plan = plan(
        "navicular-stress-fracture",
        *pain_free(40, days={20: night}),
        as_of=40,
        clearance=12,
        retractions=(withdrawn(20, "night_pain", 23),),
    )
    assert "flag_withdrawn" in rules(the_plan) and waiting_days(the_plan, 20) == []


def test_tender_bone_recorded_as_a_mistake_ends_the_wait_for_a_clearance():
    tender = report(20, pain_rest=0, pain_walking=0, flags=["focal_bone_tenderness"])
    the_plan = plan(
        "peroneal-tendinopathy",
        *pain_free(60, days={20: tender}),
        as_of=60,
        retractions=(withdrawn(20, "focal_bone_tenderness", 22),),
    )
    assert waiting_days(the_plan, 22) == [] and any(d.run_minutes for d in the_plan.days[22:])


def test_a_red_flag_halt_on_a_tendon_plan_over_a_high_risk_site_resumes_on_the_low_risk_rules():
    night = report(20, pain_rest=0, pain_walking=0, pain_morning=0, flags=["night_pain"])
    reports, clearances = pain_free(25, days={20: night}), (cleared_on(25),)
    for n in range(26, 91):  # a runner who runs the plan's runs, each pain-free
        today = day(plan("peroneal-tendinopathy", *reports, as_of=n, clearances=clearances), n)
        running = 0 if today.run_minutes else None
        reports.append(report(n, pain_rest=0, pain_walking=0, pain_running=running, pain_morning=0))
    the_plan = plan("peroneal-tendinopathy", *reports, as_of=90, clearances=clearances)
    assert "clearance_resumes" in rules(the_plan) and waiting_days(the_plan, 25) == []
    counted = [d.message for d in the_plan.decisions if "clean session 1 of" in d.message]
    assert counted and all("of 2" in m for m in counted)


def test_the_clearance_referral_of_a_switched_plan_names_the_high_risk_bone():
    tender = report(20, pain_rest=0, pain_walking=0, flags=["focal_bone_tenderness"])
    the_plan = plan("peroneal-tendinopathy", *pain_free(30, days={20: tender}), as_of=30)
    needed = next(d for d in the_plan.decisions if d.rule == "clearance_needed")
    assert needed.message.startswith("The tender bone is over the base of the fifth metatarsal")


def test_walking_pain_takes_the_brisk_walk_a_step_back_and_it_builds_to_30_min_again():
    hurt = report(16, pain_rest=0, pain_walking=2, pain_morning=0)
    # days 13-15 unreported: walking pain after them is not "more than days ago", which halts
    reports = [r for r in pain_free(60, days={16: hurt}) if not on(13) <= r.date <= on(15)]
    the_plan = plan("metatarsal-stress-fracture", *reports, as_of=60)
    before, during, after = (walk_dose(the_plan, n) for n in (15, 16, 17))
    # the pain day would have brought 30 min: the walk goes a step back from it instead
    assert int(after.split(" min")[0]) == int(before.split(" min")[0]) == 25
    assert during.endswith(f"(then {int(after.split(' min')[0])} min)")
    test = first(the_plan, lambda d: d.phase == Phase.TEST)
    walks = [int(walk_dose(the_plan, n).split(" min")[0]) for n in range(17, test.day)]
    assert walks[0] < 30 <= max(walks)  # built up to 30 min again after the pain, then the test


def test_a_run_on_the_day_a_clearance_lifts_a_stop_is_not_called_the_switch_day():
    both = report(30, pain_rest=0, pain_walking=0, flags=["focal_bone_tenderness", "night_pain"])
    ran = report(40, pain_rest=0, pain_walking=0, pain_running=0, pain_morning=0)
    the_plan = plan(
        "peroneal-tendinopathy",
        *pain_free(40, days={30: both, 40: ran}),
        as_of=40,
        clearances=(cleared_on(40),),
    )
    said = [d.message for d in the_plan.decisions if d.date == on(40)]
    assert said and not any("switched the plan" in m for m in said)


def test_a_bone_rehab_day_says_what_the_test_waits_for():
    headline = day(plan("metatarsal-stress-fracture", as_of=1), 10).headline
    assert headline == "Rehab · test after 14 pain-free days and a 30-min walk"


def test_a_run_reported_on_a_day_without_one_keeps_the_next_day_free_of_running():
    # Day 28, a Sunday, holds no run; the runner reports one anyway (no watch file).
    reports = [
        report(
            n,
            pain_rest=0,
            pain_walking=0,
            pain_running=0 if n in (22, 24, 26, 28) else None,
            pain_morning=0,
        )
        for n in range(1, 30)
    ]
    the_plan = plan("metatarsal-stress-fracture", *reports, as_of=29)
    assert day(the_plan, 28).run_minutes == 0  # not planned: reported all the same
    assert day(the_plan, 29).run_minutes == 0  # never on consecutive days


def test_a_failed_bone_test_names_its_retest_day_only_as_the_earliest():
    # The test on day 22 leaves pain on waking on day 23: the fourteen pain-free days start over.
    reports = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(1, 30)]
    reports += [report(22, pain_running=0), report(23, pain_morning=1)]
    the_plan = plan("metatarsal-stress-fracture", *reports, as_of=29)
    failed = next(d for d in the_plan.decisions if d.rule == "test_failed")
    assert "on Friday 27 March at the earliest" in failed.message
    retest = first(the_plan, lambda d: d.date > on(23) and d.phase == Phase.TEST and d.run_minutes)
    assert retest.date >= on(26)  # Friday 27 March 2026 is day 26
