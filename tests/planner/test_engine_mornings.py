"""The next morning counts: alone it can give a verdict, and a pass waits for it (issue 14, cases 1, 9)."""

from __future__ import annotations

from planner.model import Phase
from planner.wording import day_ref
from tests.planner.helpers import day, first, on, plan, report, rules

DAILY = tuple(range(7))
QUIET = [report(n, pain_rest=0, pain_walking=0, pain_morning=0) for n in range(8, 23)]
BONE_TEST = [report(22, pain_running=0), report(23, pain_morning=0)]
TENDON_TEST = [
    report(8, pain_rest=1, pain_walking=1, pain_running=1, pain_morning=0),
    report(9, pain_morning=0),
]


def bone(*reports, as_of: int):
    return plan(
        "metatarsal-stress-fracture", *QUIET, *BONE_TEST, *reports, as_of=as_of, run_days=DAILY
    )


def test_morning_site_pain_after_a_bone_session_with_no_running_score_steps_back():
    b1 = [
        report(24, pain_running=0),
        report(25, pain_morning=0),
        report(26, pain_running=0),
        report(27, pain_morning=0),
    ]
    b2 = first(bone(*b1, as_of=27), lambda d: d.stage == "B2" and d.run_minutes)
    the_plan = bone(*b1, report(b2.day + 1, pain_morning=3), as_of=b2.day + 1)
    step = next(d for d in the_plan.decisions if d.rule == "bone_pain_step_back")
    assert step.date == b2.date + (on(2) - on(1))
    assert "Pain 3/10 the morning after" in step.message and "2 rest days" in step.message
    assert "no_evidence" not in rules(the_plan)
    assert not day(the_plan, b2.day + 1).run_minutes and not day(the_plan, b2.day + 2).run_minutes
    assert first(the_plan, lambda d: d.date > b2.date and d.run_minutes).stage == "B1"


def test_morning_pain_up_by_five_after_a_tendon_session_with_no_running_score_is_red():
    the_plan = plan(
        "plantar-fasciitis",
        *TENDON_TEST,
        report(10, pain_morning=0),
        report(11, pain_morning=5),
        as_of=11,
        run_days=DAILY,
    )
    red = next(d for d in the_plan.decisions if d.rule == "red_step_back")
    assert red.date == on(11) and "Morning pain rose by 5 (to 5/10)" in red.message
    assert day(the_plan, 11).run_minutes == 0


def test_a_pass_is_decided_the_next_morning_and_not_before():
    session = report(10, pain_running=1, pain_morning=0)
    today = plan("plantar-fasciitis", *TENDON_TEST, session, as_of=10, run_days=DAILY)
    assert "stage_passed" not in rules(today)
    tomorrow = plan(
        "plantar-fasciitis",
        *TENDON_TEST,
        session,
        report(11, pain_morning=0),
        as_of=11,
        run_days=DAILY,
    )
    passed = next(d for d in tomorrow.decisions if d.rule == "stage_passed")
    assert passed.date == on(11)


def test_a_painful_next_morning_adds_a_decision_and_removes_none():
    session = report(10, pain_running=4, pain_morning=0)
    today = plan("plantar-fasciitis", *TENDON_TEST, session, as_of=10, run_days=DAILY)
    tomorrow = plan(
        "plantar-fasciitis",
        *TENDON_TEST,
        session,
        report(11, pain_morning=3),
        as_of=11,
        run_days=DAILY,
    )
    assert {d for d in today.decisions if d.date <= on(10)} <= set(tomorrow.decisions)
    said = [d.rule for d in tomorrow.decisions if d.date <= on(11)]
    assert said[-2:] == ["amber_repeat", "red_step_back"]
    assert day(tomorrow, 11).phase == Phase.WALK_RUN and not day(tomorrow, 11).run_minutes


def test_morning_pain_keeps_the_tendon_test_shut_even_with_rest_and_walking_at_one():
    the_plan = plan(
        "plantar-fasciitis", report(8, pain_rest=1, pain_walking=1, pain_morning=6), as_of=8
    )
    assert day(the_plan, 8).phase == Phase.REHAB
    waits = next(d for d in the_plan.decisions if d.rule == "test_waits")
    assert "on waking 6/10" in waits.message and "first thing in the morning" in waits.message


def test_morning_pain_keeps_the_bone_test_shut():
    quiet = [report(n, pain_rest=0, pain_walking=0) for n in range(8, 23)]
    the_plan = plan("metatarsal-stress-fracture", *quiet, report(22, pain_morning=2), as_of=22)
    assert day(the_plan, 22).phase == Phase.REHAB
    assert (
        "no pain on waking" in next(d for d in the_plan.decisions if d.rule == "test_waits").message
    )


def test_the_report_that_ends_a_waiting_streak_opens_the_test_and_says_so():
    the_plan = plan(
        "plantar-fasciitis",
        report(8, pain_rest=4, pain_walking=3),
        report(10, pain_rest=1, pain_walking=2, pain_morning=1),
        as_of=10,
    )
    assert [day(the_plan, n).phase for n in (8, 9, 10)] == [Phase.REHAB, Phase.REHAB, Phase.TEST]
    opens = the_plan.decisions_on(on(10))[0]
    assert opens.rule == "test_opens"
    assert opens.message == (
        "With pain at rest 1/10, walking 2/10 and on waking 1/10, "
        "the pain-free test can go ahead on Wednesday 11 March."
    )


def test_a_morning_up_on_a_week_ago_keeps_the_tendon_test_shut_as_its_verdict_would_fail_it():
    """Found by the flag-lift property: the test opened on a morning 2/10 against 0/10 a week
    before, and its verdict failed it at once on that same morning; a review found a rise of 1
    does the same (amber fails a test)."""
    week_ago = report(8, pain_rest=3, pain_walking=0, pain_morning=0)  # the test waits
    up = report(15, pain_rest=0, pain_walking=0, pain_morning=2)
    the_plan = plan("plantar-fasciitis", week_ago, up, as_of=15, run_days=DAILY)
    assert day(the_plan, 15).phase == Phase.REHAB and not day(the_plan, 15).run_minutes
    assert "test_opens" not in rules(the_plan)
    waits = [d for d in the_plan.decisions if d.rule == "test_waits"]
    assert [w.date for w in waits] == [on(8), on(15)]
    assert "Morning pain 2/10 is up by 2 on a week ago (0/10)" in waits[1].message
    # Up by 1 still waits; back where it was a week before, the test goes ahead.
    one = report(16, pain_rest=0, pain_walking=0, pain_morning=1)
    assert day(plan("plantar-fasciitis", week_ago, up, one, as_of=16), 16).phase == Phase.REHAB
    back = report(17, pain_rest=0, pain_walking=0, pain_morning=0)
    later = plan("plantar-fasciitis", week_ago, up, one, back, as_of=17, run_days=DAILY)
    assert day(later, 17).phase == Phase.TEST


def test_a_test_done_and_then_reported_with_a_morning_up_is_judged_not_taken_away():
    """Found in a review: the report of a test already run (its morning up by 2 on a week ago)
    turned the test day into rehab, called the test a run off the plan and opened the test again
    the next day; the test failed before, as its verdict says."""
    week_ago = report(1, pain_morning=0)
    ready = report(7, pain_rest=0, pain_walking=0, pain_morning=0)
    ran = report(8, pain_rest=0, pain_walking=0, pain_morning=2, pain_running=1)
    after = report(9, pain_rest=0, pain_walking=0, pain_morning=1)
    the_plan = plan("plantar-fasciitis", week_ago, ready, ran, after, as_of=9, run_days=DAILY)
    assert day(the_plan, 8).phase == Phase.TEST
    assert "unplanned_run" not in rules(the_plan)
    (judged,) = [d for d in the_plan.decisions if d.rule == "test_opens"]
    assert judged.message.startswith(f"The run of {day_ref(on(8))} is judged as the pain-free test")
    assert "can go ahead" not in judged.message
    failed = next(d for d in the_plan.decisions if d.rule == "test_failed")
    assert "Morning pain is up by 2 on a week ago" in failed.message
    assert not any(day(the_plan, n).run_minutes for n in (9, 10, 11))


def test_a_wait_for_the_morning_then_for_pain_again_says_the_pain():
    """Found in a review: once the pain's reason had been said in a streak, a wait that went
    back to pain kept the morning's reason as its last word."""
    reports = (
        report(1, pain_morning=0),
        report(8, pain_rest=3, pain_walking=0, pain_morning=0),
        report(15, pain_rest=0, pain_walking=0, pain_morning=1),
        report(16, pain_rest=4, pain_walking=0, pain_morning=0),
    )
    the_plan = plan("plantar-fasciitis", *reports, as_of=16, run_days=DAILY)
    waits = [d for d in the_plan.decisions if d.rule == "test_waits"]
    assert [w.date for w in waits] == [on(8), on(15), on(16)]
    assert waits[-1].message.startswith("Pain at rest 4/10")
