"""The plan's watch page: upload real FIT, GPX, gzipped and zipped files (written with Garmin's
SDK encoder and gpxpy), each activity once, one clear line per bad file, the owner's time zone."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest

from tests.watch.files import Part, fit_activity, gpx_track, gz, run, walk_run, zip_of
from tests.web.conftest import AuthActions, add_plan

MORNING = datetime(2025, 3, 18, 7, 0, tzinfo=UTC)
EVENING = datetime(2025, 3, 19, 18, 0, tzinfo=UTC)
FIT_RUN = fit_activity(Part(MORNING, (run(20),)))
GPX_WALK_RUN = gpx_track(EVENING, walk_run(2, 1, 5))


def send(client, plan_id, *files: tuple[bytes, str]):
    return client.post(
        f"/plans/{plan_id}/activities",
        data={"files": [(io.BytesIO(data), name) for data, name in files]},
        content_type="multipart/form-data",
    )


def stored(app, plan_id):
    from web import store

    with app.test_request_context():
        return store.activities.activities_of([plan_id])[plan_id]


def test_the_watch_page_offers_the_upload_and_the_workouts(client, plan_id):
    page = client.get(f"/plans/{plan_id}/watch").get_data(as_text=True)
    assert 'type="file" multiple' in page
    assert "GARMIN/NewFiles" in page
    assert "not medical advice or a diagnosis" in page
    assert f"/plans/{plan_id}/workouts.zip" in page


def test_several_files_at_once_are_added_and_listed(app, client, plan_id):
    response = send(client, plan_id, (FIT_RUN, "morning.fit"), (GPX_WALK_RUN, "evening.gpx"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 activities added" in page
    assert "morning.fit" in page and "evening.gpx" in page
    recorded = stored(app, plan_id)
    assert [a.date for a in recorded] == [date(2025, 3, 18), date(2025, 3, 19)]
    assert recorded[0].run_minutes == pytest.approx(20, abs=0.5)
    assert recorded[1].longest_run_minutes == pytest.approx(2, abs=0.2)


def test_uploading_the_same_files_again_adds_nothing(app, client, plan_id):
    send(client, plan_id, (FIT_RUN, "morning.fit"))
    again = send(
        client, plan_id, (FIT_RUN, "copy.fit"), (zip_of({"a/morning.fit": FIT_RUN}), "x.zip")
    )
    page = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "No new activity was added" in page
    assert "1 already there" in page
    assert len(stored(app, plan_id)) == 1


def the_same_run_as_gpx(start: datetime) -> bytes:
    """FIT_RUN as the watch's app exports it in GPX: one point 7 m off the line, so the
    track's length, and the id, differ from the FIT's."""
    import gpxpy

    track = gpxpy.parse(gpx_track(start, (run(20),)).decode())
    track.tracks[0].segments[0].points[100].longitude += 0.0001
    return track.to_xml().encode()


@pytest.mark.parametrize("at_once", [True, False], ids=["one upload", "two uploads"])
def test_one_run_as_a_fit_and_a_gpx_is_stored_and_counted_once(app, client, plan_id, at_once):
    gpx = the_same_run_as_gpx(MORNING)
    if at_once:
        answer = send(client, plan_id, (FIT_RUN, "Morning_Run.fit"), (gpx, "Morning_Run.gpx"))
    else:
        send(client, plan_id, (FIT_RUN, "Morning_Run.fit"))
        answer = send(client, plan_id, (gpx, "Morning_Run.gpx"))
    assert answer.status_code == 200 and "1 already there" in answer.get_data(as_text=True)
    [kept] = stored(app, plan_id)
    assert kept.run_minutes == pytest.approx(20, abs=0.5)
    # a second run of the same length later that day is another run
    later = fit_activity(Part(MORNING.replace(hour=18), (run(20),)))
    assert "1 activity added" in send(client, plan_id, (later, "evening.fit")).get_data(
        as_text=True
    )
    assert len(stored(app, plan_id)) == 2


def test_a_zip_export_and_a_gzipped_file_are_read(app, client, plan_id):
    archive = zip_of({"Activities/morning.fit": FIT_RUN, "Settings/settings.txt": b"x=1"})
    response = send(client, plan_id, (archive, "export.zip"), (gz(GPX_WALK_RUN), "evening.gpx.gz"))
    assert response.status_code == 200
    assert len(stored(app, plan_id)) == 2


def test_a_bad_file_gets_one_line_and_the_good_ones_are_kept(app, client, plan_id):
    response = send(
        client, plan_id, (b"hello, not a watch file", "notes.txt"), (FIT_RUN, "morning.fit")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 file could not be read" in page
    assert "notes.txt: is not a FIT, GPX or TCX file" in page
    assert "1 activity added" in page
    assert len(stored(app, plan_id)) == 1


def test_only_bad_files_are_refused_with_their_reasons(app, client, plan_id):
    response = send(client, plan_id, (FIT_RUN[:40], "broken.fit"), (b"", "empty.gpx"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "2 files could not be read" in page
    assert "broken.fit" in page and "empty.gpx: is empty" in page
    assert stored(app, plan_id) == ()


def test_an_upload_without_files_asks_for_them(client, plan_id):
    response = client.post(
        f"/plans/{plan_id}/activities", data={}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "Choose one or more activity files" in response.get_data(as_text=True)


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_an_upload_not_sent_as_multipart_is_a_415_naming_multipart(
    app, client, plan_id, content_type
):
    response = client.post(
        f"/plans/{plan_id}/activities", data=GPX_WALK_RUN, content_type=content_type
    )
    assert response.status_code == 415
    assert "multipart/form-data" in response.get_data(as_text=True)
    assert stored(app, plan_id) == ()


def test_an_upload_while_another_is_read_says_to_try_again_shortly(app, client, plan_id):
    from web.services import watch_files

    app.config["WATCH_READ_WAIT"] = 0  # no wait for the other upload to be read
    with watch_files.READER:  # another upload is being read in this process
        busy = send(client, plan_id, (FIT_RUN, "morning.fit"))
    assert busy.status_code == 503
    assert busy.headers["Retry-After"] == str(app.config["WATCH_READ_RETRY_AFTER"])
    assert "another upload" in busy.get_data(as_text=True)
    assert stored(app, plan_id) == ()


def test_a_file_over_the_size_limit_is_refused_cleanly(app, client, plan_id):
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    app.config["MAX_CONTENT_LENGTH"] = 1000  # small, so the test client keeps it in memory
    big = FIT_RUN + b"\0" * 1000
    response = send(client, plan_id, (big, "huge.fit"))
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert stored(app, plan_id) == ()


def test_activities_are_dated_in_the_plan_owners_time_zone(app, client):
    AuthActions(client).signup(timezone="Pacific/Auckland")  # UTC+13 in March
    plan = add_plan(app, "runner@example.com")
    late = fit_activity(Part(datetime(2025, 3, 17, 12, 0, tzinfo=UTC), (run(15),)))
    send(client, plan, (late, "late.fit"))
    assert [a.date for a in stored(app, plan)] == [date(2025, 3, 18)]


def test_the_uploaded_run_is_the_days_actual_on_the_plan(app, client, plan_id):
    from web.core.db import session
    from web.services import builds
    from web.store.models import PlanRow

    send(client, plan_id, (FIT_RUN, "morning.fit"))
    with app.test_request_context():
        row = session().get(PlanRow, plan_id)
        day = builds.build_state(row, "UTC", date(2025, 3, 20)).plan.day_on(date(2025, 3, 18))
    assert day.actual is not None
    assert day.actual.run_minutes == pytest.approx(20, abs=0.5)


def test_another_runners_plan_is_hidden_and_unchanged(app, client, plan_id, other_plan):
    response = send(client, other_plan, (FIT_RUN, "morning.fit"))
    assert response.status_code == 404
    assert stored(app, other_plan) == ()


def test_the_upload_form_needs_its_csrf_token(app, client, plan_id):
    app.config["WTF_CSRF_ENABLED"] = True
    response = send(client, plan_id, (FIT_RUN, "morning.fit"))
    assert response.status_code == 400
    assert stored(app, plan_id) == ()


def test_a_small_gz_of_one_point_repeated_is_refused_by_its_point_count_unparsed(
    client, plan_id, monkeypatch
):
    from tests.watch.test_limits import gpx_bomb
    from watch import reader

    monkeypatch.setattr(reader, "read_gpx", lambda *_: pytest.fail("the bomb was parsed"))
    response = send(client, plan_id, (gpx_bomb(120_001), "run.gpx.gz"), (FIT_RUN, "morning.fit"))
    page = response.get_data(as_text=True)
    assert "run.gpx: has more than 120,000 track points, the most one file may hold" in page
    assert [a.source for a in stored(client.application, plan_id)] == ["morning.fit"]


def test_an_activity_dated_after_today_or_before_the_onset_is_named_and_not_added(
    app, client, plan_id
):
    future = gpx_track(datetime(2025, 6, 1, 7, 0, tzinfo=UTC), walk_run(2, 1, 5))
    long_ago = gpx_track(datetime(2019, 1, 1, 7, 0, tzinfo=UTC), walk_run(2, 1, 5))
    response = send(
        client, plan_id, (future, "clock.gpx"), (long_ago, "old.gpx"), (FIT_RUN, "morning.fit")
    )
    page = response.get_data(as_text=True)
    assert "clock.gpx: dated 2025-06-01, outside the plan so far" in page
    assert "old.gpx: dated 2019-01-01, outside the plan so far" in page
    assert [a.date for a in stored(app, plan_id)] == [date(2025, 3, 18)]


def test_a_recorded_walk_run_is_set_beside_the_session_with_its_walk_breaks(
    app, client, walk_run_plan
):
    # Today (Thursday 20 March) is walk-run S3: 6 × (3 min run / 1 min walk), 24 min in all.
    today = datetime(2025, 3, 20, 7, 0, tzinfo=UTC)
    send(client, walk_run_plan, (fit_activity(Part(today, walk_run(3, 1, 6))), "s3.fit"))
    page = client.get(f"/plans/{walk_run_plan}/days/2025-03-20").get_data(as_text=True)
    assert "Recorded: <strong>24 min on the move</strong>" in page
    assert "planned 24 min with the walk breaks (18 min running)" in page
