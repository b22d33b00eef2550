"""Workouts to the watch: a running day's FIT file on its day page and on Today, a zip of the
next 14 days, a clear 404 for a day without running; and the recorded actual beside the plan."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, timedelta

from garmin_fit_sdk import Decoder, Stream

import watch
from planner.workouts import session_of
from tests.watch.files import Part, fit_activity, run

TODAY = date(2025, 3, 20)  # tests.conftest.FIXED_NOW


def plan_of(app, plan_id):
    from web.core.db import session
    from web.services import builds
    from web.store.models import PlanRow

    with app.test_request_context():
        return builds.build_state(session().get(PlanRow, plan_id), "UTC", TODAY).plan


def running_days(plan, first: date, count: int) -> list[date]:
    days = [plan.day_on(first + timedelta(days=i)) for i in range(count)]
    return [d.date for d in days if d is not None and d.run_minutes]


def decoded(data: bytes) -> dict:
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def test_a_running_days_page_sends_its_workout_as_a_fit_file(app, client, plan_id):
    plan = plan_of(app, plan_id)
    when = running_days(plan, TODAY, 14)[0]
    page = client.get(f"/plans/{plan_id}/days/{when.isoformat()}").get_data(as_text=True)
    link = f"/plans/{plan_id}/days/{when.isoformat()}/workout.fit"
    assert "Send to watch (.fit)" in page and link in page
    response = client.get(link)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.ant.fit"
    name = watch.workout_file_name(when, session_of(plan.day_on(when)))
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    (workout,) = decoded(response.data)["workout_mesgs"]
    assert workout["wkt_name"].startswith(when.isoformat())


def test_a_day_without_running_has_no_workout_and_says_why(app, client, plan_id):
    plan = plan_of(app, plan_id)
    rest = next(
        TODAY + timedelta(days=i)
        for i in range(14)
        if not plan.day_on(TODAY + timedelta(days=i)).run_minutes
    )
    page = client.get(f"/plans/{plan_id}/days/{rest.isoformat()}").get_data(as_text=True)
    assert "Send to watch" not in page
    response = client.get(f"/plans/{plan_id}/days/{rest.isoformat()}/workout.fit")
    assert response.status_code == 404
    assert "has no running in the plan" in response.get_data(as_text=True)


def test_a_day_outside_the_plan_or_not_a_date_is_not_found(client, plan_id):
    assert client.get(f"/plans/{plan_id}/days/2024-01-01/workout.fit").status_code == 404
    assert "is outside the plan" in client.get(
        f"/plans/{plan_id}/days/2024-01-01/workout.fit"
    ).get_data(as_text=True)
    assert client.get(f"/plans/{plan_id}/days/tomorrow/workout.fit").status_code == 404


def test_the_zip_holds_the_running_days_of_the_next_14(app, client, plan_id):
    plan = plan_of(app, plan_id)
    response = client.get(f"/plans/{plan_id}/workouts.zip")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('-14-days.zip"')
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    expected = [
        watch.workout_file_name(d, session_of(plan.day_on(d)))
        for d in running_days(plan, TODAY, 14)
    ]
    assert sorted(names) == sorted(expected) and expected


def test_today_offers_its_workout_and_shows_the_recorded_run(app, client, walk_run_plan):
    page = client.get(f"/plans/{walk_run_plan}/today").get_data(as_text=True)
    assert f"/plans/{walk_run_plan}/days/{TODAY.isoformat()}/workout.fit" in page
    assert "Recorded:" not in page
    morning = fit_activity(Part(datetime(2025, 3, 20, 6, 30, tzinfo=UTC), (run(12),)))
    client.post(
        f"/plans/{walk_run_plan}/activities",
        data={"files": [(io.BytesIO(morning), "today.fit")]},
        content_type="multipart/form-data",
    )
    page = client.get(f"/plans/{walk_run_plan}/today").get_data(as_text=True)
    # a walk-run day: the recording is set beside the session with its walk breaks
    assert "12 min on the move" in page and "· planned 24 min with the walk breaks" in page


def test_the_watch_page_offers_the_zip_only_when_a_run_is_planned_in_it(app, client, plan_id):
    from tests.web.conftest import add_plan

    offered = client.get(f"/plans/{plan_id}/watch").get_data(as_text=True)
    runs = running_days(plan_of(app, plan_id), TODAY, 14)
    assert f'href="/plans/{plan_id}/workouts.zip"' in offered
    assert f"{len(runs)} running days, from" in offered
    resting = add_plan(
        app, "runner@example.com", condition="metatarsal-stress-fracture", onset=TODAY, start=TODAY
    )
    page = client.get(f"/plans/{resting}/watch").get_data(as_text=True)
    assert "workouts.zip" not in page and "No run is planned in the next 14 days" in page
    assert client.get(f"/plans/{resting}/workouts.zip").status_code == 404
