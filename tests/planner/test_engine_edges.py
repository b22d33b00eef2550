"""Edge cases a physiotherapist would try: late red flags, small weeks, missing mornings, odd dates."""

from __future__ import annotations

from datetime import date

import pytest

from planner.errors import InputError
from planner.logio import log_from_dict
from planner.model import ItemKind, Phase, Status
from planner.validation import check_spec, parse_date, parse_flags, parse_volume
from tests.planner.helpers import ONSET, day, first, on, plan, report, rules

DAILY = tuple(range(7))


def green_log(condition: str, until: int, **spec: object) -> list:
    """Reports that pass every gate of the projected plan up to day `until`."""
    projected = plan(condition, as_of=1, **spec)
    reports = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(1, until + 1)]
    reports += [
        report(d.day, pain_running=0) for d in projected.days if d.run_minutes and d.day <= until
    ]
    return reports


def test_a_new_red_flag_on_a_halted_plan_adds_its_referral():
    the_plan = plan(
        "plantar-fasciitis",
        report(4, flags=["swelling_bruising"]),
        report(6, flags=["calf_swelling"]),
        as_of=6,
    )
    assert [d.rule for d in the_plan.decisions].count("red_flag") == 2
    assert "Urgent" in the_plan.decisions[-1].message
    assert any(i.key == "referral:calf_swelling" for i in day(the_plan, 6).items)


def test_a_red_flag_after_completion_halts_the_plan():
    projected = plan("plantar-fasciitis", as_of=1, baseline=20.0)
    done = next(d for d in projected.days if d.phase == Phase.COMPLETE).day
    reports = green_log("plantar-fasciitis", done, baseline=20.0)
    the_plan = plan(
        "plantar-fasciitis",
        *reports,
        report(done + 3, flags=["calf_swelling"]),
        as_of=done + 3,
        baseline=20.0,
    )
    assert the_plan.status == Status.HALTED
    assert day(the_plan, done + 3).phase == Phase.HALTED


def test_a_red_flag_between_onset_and_a_later_start_still_halts():
    the_plan = plan("plantar-fasciitis", report(8, flags=["calf_swelling"]), as_of=10, start=on(10))
    assert the_plan.status == Status.HALTED and the_plan.days[0].date == on(10)


def test_a_red_run_in_the_first_ramp_week_drops_to_the_last_bridge_week_and_the_plan_still_ends():
    projected = plan("plantar-fasciitis", as_of=1)
    ramp = first(projected, lambda d: d.phase == Phase.RAMP and d.run_minutes)
    reports = green_log("plantar-fasciitis", ramp.day - 1) + [report(ramp.day, pain_running=7)]
    the_plan = plan("plantar-fasciitis", *reports, as_of=ramp.day)
    drop = next(d for d in the_plan.decisions if d.rule == "red_drop_back")
    assert "(0 min" not in drop.message
    assert all(d.run_minutes >= 10 for d in the_plan.days if d.run_minutes)
    assert the_plan.days[-1].phase == Phase.COMPLETE


@pytest.mark.parametrize(
    ("baseline", "unit", "runs"),
    [(4.0, "km", 4), (20.0, "min", 7), (3.0, "mi", 1), (20.0, "km", 7)],
)
def test_small_weeks_still_reach_the_goal(baseline, unit, runs):
    projected = plan("plantar-fasciitis", as_of=1, baseline=baseline, unit=unit, runs_per_week=runs)
    assert projected.days[-1].phase == Phase.COMPLETE


def test_pain_at_rest_above_two_during_the_bridge_stops_running_that_day_and_says_why():
    reports = green_log("plantar-fasciitis", 9, run_days=DAILY) + [report(11, pain_rest=4)]
    the_plan = plan("plantar-fasciitis", *reports, as_of=11, run_days=DAILY)
    assert "pain_hold" in rules(the_plan)
    assert day(the_plan, 11).run_minutes == 0


def test_morning_pain_creeping_up_week_on_week_is_not_green():
    reports = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(1, 9)]
    reports += [report(8, pain_running=0), report(9, pain_morning=0)]  # the test settled
    reports += [report(15, pain_morning=2), report(16, pain_running=1)]
    the_plan = plan("plantar-fasciitis", *reports, as_of=17, run_days=DAILY)
    assert any("on a week ago" in d.message for d in the_plan.decisions)


def test_bone_sessions_need_the_next_mornings_report_to_count_as_clean():
    reports = [report(n, pain_rest=0, pain_walking=0) for n in range(8, 23)] + [
        report(22, pain_running=0)
    ]
    the_plan = plan("metatarsal-stress-fracture", *reports, as_of=24)
    missing = next(d for d in the_plan.decisions if d.rule == "no_evidence")
    assert "morning" in missing.message


def test_the_bone_test_needs_reported_pain_free_days_not_silence():
    the_plan = plan(
        "metatarsal-stress-fracture",
        report(1, pain_rest=6, pain_walking=7),
        report(21, pain_rest=0, pain_walking=0),
        as_of=22,
    )
    assert day(the_plan, 22).phase == Phase.REHAB
    assert "test_waits" in rules(the_plan)


def test_high_risk_bone_shows_the_referral_from_day_one():
    the_plan = plan("navicular-stress-fracture", as_of=1)
    assert any(i.kind == ItemKind.REFERRAL for i in day(the_plan, 1).items)
    assert {"clearance_needed", "bone_referral"} <= {d.rule for d in the_plan.decisions_on(on(1))}


@pytest.mark.parametrize("clearance", ["1999-01-01", "2026-04-30"])
def test_a_clearance_before_onset_or_in_the_future_is_refused(clearance):
    with pytest.raises(InputError) as error:
        log_from_dict({"clearance": clearance}, onset=ONSET, as_of=on(20))
    assert error.value.field == "clearance"


def test_a_session_on_the_as_of_day_without_a_report_yet_is_projected_not_missed():
    the_plan = plan("plantar-fasciitis", report(8, pain_rest=1, pain_walking=1), as_of=8)
    assert day(the_plan, 8).phase == Phase.TEST
    assert "no_evidence" not in rules(the_plan)
    assert day(the_plan, 9).phase == Phase.WALK_RUN


@pytest.mark.parametrize("flags", [[[]], [{"a": 1}], [3]])
def test_flags_that_are_not_names_are_refused(flags):
    with pytest.raises(InputError):
        parse_flags(flags)


@pytest.mark.parametrize("text", ["9999-12-31", "0001-01-01"])
def test_dates_far_outside_any_plan_are_refused(text):
    with pytest.raises(InputError):
        parse_date("onset", text)


def test_a_start_years_after_the_onset_is_refused():
    from planner.model import PlanSpec

    spec = PlanSpec("not-sure", date(2026, 3, 1), 30.0, "km", start=date(2028, 3, 1))
    with pytest.raises(InputError) as error:
        check_spec(spec, as_of=date(2026, 3, 10))
    assert error.value.field == "start"


@pytest.mark.parametrize(
    ("onset", "start", "field"),
    [(date(2023, 6, 1), None, "onset"), (date(2023, 6, 1), date(2024, 3, 1), "start")],
)
def test_a_plan_that_would_be_over_before_today_is_refused(onset, start, field):
    from planner.model import PlanSpec

    spec = PlanSpec("achilles-tendinopathy-midportion", onset, 30.0, "km", start=start)
    with pytest.raises(InputError) as error:
        check_spec(spec, as_of=date(2026, 3, 10))
    assert error.value.field == field and "professional" in error.value.message
    from planner import build
    from planner.model import Log

    later = PlanSpec("achilles-tendinopathy-midportion", date(2024, 3, 20), 30.0, "km")
    made = build(check_spec(later, as_of=date(2026, 3, 10)), Log(), date(2026, 3, 10))
    assert made.day_on(date(2026, 3, 10)) is not None  # two years less ten days: still a plan


def test_a_week_under_twenty_minutes_is_refused():
    with pytest.raises(InputError) as error:
        parse_volume("weekly_volume", "2", "km")
    assert "20 minutes" in error.value.message


def test_a_test_day_not_yet_reported_gets_no_decision_that_pretends_it_passed():
    the_plan = plan("plantar-fasciitis", report(8, pain_rest=1, pain_walking=1), as_of=8)
    assert not [d for d in the_plan.decisions if "projected" in d.message]
    assert "test_passed" not in rules(the_plan)


def test_fewer_run_days_than_runs_per_week_is_refused():
    from planner.model import PlanSpec

    spec = PlanSpec(
        "plantar-fasciitis", date(2026, 3, 1), 30.0, "km", runs_per_week=5, run_days=(2,)
    )
    with pytest.raises(InputError) as error:
        check_spec(spec, as_of=date(2026, 3, 10))
    assert error.value.field == "run_days"


def test_the_week_after_a_red_run_in_the_ramp_asks_for_no_run_as_long_as_the_one_that_hurt():
    projected = plan("achilles-tendinopathy-midportion", as_of=1)
    weeks: dict[int, list] = {}
    for d in projected.days:
        if d.phase == Phase.RAMP and d.run_minutes:
            weeks.setdefault(d.ramp_week, []).append(d)
    hurt = weeks[3][1]  # the second run of ramp week 3: longer than any run before it
    reports = green_log("achilles-tendinopathy-midportion", hurt.day - 1)
    reports.append(report(hurt.day, pain_rest=0, pain_walking=0, pain_running=6, pain_morning=0))
    reports += [
        report(n, pain_rest=0, pain_walking=0, pain_running=0, pain_morning=0)
        for n in range(hurt.day + 1, hurt.day + 15)
    ]
    the_plan = plan("achilles-tendinopathy-midportion", *reports, as_of=hurt.day + 14)
    assert any(d.rule == "red_drop_back" for d in the_plan.decisions)
    after = next(
        d.ramp_week
        for d in the_plan.days
        if d.date > hurt.date and d.ramp_week != 3 and d.ramp_week
    )
    longest_before = max(d.run_minutes for d in weeks[2])
    next_week = [d.run_minutes for d in the_plan.days if d.ramp_week == after and d.run_minutes]
    assert next_week and max(next_week) <= longest_before < hurt.run_minutes
