"""Watch activities in the web app: stored once per plan, carried by the log's export and import
and by the account data export, and seen by the engine (a run on a rest day, the day's actual)."""

from __future__ import annotations

import io
import json
from datetime import date

from tests.web.conftest import import_log

RUN = {
    "id": "act-0123456789abcdef01234567",
    "date": "2025-03-18",
    "sport": "run",
    "moving_minutes": 21.5,
    "distance_km": 3.6,
    "longest_run_minutes": 21.5,
    "source": "morning.fit",
}
RIDE = {
    "id": "act-89abcdef0123456789abcdef",
    "date": "2025-03-19",
    "sport": "cycle",
    "moving_minutes": 40.0,
    "distance_km": None,
    "longest_run_minutes": None,
    "source": "ride.gpx",
}


def stored(app, plan_id):
    from web import store

    with app.test_request_context():
        return store.activities.activities_of([plan_id])[plan_id]


def test_an_imported_log_keeps_its_activities_and_the_export_gives_them_back(app, client, plan_id):
    response = import_log(client, plan_id, {"reports": [], "activities": [RUN, RIDE]})
    assert response.status_code == 302
    assert [a.id for a in stored(app, plan_id)] == [RUN["id"], RIDE["id"]]
    exported = client.get(f"/plans/{plan_id}/export.json").json
    assert exported["activities"] == [RUN, RIDE]


def test_importing_the_same_activities_again_adds_nothing(app, client, plan_id):
    import_log(client, plan_id, {"activities": [RUN]})
    preview = client.post(
        f"/plans/{plan_id}/import",
        data={"file": (io.BytesIO(json.dumps({"activities": [RUN]}).encode()), "l.json")},
        content_type="multipart/form-data",
    )
    assert "adds nothing new" in preview.get_data(as_text=True)
    assert len(stored(app, plan_id)) == 1


def test_an_import_shows_the_activities_it_adds(client, plan_id):
    preview = client.post(
        f"/plans/{plan_id}/import",
        data={
            "file": (
                io.BytesIO(json.dumps({"activities": [RUN, RIDE]}).encode()),
                "l.json",
            )
        },
        content_type="multipart/form-data",
    )
    assert "2 watch activities" in preview.get_data(as_text=True)


def test_a_bad_activity_in_a_log_is_named_and_nothing_is_stored(app, client, plan_id):
    bad = {**RUN, "moving_minutes": -3}
    response = import_log(client, plan_id, {"activities": [bad]})
    assert response.status_code == 400
    assert "Watch activity 1, moving minutes:" in response.get_data(as_text=True)
    assert stored(app, plan_id) == ()


def test_the_engine_sees_stored_activities_as_the_days_actual(app, client, plan_id):
    from web.services import builds

    import_log(client, plan_id, {"activities": [RUN, RIDE]})
    with app.test_request_context():
        from web.core.db import session
        from web.store.models import PlanRow

        row = session().get(PlanRow, plan_id)
        state = builds.build_state(row, "UTC", today=date(2025, 3, 20))
        run_day = state.plan.day_on(date(2025, 3, 18))
        ride_day = state.plan.day_on(date(2025, 3, 19))
    assert run_day.actual is not None and run_day.actual.run_minutes == 21.5
    assert ride_day.actual is not None and ride_day.actual.cross_train_minutes == 40.0
    assert ride_day.actual.run_minutes == 0


def test_the_account_data_export_carries_the_activities(client, plan_id):
    import_log(client, plan_id, {"activities": [RUN]})
    response = client.get("/auth/account/export.json")
    assert response.status_code == 200, response.status_code
    plans = response.json["plans"]
    assert plans[0]["log"]["activities"] == [RUN]


def test_the_csv_export_has_a_row_per_recorded_activity(client, plan_id):
    import csv

    import_log(client, plan_id, {"reports": [], "activities": [RUN, RIDE]})
    body = client.get(f"/plans/{plan_id}/export.csv").data.decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(body)) if r["record"] == "activity"]
    assert [(r["date"], r["sport"], r["minutes"], r["distance_km"]) for r in rows] == [
        ("2025-03-18", "run", "21.5", "3.6"),
        ("2025-03-19", "cycle", "40.0", ""),
    ]
    assert rows[0]["note"] == "morning.fit"


def test_an_imported_activity_dated_outside_the_plan_so_far_is_refused(app, client, plan_id):
    for when in ("2025-03-25", "2019-01-01"):
        response = import_log(client, plan_id, {"activities": [{**RUN, "date": when}]})
        assert response.status_code == 400
        assert f"Watch activity 1, date: {when} is outside the plan so far" in response.get_data(
            as_text=True
        )
    assert stored(app, plan_id) == ()


def test_an_imported_activity_that_differs_from_the_stored_one_of_its_id_is_refused(
    app, client, plan_id
):
    import_log(client, plan_id, {"activities": [RUN]})
    changed = {**RUN, "sport": "cycle", "moving_minutes": 90.0}
    response = import_log(client, plan_id, {"activities": [changed]})
    assert response.status_code == 400
    assert "is stored already with other values" in response.get_data(as_text=True)
    assert [a.moving_minutes for a in stored(app, plan_id)] == [21.5]


def test_an_imported_activity_stored_from_another_file_name_is_already_there(app, client, plan_id):
    import_log(client, plan_id, {"activities": [RUN]})
    from_the_zip = {**RUN, "source": "export.zip/morning.fit"}  # rtr import of the same file
    again = import_log(client, plan_id, {"activities": [from_the_zip]})
    assert again.status_code == 200 and "adds nothing new" in again.get_data(as_text=True)
    assert [a.source for a in stored(app, plan_id)] == ["morning.fit"]
