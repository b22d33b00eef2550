"""The API's watch routes: upload activity files (multipart), list them, and download a day's
FIT workout or the next 14 days' zip; the log export carries the activities."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import pytest

from tests.watch.files import Part, fit_activity, gpx_track, run, walk_run

FIT_RUN = fit_activity(Part(datetime(2025, 3, 18, 7, 0, tzinfo=UTC), (run(20),)))
GPX = gpx_track(datetime(2025, 3, 19, 18, 0, tzinfo=UTC), walk_run(2, 1, 5))


@pytest.fixture
def plan(app, api):
    from tests.web.conftest import add_plan

    return add_plan(app, "runner@example.com")


def send(api, plan_id, *files):
    return api.post(
        f"/plans/{plan_id}/activities",
        data={"files": [(io.BytesIO(data), name) for data, name in files]},
        content_type="multipart/form-data",
    )


def test_an_upload_adds_each_activity_once_and_lists_it(api, plan):
    first = send(api, plan, (FIT_RUN, "a.fit"), (GPX, "b.gpx"))
    assert first.status_code == 201
    assert [a["source"] for a in first.json["added"]] == ["a.fit", "b.gpx"]
    again = send(api, plan, (FIT_RUN, "a-copy.fit"))
    assert again.status_code == 200
    assert again.json["added"] == [] and len(again.json["already_there"]) == 1
    listed = api.get(f"/plans/{plan}/activities").json["activities"]
    assert [a["date"] for a in listed] == ["2025-03-18", "2025-03-19"]
    assert api.get(f"/plans/{plan}/log").json["activities"] == listed


def test_a_bad_file_is_named_and_the_good_one_kept(api, plan):
    response = send(api, plan, (b"nonsense", "x.fit"), (FIT_RUN, "a.fit"))
    assert response.status_code == 201
    assert response.json["problems"] == [
        "x.fit: is not a FIT, GPX or TCX file, nor a .gz or .zip of one"
    ]


def test_no_readable_file_is_a_422_naming_the_field(api, plan):
    response = send(api, plan, (b"", "empty.gpx"))
    assert response.status_code == 422
    assert response.json["error"]["field"] == "files"
    assert "empty.gpx: is empty" in response.json["error"]["message"]
    no_files = api.post(f"/plans/{plan}/activities", data={}, content_type="multipart/form-data")
    assert no_files.status_code == 422


def test_a_zip_without_an_activity_says_so_rather_than_nothing(api, plan):
    workouts = api.get(f"/plans/{plan}/workouts.zip")  # planned workouts: nothing recorded
    assert workouts.status_code == 200
    response = send(api, plan, (workouts.data, "workouts.zip"))
    assert response.status_code == 422
    message = response.json["error"]["message"]
    assert message.startswith("No activity could be read: ") and not message.endswith(": ")


def test_a_coach_reads_but_does_not_upload(api, coach_api, app):
    from tests.web.conftest import add_plan

    plan = add_plan(app, "runner@example.com")
    assert send(coach_api, plan, (FIT_RUN, "a.fit")).status_code == 403
    assert coach_api.get(f"/plans/{plan}/activities").status_code == 200
    assert api.get(f"/plans/{plan}/activities").json["activities"] == []


def test_a_days_workout_and_the_zip_download(api, plan):
    built = api.get(f"/plans/{plan}/plan").json
    running = [d["date"] for d in built["days"] if d["run_minutes"] and d["date"] >= "2025-03-20"]
    resting = [d["date"] for d in built["days"] if not d["run_minutes"]]
    response = api.get(f"/plans/{plan}/days/{running[0]}/workout.fit")
    assert response.status_code == 200 and response.mimetype == "application/vnd.ant.fit"
    assert response.data[8:12] == b".FIT"
    missing = api.get(f"/plans/{plan}/days/{resting[-1]}/workout.fit")
    assert missing.status_code == 404 and "no running" in missing.json["error"]["message"]
    assert api.get(f"/plans/{plan}/days/20250321/workout.fit").status_code == 422
    names = zipfile.ZipFile(io.BytesIO(api.get(f"/plans/{plan}/workouts.zip").data)).namelist()
    in_two_weeks = [d for d in running if date.fromisoformat(d) < date(2025, 4, 3)]
    assert len(names) == len(in_two_weeks) > 0


def test_someone_elses_plan_is_hidden(api, other_plan):
    assert send(api, other_plan, (FIT_RUN, "a.fit")).status_code == 404
    assert api.get(f"/plans/{other_plan}/activities").status_code == 404
    assert api.get(f"/plans/{other_plan}/workouts.zip").status_code == 404


def test_a_small_gz_of_one_point_repeated_is_refused_by_its_point_count_unparsed(
    api, plan, monkeypatch
):
    from tests.watch.test_limits import gpx_bomb
    from watch import reader

    monkeypatch.setattr(reader, "read_gpx", lambda *_: pytest.fail("the bomb was parsed"))
    response = send(api, plan, (gpx_bomb(120_001), "run.gpx.gz"))
    assert response.status_code == 422
    assert "run.gpx: has more than 120,000 track points" in response.json["error"]["message"]


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "application/gpx+xml"])
def test_an_upload_not_sent_as_multipart_is_a_415_naming_multipart_and_nothing_is_stored(
    api, plan, content_type
):
    response = api.post(f"/plans/{plan}/activities", data=GPX, content_type=content_type)
    assert response.status_code == 415
    message = response.json["error"]["message"]
    assert "multipart/form-data" in message and f"({content_type} was sent)" in message
    assert api.get(f"/plans/{plan}/activities").json["activities"] == []


def test_the_document_lists_415_for_the_upload():
    from web.api.openapi import DOCUMENT

    upload = DOCUMENT["paths"]["/plans/{plan_id}/activities"]["post"]
    assert "multipart/form-data" in upload["responses"]["415"]["description"]


def test_the_document_lists_503_with_retry_after_for_every_write():
    from web.api.openapi import DOCUMENT

    writes = [
        op
        for item in DOCUMENT["paths"].values()
        for method, op in item.items()
        if method in ("post", "put", "patch", "delete")
    ]
    assert len(writes) > 5
    for op in writes:
        assert "Retry-After" in op["responses"]["503"]["headers"], op["operationId"]
    upload = DOCUMENT["paths"]["/plans/{plan_id}/activities"]["post"]
    assert "reading another upload" in upload["responses"]["503"]["description"]


def test_an_upload_while_another_is_read_is_a_503_with_retry_after_and_nothing_is_stored(
    app, api, plan
):
    from web.services import watch_files

    app.config["WATCH_READ_WAIT"] = 0  # no wait for the other upload to be read
    with watch_files.READER:  # another upload is being read in this process
        busy = send(api, plan, (FIT_RUN, "a.fit"))
    assert busy.status_code == 503
    assert busy.headers["Retry-After"] == str(app.config["WATCH_READ_RETRY_AFTER"])
    assert "another upload" in busy.json["error"]["message"]
    assert api.get(f"/plans/{plan}/activities").json["activities"] == []
    assert send(api, plan, (FIT_RUN, "a.fit")).status_code == 201  # its turn now
