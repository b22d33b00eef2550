"""Issue 20: every write that changes a plan queues one "your plan changed" message for a runner
who chose it, and a write that changes nothing queues none (web/services/plan_changes.py)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest

from planner.model import Report
from tests.api.conftest import Api, issue_token
from tests.reminders.conftest import AuthActions, deliveries, runner_with_plan
from tests.web.conftest import add_reports, import_log

PAINFUL = {"date": "2025-03-19", "pain_running": 6, "pain_morning": 5}


@pytest.fixture
def runner(app, clock):
    """A runner who chose to hear when the plan changes: their plan, an API client, a page
    client (logged in)."""
    plan = runner_with_plan(app, "runner@example.com", morning=False, change=True)
    page = app.test_client()
    AuthActions(page).login()
    return plan, Api(app.test_client(), issue_token(app, "runner@example.com")), page


def flagged(app, plan: int) -> None:
    """Store a red flag straight through the store: a halted plan, and no message yet."""
    add_reports(app, plan, [Report(date(2025, 3, 18), pain_rest=3, flags=("night_pain",))])


def test_a_clearance_sent_to_the_api_tells_the_change(app, runner):
    plan, api, _ = runner
    flagged(app, plan)
    cleared = api.post(f"/plans/{plan}/clearances", json={"date": "2025-03-20", "note": "Dr Lee"})
    assert cleared.status_code == 201
    (change,) = deliveries(app, "change")
    assert change.subject == plan and change.day == date(2025, 3, 20) and change.detail


def test_a_clearance_recorded_again_the_next_day_tells_nothing(app, runner, clock):
    plan, api, _ = runner
    flagged(app, plan)
    clear = {"date": "2025-03-20", "note": "Dr Lee"}
    assert api.post(f"/plans/{plan}/clearances", json=clear).status_code == 201
    clock.now += timedelta(days=1)  # a message a day at most: a new day could hold another
    assert api.post(f"/plans/{plan}/clearances", json=clear).status_code == 200
    assert len(deliveries(app, "change")) == 1


def test_a_retraction_on_the_page_tells_the_change(app, runner):
    plan, _, page = runner
    flagged(app, plan)
    form = {"date": "2025-03-18", "flag": "night_pain", "reason": "Pressed by mistake"}
    answer = page.post(f"/plans/{plan}/retractions", data={**form, "confirm": "yes"})
    assert answer.status_code == 302
    assert len(deliveries(app, "change")) == 1


def test_a_log_put_through_the_api_tells_the_change(app, runner):
    plan, api, _ = runner
    log = {"reports": [PAINFUL], "completions": []}
    assert api.put(f"/plans/{plan}/log", json=log).status_code == 200
    (change,) = deliveries(app, "change")
    assert change.detail


def test_an_empty_log_put_through_the_api_tells_nothing(app, runner):
    plan, api, _ = runner
    assert api.put(f"/plans/{plan}/log", json={"reports": [], "completions": []}).status_code == 200
    assert deliveries(app, "change") == []


def test_a_log_imported_on_the_page_tells_the_change(app, runner):
    plan, _, page = runner
    assert import_log(page, plan, {"reports": [PAINFUL], "completions": []}).status_code == 302
    assert len(deliveries(app, "change")) == 1


def test_a_painful_report_deleted_through_the_api_tells_the_change(app, runner):
    plan, api, _ = runner
    add_reports(app, plan, [Report(date(2025, 3, 19), pain_running=6, pain_morning=5)])
    assert api.delete(f"/plans/{plan}/reports/2025-03-19").status_code == 204
    assert len(deliveries(app, "change")) == 1


def test_a_deleted_plan_takes_the_messages_about_it_along(app, runner):
    plan, api, _ = runner
    painful = {**PAINFUL, "date": "2025-03-20", "note": "swollen after the hill"}
    assert api.post(f"/plans/{plan}/reports", json=painful).status_code in (200, 201)
    (change,) = deliveries(app, "change")
    assert change.detail  # the change's sentences: health details
    assert api.delete(f"/plans/{plan}").status_code == 204
    assert deliveries(app) == []


def test_deleting_a_report_that_is_not_there_tells_nothing(app, runner):
    plan, api, _ = runner
    assert api.delete(f"/plans/{plan}/reports/2025-03-19").status_code == 404
    assert deliveries(app, "change") == []


def test_a_new_calendar_time_changes_no_plan_and_tells_nothing(app, runner):
    plan, api, _ = runner
    assert api.patch(f"/plans/{plan}", json={"calendar_time": "06:30"}).status_code == 200
    assert deliveries(app, "change") == []


def test_a_clearance_recorded_through_the_api_on_a_halted_plan_tells_the_change(app, runner):
    plan, api, _ = runner
    flagged(app, plan)
    clearance = {"date": "2025-03-20", "note": "Dr Lee, sports physician"}
    assert api.post(f"/plans/{plan}/clearances", json=clearance).status_code == 201
    assert len(deliveries(app, "change")) == 1


def unplanned_run() -> bytes:
    from tests.watch.files import gpx_track, run

    return gpx_track(datetime(2025, 3, 19, 18, 0, tzinfo=UTC), (run(30),))


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_watch_upload_that_changes_the_plan_tells_it_once(app, runner, where):
    plan, api, page = runner
    files = {"files": [(io.BytesIO(unplanned_run()), "evening.gpx")]}
    if where == "page":
        sent = page.post(
            f"/plans/{plan}/activities", data=files, content_type="multipart/form-data"
        )
    else:
        sent = api.post(f"/plans/{plan}/activities", data=files, content_type="multipart/form-data")
    assert sent.status_code in (200, 201)
    assert len(deliveries(app, "change")) == 1


def test_a_runner_who_did_not_choose_it_hears_of_no_change(app, clock):
    plan = runner_with_plan(app, "runner@example.com", morning=False, change=False)
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    assert api.put(f"/plans/{plan}/log", json={"reports": [PAINFUL]}).status_code == 200
    assert deliveries(app, "change") == []


def test_a_report_on_the_page_after_viewing_today_tells_the_change_from_the_kept_plan(app, runner):
    """The plan before the report is the build kept for the Today page just viewed: the
    message holds the report's new decisions, and only those."""
    from tests.web.test_today import engine_plan

    plan, _, page = runner
    assert page.get(f"/plans/{plan}/today").status_code == 200  # keeps a build
    before = {d.message for d in engine_plan(app, plan).decisions}
    answer = page.post(f"/plans/{plan}/report", data=PAINFUL)
    assert answer.status_code == 302
    (change,) = deliveries(app, "change")
    told = change.detail.split("\n")
    assert change.day == date(2025, 3, 20) and any("19 March" in line for line in told)
    after = {d.message for d in engine_plan(app, plan).decisions}
    assert set(told) <= after - before
