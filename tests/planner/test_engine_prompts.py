"""Prompts to see a professional (issue 14 case 5): rising pain, rest pain after a week, old pain."""

from __future__ import annotations

from datetime import timedelta

import pytest

from planner import build
from planner.model import Log, PlanSpec, Report
from tests.planner.helpers import (
    ONSET,
    cleared,
    day,
    first,
    on,
    plan,
    report,
    rules,
    withdrawn,
)


@pytest.mark.parametrize("score", ["pain_rest", "pain_walking"])
def test_pain_rising_from_zero_over_three_reports_prompts_a_professional(score):
    reports = [report(n, **{score: value}) for n, value in ((4, 0), (5, 1), (6, 2))]
    the_plan = plan("plantar-fasciitis", *reports, as_of=6)
    prompt = next(d for d in the_plan.decisions if d.rule == "pain_rising")
    assert prompt.date == on(6) and "(0 → 1 → 2/10)" in prompt.message
    assert "see a doctor or physiotherapist" in prompt.message
    assert any(i.key == "note:pain-rising" for i in day(the_plan, 6).items)


def test_pain_that_goes_up_and_down_is_not_rising():
    reports = [report(n, pain_rest=value) for n, value in ((4, 1), (5, 2), (6, 2), (7, 3))]
    assert "pain_rising" not in rules(plan("plantar-fasciitis", *reports, as_of=7))


def test_pain_at_rest_that_began_at_zero_and_is_not_lower_after_fourteen_days_is_no_improvement():
    the_plan = plan("plantar-fasciitis", report(2, pain_rest=0), report(16, pain_rest=2), as_of=16)
    assert "no_improvement" in rules(the_plan)


def test_still_hurting_at_rest_after_a_week_prompts_a_sports_doctor_once():
    reports = [report(n, pain_rest=1) for n in range(1, 12)]
    the_plan = plan("plantar-fasciitis", *reports, as_of=11)
    prompts = [d for d in the_plan.decisions if d.rule == "rest_pain_week"]
    assert len(prompts) == 1 and prompts[0].date == on(8) and "sports doctor" in prompts[0].message
    # 1/10 is within the training limits (the chips call it fine): the prompt says why it still asks.
    assert "Even mild pain at rest is worth a check" in prompts[0].message


def test_no_rest_pain_after_a_week_gives_no_prompt():
    the_plan = plan("plantar-fasciitis", *[report(n, pain_rest=0) for n in range(1, 12)], as_of=11)
    assert "rest_pain_week" not in rules(the_plan)


def test_a_plan_whose_pain_began_months_ago_prompts_at_once():
    start = ONSET + timedelta(days=90)
    spec = PlanSpec("plantar-fasciitis", ONSET, 40.0, "km", start=start)
    the_plan = build(spec, Log(reports=(Report(start, pain_rest=2, pain_walking=3),)), start)
    prompt = next(d for d in the_plan.decisions if d.rule == "long_standing")
    assert prompt.date == start and "12 weeks ago" in prompt.message and "now" in prompt.message


def test_pain_only_on_waking_weeks_after_onset_prompts_to_see_someone_now():
    start = ONSET + timedelta(days=90)
    spec = PlanSpec("plantar-fasciitis", ONSET, 40.0, "km", start=start)
    morning = Report(start, pain_rest=0, pain_walking=0, pain_morning=4)
    the_plan = build(spec, Log(reports=(morning,)), start)
    prompt = next(d for d in the_plan.decisions if d.rule == "long_standing")
    assert prompt.date == start and "still there (4/10)" in prompt.message


def test_no_improvement_compares_with_the_pain_at_the_plans_start_not_with_older_reports():
    # The pain began on day 1; the plan starts on day 10, when it was down to 3 at rest.
    reports = [report(2, pain_rest=6), report(10, pain_rest=3), report(24, pain_rest=3)]
    the_plan = plan("plantar-fasciitis", *reports, as_of=24, start=on(10))
    prompt = next(d for d in the_plan.decisions if d.rule == "no_improvement")
    assert "not lower than the 3/10 at the start 14 days ago" in prompt.message


def _test_day_with(pain_running: int, condition: str = "plantar-fasciitis"):
    """A plan whose pain-free test (day 8) is reported with `pain_running` during the jog."""
    calm = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(4, 8)]
    test = report(8, pain_rest=0, pain_walking=0, pain_morning=0, pain_running=pain_running)
    return plan(condition, *calm, test, as_of=8)


@pytest.mark.parametrize("score", [7, 10])
def test_severe_pain_on_a_run_prompts_a_professional_beside_the_step_back(score):
    the_plan = _test_day_with(score)
    prompt = next(d for d in the_plan.decisions if d.rule == "severe_run_pain")
    assert prompt.date == on(8) and f"{score}/10" in prompt.message
    assert "book a doctor or physiotherapist to find out why" in prompt.message
    assert "if a run hurts like this again, stop and do not run again until" in prompt.message
    assert "test_failed" in rules(the_plan)  # the step back still happens
    assert any(i.key == "note:severe-pain" for i in day(the_plan, 8).items)


def test_pain_above_the_limit_but_not_severe_steps_back_without_a_referral():
    the_plan = _test_day_with(6)
    assert "test_failed" in rules(the_plan) and "severe_run_pain" not in rules(the_plan)


CALM = tuple(report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(4, 8))
HURT = report(8, pain_rest=0, pain_walking=0, pain_morning=0, pain_running=8)
SETTLED = tuple(report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(9, 12))


def retest_day() -> int:
    projected = plan("plantar-fasciitis", *CALM, HURT, *SETTLED, as_of=11)
    return first(projected, lambda d: d.day > 8 and d.phase == "test").day


def hurt_again(n: int, **more: object) -> Report:
    return report(n, pain_rest=0, pain_walking=0, pain_morning=0, pain_running=7, **more)


def test_severe_pain_on_a_run_twice_within_two_weeks_stops_the_plan_until_a_clearance():
    n = retest_day()
    the_plan = plan("plantar-fasciitis", *CALM, HURT, *SETTLED, hurt_again(n), as_of=n)
    stop = next(d for d in the_plan.decisions if d.rule == "severe_pain_again")
    assert stop.date == on(n) and "second time in two weeks" in stop.message
    assert the_plan.status == "halted"
    assert not any(d.run_minutes for d in the_plan.days if d.day > n)
    resumed = plan(
        "plantar-fasciitis",
        *CALM,
        HURT,
        *SETTLED,
        hurt_again(n),
        as_of=n + 2,
        clearances=(cleared(n + 1, "physio"),),
    )
    assert resumed.status == "active" and "clearance_resumes" in rules(resumed)


def test_severe_pain_a_clinician_has_seen_since_does_not_count_again():
    n = retest_day()
    seen = (cleared(9, "physio: a bruised heel"),)
    the_plan = plan(
        "plantar-fasciitis", *CALM, HURT, *SETTLED, hurt_again(n), as_of=n, clearances=seen
    )
    assert "severe_pain_again" not in rules(the_plan) and "severe_run_pain" in rules(the_plan)


def test_a_red_flag_withdrawn_does_not_wash_out_severe_pain_reported_beside_it():
    # The second severe pain came with a red flag, which stopped the plan first; the flag is
    # then recorded as a mistake, but no clinician saw the pain: the plan stays stopped.
    n = retest_day()
    flagged = hurt_again(n, flags=("swelling_bruising",))
    after = [report(k, pain_rest=0, pain_walking=0, pain_morning=0) for k in range(n + 1, n + 5)]
    the_plan = plan(
        "plantar-fasciitis",
        *CALM,
        HURT,
        *SETTLED,
        flagged,
        *after,
        as_of=n + 4,
        retractions=(withdrawn(n, "swelling_bruising", n + 1),),
    )
    assert "flag_withdrawn" in rules(the_plan) and the_plan.status == "halted"
    stop = next(d for d in the_plan.decisions if d.rule == "severe_pain_again")
    assert stop.date == on(n + 1)


def test_more_severe_pain_during_a_stop_never_makes_the_plan_less_strict():
    # Severe on day 8, a red flag stops the plan on day 9, severe again on day 10 (the second
    # in two weeks) and once more on day 25; the flag is withdrawn on day 27: still stopped.
    flag = report(9, pain_rest=0, pain_walking=0, pain_morning=0, flags=("swelling_bruising",))
    quiet = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(11, 25)]
    after = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(26, 30)]
    the_plan = plan(
        "plantar-fasciitis",
        *CALM,
        HURT,
        flag,
        hurt_again(10),
        *quiet,
        hurt_again(25),
        *after,
        as_of=29,
        retractions=(withdrawn(9, "swelling_bruising", 27),),
    )
    assert "flag_withdrawn" in rules(the_plan) and the_plan.status == "halted"


def test_severe_pain_reported_before_a_late_start_still_counts():
    early = report(16, pain_rest=0, pain_walking=0, pain_morning=0, pain_running=8)
    calm = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(17, 24)]
    projected = plan("plantar-fasciitis", early, *calm, as_of=23, start=on(20))
    test = first(projected, lambda d: d.day >= 20 and d.run_minutes)
    the_plan = plan(
        "plantar-fasciitis", early, *calm, hurt_again(test.day), as_of=test.day + 1, start=on(20)
    )
    assert the_plan.status == "halted" and "severe_pain_again" in rules(the_plan)
