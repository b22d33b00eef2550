"""After the plan is complete: tender bone, a red run or pain at rest open it again; a run that
is only acceptable keeps it complete and says so."""

from __future__ import annotations

from planner import build
from planner.model import Log, Phase, PlanSpec, Protocol, Status
from tests.planner.helpers import ONSET, day, good_runner, on, plan, report, rules


def completed(condition: str, baseline: float = 20.0) -> tuple[int, tuple]:
    """The day the projected plan completes, and a pain-free runner's reports up to it."""
    projected = build(PlanSpec(condition, ONSET, baseline, "km"), Log(), ONSET)
    done = next(d.day for d in projected.days if d.phase == Phase.COMPLETE)
    return done, good_runner(condition, done, baseline=baseline)


def test_tender_bone_after_the_return_starts_it_over_under_the_bone_rules():
    done, reports = completed("posterior-tibial-tendinopathy")  # tender bone: the navicular
    tender = report(done + 1, flags=("focal_bone_tenderness",))
    the_plan = plan(
        "posterior-tibial-tendinopathy", *reports, tender, as_of=done + 3, baseline=20.0
    )
    assert the_plan.protocol == Protocol.BONE and the_plan.status == Status.ACTIVE
    for n in range(done + 1, done + 4):
        assert day(the_plan, n).phase == Phase.REHAB and day(the_plan, n).run_minutes == 0
        assert "referral:clearance" in {i.key for i in day(the_plan, n).items}
    assert not any(d.phase == Phase.COMPLETE for d in the_plan.days if d.date > on(done))


def test_a_red_run_after_the_return_opens_the_ramp_again_at_last_weeks_volume():
    done, reports = completed("vamp-irritation")
    red = report(done + 2, pain_rest=0, pain_walking=0, pain_running=7, pain_morning=0)
    the_plan = plan("vamp-irritation", *reports, red, as_of=done + 3, baseline=20.0)
    drop = next(d for d in the_plan.decisions if d.rule == "red_drop_back")
    assert "back to last week's volume" in drop.message
    after = [d for d in the_plan.days if d.date > on(done + 2)]
    assert after[0].phase == Phase.RAMP and any(d.run_minutes for d in after[:7])
    assert the_plan.status == Status.ACTIVE


def test_an_acceptable_run_after_the_return_keeps_the_plan_complete_and_says_hold_steady():
    done, reports = completed("vamp-irritation")
    amber = report(done + 2, pain_rest=0, pain_walking=0, pain_running=4, pain_morning=0)
    the_plan = plan("vamp-irritation", *reports, amber, as_of=done + 3, baseline=20.0)
    assert the_plan.status == Status.COMPLETE
    hold = next(d for d in the_plan.decisions if d.rule == "amber_hold")
    assert "keep your running where it is" in hold.message


def test_pain_at_rest_after_the_return_holds_running_until_it_settles():
    done, reports = completed("vamp-irritation")
    sore = report(done + 1, pain_rest=5, pain_walking=3, pain_morning=0)
    the_plan = plan("vamp-irritation", *reports, sore, as_of=done + 2, baseline=20.0)
    assert "pain_hold" in rules(the_plan)
    assert day(the_plan, done + 2).headline == "Running on hold: pain"
