"""The plan's Settings page changes the routine from the runner's today: the days behind, their
reports and their ticks stay as they were (SPEC §3.1), the days ahead follow the new routine."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tests.web.conftest import add_plan, add_reports, green_week

TODAY = date(2025, 3, 20)  # the fixed clock's day, a Thursday
MON_WED_THU_FRI = (0, 2, 3, 4)
TUE_THU_SAT_SUN = ["1", "3", "5", "6"]


def built(app, plan_id: int):
    """The plan as the engine builds it today, from day one."""
    from web.core.db import session
    from web.services import builds
    from web.store.models import PlanRow

    with app.test_request_context():
        return builds.built(session().get(PlanRow, plan_id), TODAY, resume=False)


def stored(app, plan_id: int):
    from web.store import plans

    with app.test_request_context():
        return plans.spec_of(plans.plan_by_id(plan_id))


@pytest.fixture
def ticked_plan(app, auth):
    """A runner on Mon/Wed/Thu/Fri who reported a green week and ticked off every past run."""
    from web import store

    auth.signup()
    plan = add_plan(app, "runner@example.com", run_days=MON_WED_THU_FRI)
    add_reports(app, plan, green_week())
    _, projected = built(app, plan)
    with app.test_request_context():
        for day in projected.days:
            if day.date < TODAY and day.run_minutes:
                running = next(i for i in day.items if i.kind in ("run", "run_walk", "test"))
                store.logs.add_completion(plan, day.date, running.key)
    return plan


@pytest.fixture
def ramp_plan(app, auth):
    """A runner on Mon/Wed/Thu/Fri since 13 January, pain-free on every report: in the ramp."""
    from planner import build
    from planner.model import Log, Report

    auth.signup()
    onset = date(2025, 1, 13)
    plan = add_plan(app, "runner@example.com", onset=onset, start=onset, run_days=MON_WED_THU_FRI)
    runs = {d.date for d in build(stored(app, plan), Log(), onset).days if d.run_minutes}
    quiet = {"pain_rest": 0, "pain_walking": 0, "pain_morning": 0}
    reports = [
        Report(day, **quiet, pain_running=0 if day in runs else None)
        for day in (onset + timedelta(days=n) for n in range((TODAY - onset).days))
    ]
    add_reports(app, plan, reports)
    return plan


def change(client, plan_id: int, baseline: str = "30", run_days=TUE_THU_SAT_SUN):
    response = client.post(
        f"/plans/{plan_id}/settings",
        data={"baseline": baseline, "runs_per_week": str(len(run_days)), "run_days": run_days},
    )
    assert response.status_code == 302


def past(plan) -> tuple[list, list]:
    return (
        [d for d in plan.days if d.date < TODAY],
        [d for d in plan.decisions if d.date < TODAY],
    )


def test_new_run_days_leave_the_past_days_and_their_decisions_as_they_were(
    app, client, ticked_plan
):
    _, before = built(app, ticked_plan)
    change(client, ticked_plan)
    _, after = built(app, ticked_plan)
    assert past(after) == past(before)
    assert any(d.run_minutes for d in after.days if d.date < TODAY)


def test_new_run_days_leave_every_past_tick_on_an_item_of_its_day(app, client, ticked_plan):
    change(client, ticked_plan)
    log, after = built(app, ticked_plan)
    assert log.completions
    for tick in log.completions:
        assert tick.item in {item.key for item in after.day_on(tick.date).items}


def test_the_days_from_today_follow_the_new_run_days(app, client, ticked_plan):
    change(client, ticked_plan)
    _, after = built(app, ticked_plan)
    ahead = [d for d in after.days if d.date >= TODAY and d.run_minutes]
    assert ahead and all(d.date.weekday() in (1, 3, 5, 6) for d in ahead)
    said = [d for d in after.decisions if d.rule == "settings_changed"]
    assert [d.date for d in said] == [TODAY]


def test_a_lower_usual_week_leaves_the_past_ramp_days_as_they_were(app, client, ramp_plan):
    _, before = built(app, ramp_plan)
    assert any(d.phase == "ramp" and d.run_minutes for d in before.days if d.date < TODAY)
    change(client, ramp_plan, baseline="20", run_days=["0", "2", "3", "4"])
    _, after = built(app, ramp_plan)
    assert past(after) == past(before)
    assert stored(app, ramp_plan).baseline == 20.0


def test_several_changes_on_one_day_keep_one_earlier_routine_and_the_last_holds(
    app, client, ticked_plan
):
    change(client, ticked_plan, baseline="40")
    change(client, ticked_plan, baseline="25", run_days=["0", "2", "4"])
    spec = stored(app, ticked_plan)
    assert (spec.baseline, spec.run_days) == (25.0, (0, 2, 4))
    assert [(e.until, e.baseline, e.run_days) for e in spec.earlier] == [
        (TODAY, 30.0, MON_WED_THU_FRI)
    ]


def test_the_settings_hint_says_the_days_behind_and_their_ticks_stay(client, plan_id):
    page = " ".join(client.get(f"/plans/{plan_id}/settings").get_data(as_text=True).split())
    assert "A change holds from today" in page
    assert "The days behind you, your reports and your ticks stay as they were." in page


def test_a_coachs_change_of_an_athletes_run_days_holds_from_today_too(app, client):
    from tests.web.test_coach import coach_signup, managed_athlete, managed_plan

    coach_signup(client)
    plan = managed_plan(app, managed_athlete(client), run_days=MON_WED_THU_FRI)
    add_reports(app, plan, green_week())
    _, before = built(app, plan)
    change(client, plan)
    _, after = built(app, plan)
    assert past(after) == past(before)
    assert [e.until for e in stored(app, plan).earlier] == [TODAY]


def test_the_clearance_date_names_no_format_the_date_box_may_not_show(client, ticked_plan):
    """A date box shows the browser's own order (mm/dd/yyyy in the US): a hint saying
    YYYY-MM-DD beside it contradicted what the runner saw."""
    page = client.get(f"/plans/{ticked_plan}/settings").get_data(as_text=True)
    assert 'type="date"' in page and "YYYY-MM-DD" not in page
    assert "type it in the order the box shows" in page


def correct(client, plan_id: int, onset: str, start: str | None = None, baseline: str = "40"):
    """Send the settings form with a day the pain began and a first day (the same by default)."""
    return client.post(
        f"/plans/{plan_id}/settings",
        data={"onset": onset, "start": start or onset, "baseline": baseline, "runs_per_week": "4"},
    )


def test_a_plan_with_nothing_recorded_can_put_right_the_day_the_pain_began(app, client, plan_id):
    """A runner who picked the wrong day in the wizard: the plan is made again from the right
    one, day 1 on that date, as a new plan from the wizard would be."""
    assert correct(client, plan_id, "2025-03-10").status_code == 302
    spec = stored(app, plan_id)
    assert (spec.onset, spec.start, spec.baseline) == (date(2025, 3, 10), date(2025, 3, 10), 40)
    _, plan = built(app, plan_id)
    assert plan.days[0].date == date(2025, 3, 10) and plan.days[0].day == 1


def test_a_later_first_day_keeps_the_days_counted_from_the_pain(app, client, plan_id):
    assert correct(client, plan_id, "2025-03-05", start="2025-03-12").status_code == 302
    _, plan = built(app, plan_id)
    assert (plan.days[0].date, plan.days[0].day) == (date(2025, 3, 12), 8)


def test_the_first_days_stay_once_the_plan_holds_a_report(app, client, ticked_plan):
    page = client.get(f"/plans/{ticked_plan}/settings").get_data(as_text=True)
    assert 'name="onset"' not in page and 'name="start"' not in page
    assert "they stay as they are. If either is wrong," in " ".join(page.split())
    refused = correct(client, ticked_plan, "2025-03-10")
    assert refused.status_code == 400
    assert "can no longer change" in refused.get_data(as_text=True)
    assert stored(app, ticked_plan).onset == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("onset", "start", "said"),
    [
        ("2025-03-21", None, "cannot start in the future"),
        ("2024-02-01", None, "more than a year ago"),
        ("3/10/2025", "2025-03-10", "is not a date"),
        ("2025-03-08", "2025-03-05", "cannot start before the pain began"),
        ("2025-03-08", "2025-06-01", "Start within the next 60 days"),
    ],
)
def test_a_wrong_first_day_is_refused_and_keeps_what_was_typed(
    app, client, plan_id, onset, start, said
):
    refused = correct(client, plan_id, onset, start=start, baseline="45")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and said in page
    assert f'value="{onset}"' in page and 'value="45"' in page
    assert stored(app, plan_id).onset == date(2025, 3, 1)


def test_unchanged_first_days_keep_the_routine_change_from_today(app, client, ticked_plan):
    """The form sends the days it shows back: on a plan with records that is no correction."""
    response = client.post(
        f"/plans/{ticked_plan}/settings",
        data={"onset": "2025-03-01", "start": "2025-03-01", "baseline": "30", "runs_per_week": "4"},
    )
    assert response.status_code == 302
    assert [e.until for e in stored(app, ticked_plan).earlier] == [TODAY]


def test_a_coach_reads_where_to_start_a_new_plan_for_a_settled_athletes_plan(app, client):
    from tests.web.test_coach import coach_signup, managed_athlete, managed_plan

    coach_signup(client)
    plan = managed_plan(app, managed_athlete(client))
    add_reports(app, plan, green_week())
    page = " ".join(client.get(f"/plans/{plan}/settings").get_data(as_text=True).split())
    assert "start a new plan with the right ones from the athlete's page" in page


def test_corrected_dates_are_saved_with_the_plans_routine_when_the_form_sends_none(
    app, client, plan_id
):
    moved = client.post(
        f"/plans/{plan_id}/settings", data={"onset": "2025-03-10", "start": "2025-03-10"}
    )
    assert moved.status_code == 302
    spec = stored(app, plan_id)
    assert (spec.onset, spec.baseline, spec.runs_per_week) == (date(2025, 3, 10), 30.0, 4)


def test_a_clearance_sent_with_corrected_dates_waits_for_them_to_be_saved_first(app, client, auth):
    """It would be judged against the day the pain began before the correction: a clearance
    dated before the corrected injury went on the safety record."""
    auth.signup()
    plan = add_plan(app, "runner@example.com", condition="navicular-stress-fracture")
    form = {"onset": "2025-03-18", "start": "2025-03-18", "baseline": "30", "runs_per_week": "4"}
    cleared = {"clearance": "2025-03-02", "clearance_note": "Dr X"}
    refused = client.post(f"/plans/{plan}/settings", data={**form, **cleared})
    assert refused.status_code == 400
    assert "Save the corrected dates first" in refused.get_data(as_text=True)
    assert stored(app, plan).onset == date(2025, 3, 1)
    with app.test_request_context():
        assert not _clearances(plan)


def _clearances(plan_id: int) -> list:
    from web.store import logs

    return list(logs.lifting_events([plan_id])[plan_id][0])


def test_a_coach_may_not_rewrite_the_dates_of_an_athlete_with_their_own_login(app, client):
    from tests.web.test_coach import coach_signup, invite_link, join

    coach_signup(client)
    link = invite_link(client, name="Bo")
    athlete = app.test_client()
    join(athlete, link, "bo@example.com")
    plan = add_plan(app, "bo@example.com")
    page = client.get(f"/plans/{plan}/settings").get_data(as_text=True)
    assert 'name="onset"' not in page and "the athlete's own account" in page
    assert correct(client, plan, "2025-03-10").status_code == 403
    assert stored(app, plan).onset == date(2025, 3, 1)
    assert correct(athlete, plan, "2025-03-10").status_code == 302  # theirs to put right


def test_a_plan_cleared_on_its_older_single_date_keeps_its_dates(app, client, plan_id):
    from web.core.db import session
    from web.store.models import PlanRow

    with app.test_request_context():
        session().get(PlanRow, plan_id).clearance = date(2025, 3, 15)
        session().commit()
    assert correct(client, plan_id, "2025-03-10").status_code == 400
    assert stored(app, plan_id).onset == date(2025, 3, 1)


def test_a_correction_is_refused_when_a_report_was_saved_after_the_page_checked(app, plan_id):
    """The plan's row is locked before the check that counts, so no report slips in between."""
    from planner.model import Report
    from web.store import plans

    spec = replace(stored(app, plan_id), onset=date(2025, 3, 10), start=date(2025, 3, 10))
    add_reports(app, plan_id, [Report(date(2025, 3, 19), pain_rest=1)])
    with app.test_request_context():
        assert plans.correct_first_days(plans.plan_by_id(plan_id), spec) is False
    assert stored(app, plan_id).onset == date(2025, 3, 1)
