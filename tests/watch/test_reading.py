"""Reading activities from FIT, GPX and TCX files, plain, gzipped and zipped (docs/watch.md)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import gpxpy.parser
import pytest
from garmin_fit_sdk import Encoder

import watch
import watch.fit as fit_module
from planner.protocol import STAGES
from tests.watch import files
from tests.watch.files import (
    Part,
    Phase,
    fit_activity,
    gpx_track,
    gz,
    run,
    tcx_activity,
    walk,
    walk_run,
    zip_of,
)

START = datetime(2026, 11, 12, 11, 0, tzinfo=UTC)  # 12:00 in Berlin
BERLIN = "Europe/Berlin"


def only(data: bytes, name: str = "upload", tz: str = BERLIN) -> watch.Activity:
    (activity,) = watch.read(data, name, tz)
    return activity


def test_a_fit_walk_run_reads_its_sport_minutes_distance_and_longest_run():
    activity = only(fit_activity(Part(START, walk_run(3, 1, 6))), "s3.fit")
    assert (activity.sport, activity.date, activity.moving_minutes) == (
        watch.Sport.RUN,
        date(2026, 11, 12),
        24.0,
    )
    assert activity.distance_km == round(
        6 * (180 * files.RUN_SPEED + 60 * files.WALK_SPEED) / 1000, 2
    )
    assert activity.longest_run_minutes == 3.0
    assert activity.start == datetime(2026, 11, 12, 12, 0, tzinfo=ZoneInfo(BERLIN))


def test_a_treadmill_run_without_gps_keeps_the_distance_the_watch_measured():
    data = fit_activity(Part(START, (run(25),), sub_sport="treadmill", gps=False, cadence=True))
    activity = only(data, "treadmill.fit")
    assert activity.sport is watch.Sport.RUN
    assert activity.distance_km == round(25 * 60 * files.RUN_SPEED / 1000, 2)
    assert activity.longest_run_minutes == 25.0


def test_a_treadmill_run_with_only_cadence_finds_its_walk_breaks_by_cadence():
    data = fit_activity(
        Part(
            START,
            walk_run(5, 1, 4),
            sub_sport="treadmill",
            gps=False,
            speed=False,
            distance=False,
            cadence=True,
            laps=False,
        )
    )
    activity = only(data)
    assert activity.distance_km is None
    assert activity.longest_run_minutes == 5.0


def test_a_fit_file_without_pace_in_its_records_falls_back_on_its_laps():
    data = fit_activity(Part(START, walk_run(8, 1, 3), gps=False, speed=False, distance=False))
    assert only(data).longest_run_minutes == 8.0


def test_a_run_whose_pace_is_unknown_has_no_longest_run_rather_than_a_guess():
    data = fit_activity(Part(START, (run(20),), gps=False, speed=False, distance=False, laps=False))
    activity = only(data)
    assert activity.moving_minutes == 20.0
    assert activity.longest_run_minutes is None


def test_a_multisport_fit_file_gives_one_activity_per_session_with_its_own_records():
    ride = Part(START + timedelta(minutes=40), (Phase(1800, 7.0, 80),), sport="cycling")
    activities = watch.read(
        fit_activity(Part(START, walk_run(10, 1, 2)), ride), "brick.fit", BERLIN
    )
    assert [(a.sport, a.moving_minutes, a.longest_run_minutes) for a in activities] == [
        (watch.Sport.RUN, 22.0, 10.0),
        (watch.Sport.CYCLE, 30.0, 0.0),
    ]


def test_a_fit_session_with_a_moving_time_of_zero_falls_back_on_its_timer_time(monkeypatch):
    write = Encoder.write_mesg

    def no_moving_time(encoder: Encoder, message: dict) -> None:
        if message.get("mesg_num") == files.MESG["SESSION"]:
            message = {**message, "total_moving_time": 0}  # a device that does not track it
        write(encoder, message)

    monkeypatch.setattr(Encoder, "write_mesg", no_moving_time)
    data = fit_activity(Part(START, (run(30),), sub_sport="treadmill", gps=False))
    monkeypatch.undo()
    assert only(data, "treadmill.fit").moving_minutes == 30.0


def test_each_session_of_a_multisport_file_takes_its_records_and_laps_in_one_pass(monkeypatch):
    legs = [Part(START + timedelta(minutes=3 * leg), (run(1), walk(1))) for leg in range(20)]
    data = fit_activity(*legs)
    read_times = []
    reading = fit_module._instant

    def counted(value: object) -> datetime | None:
        read_times.append(value)
        return reading(value)

    monkeypatch.setattr(fit_module, "_instant", counted)
    activities = watch.read(data, "legs.fit", BERLIN)
    assert [(a.moving_minutes, a.longest_run_minutes) for a in activities] == [(2.0, 1.0)] * 20
    # each leg has 25 records and 2 laps: a time is read a few times per message, not per session
    messages = 20 * (25 + 2 + 1)
    assert len(read_times) <= 3 * messages


@pytest.mark.parametrize(
    ("sport", "sub_sport", "expected"),
    [
        ("running", "generic", watch.Sport.RUN),
        ("running", "treadmill", watch.Sport.RUN),
        ("running", "indoor_running", watch.Sport.RUN),
        ("running", "trail", watch.Sport.RUN),
        ("fitness_equipment", "treadmill", watch.Sport.RUN),
        ("walking", "generic", watch.Sport.WALK),
        ("hiking", "generic", watch.Sport.WALK),
        ("cycling", "indoor_cycling", watch.Sport.CYCLE),
        ("fitness_equipment", "indoor_cycling", watch.Sport.CYCLE),
        ("e_biking", "generic", watch.Sport.CYCLE),
        ("swimming", "lap_swimming", watch.Sport.SWIM),
        ("training", "strength_training", watch.Sport.OTHER),
        ("rowing", "indoor_rowing", watch.Sport.OTHER),
    ],
)
def test_fit_sports_map_to_the_logs_sports(sport, sub_sport, expected):
    activity = only(fit_activity(Part(START, (run(10),), sport=sport, sub_sport=sub_sport)))
    assert activity.sport is expected
    assert activity.longest_run_minutes == (10.0 if expected is watch.Sport.RUN else 0.0)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("running", watch.Sport.RUN),
        ("TrailRun", watch.Sport.RUN),
        ("walking", watch.Sport.WALK),
        ("hiking", watch.Sport.WALK),
        ("cycling", watch.Sport.CYCLE),
        ("Ride", watch.Sport.CYCLE),
        ("swimming", watch.Sport.SWIM),
        ("yoga", watch.Sport.OTHER),
        (None, watch.Sport.OTHER),
    ],
)
def test_a_gpx_tracks_type_names_its_sport(kind, expected):
    assert only(gpx_track(START, (run(5),), kind=kind)).sport is expected


@pytest.mark.parametrize(
    ("sport", "expected"),
    [("Running", watch.Sport.RUN), ("Biking", watch.Sport.CYCLE), ("Other", watch.Sport.OTHER)],
)
def test_a_tcx_activitys_sport_names_its_sport(sport, expected):
    assert only(tcx_activity(START, (run(5),), sport=sport)).sport is expected


@pytest.mark.parametrize("times", ["utc", "offset", "naive"])
def test_gpx_times_in_utc_with_an_offset_or_without_a_zone_read_as_the_same_instant(times):
    activity = only(gpx_track(START, walk_run(2, 1, 2), times=times))
    assert activity.start == START  # a time without a zone is UTC, as the GPX standard says
    assert activity.id == only(gpx_track(START, walk_run(2, 1, 2))).id


def test_a_gpx_split_into_segments_counts_the_pause_between_them_as_a_break():
    activity = only(gpx_track(START, (run(6),), resume=(START + timedelta(minutes=10), (run(4),))))
    assert activity.moving_minutes == 10.0
    assert activity.longest_run_minutes == 6.0


def test_a_tcx_file_reads_its_laps_and_trackpoint_extensions():
    activity = only(tcx_activity(START, (run(10), walk(2), run(5))))
    assert (activity.moving_minutes, activity.longest_run_minutes) == (17.0, 10.0)


def test_the_same_file_read_twice_gives_the_same_ids_and_other_names_do_not_change_them():
    data = fit_activity(Part(START, walk_run(2, 1, 3)))
    first, again = only(data, "a.fit"), only(data, "renamed.fit")
    assert first.id == again.id
    assert first.id == only(gz(data), "a.fit.gz").id
    assert only(data, "a.fit", tz="Asia/Tokyo").id == first.id


def test_different_runs_get_different_ids():
    ids = {
        only(fit_activity(Part(START, (run(10),)))).id,
        only(fit_activity(Part(START + timedelta(seconds=1), (run(10),)))).id,
        only(fit_activity(Part(START, (run(11),)))).id,
        only(fit_activity(Part(START, (run(10),), sport="cycling"))).id,
    }
    assert len(ids) == 4


def test_an_activity_turns_into_the_log_json_with_exactly_the_logs_keys():
    activity = only(gz(tcx_activity(START, (run(10),))), "export/run.tcx.gz")
    record = activity.to_json()
    assert record == {
        "id": activity.id,
        "date": "2026-11-12",
        "sport": "run",
        "moving_minutes": 10.0,
        "distance_km": 1.68,
        "longest_run_minutes": 10.0,
        "source": "export/run.tcx",
    }
    assert json.loads(json.dumps(record)) == record


def test_a_path_is_read_and_named_by_its_file_name(tmp_path):
    path = tmp_path / "Morning Run.gpx"
    path.write_bytes(gpx_track(START, (run(5),)))
    assert only(path).source == "upload"  # an explicit name wins
    (activity,) = watch.read(path, None, BERLIN)
    assert activity.source == "Morning Run.gpx"
    assert watch.read(str(path), None, BERLIN) == [activity]


def test_a_zip_export_with_folders_reads_every_activity_file_and_skips_the_rest():
    export = zip_of(
        {
            "activities/1.fit.gz": gz(fit_activity(Part(START, (run(10),)))),
            "activities/2.gpx": gpx_track(START + timedelta(days=1), (run(12),)),
            "activities/deep/3.tcx.gz": gz(tcx_activity(START + timedelta(days=2), (run(14),))),
            "activities/": b"",
            "profile.json": b"{}",
            "settings/user.fit": watch.workout_fit("not an activity", STAGES[0], 0, 0),
            "__MACOSX/activities/._1.fit.gz": b"\x00\x05\x16\x07",
        }
    )
    reading = watch.read_all(export, "export.zip", BERLIN)
    assert reading.problems == ()
    assert [(a.moving_minutes, a.source) for a in reading.activities] == [
        (10.0, "export.zip/activities/1.fit"),
        (12.0, "export.zip/activities/2.gpx"),
        (14.0, "export.zip/activities/deep/3.tcx"),
    ]


def test_a_zip_holding_the_same_activity_twice_gives_it_once():
    data = fit_activity(Part(START, (run(10),)))
    reading = watch.read_all(zip_of({"a.fit": data, "copy/a.fit.gz": gz(data)}), "x.zip", BERLIN)
    assert len(reading.activities) == 1


def test_an_account_export_with_a_zip_inside_a_zip_is_read():
    inner = zip_of({"UploadedFiles/run.fit": fit_activity(Part(START, (run(10),)))})
    reading = watch.read_all(zip_of({"DI_CONNECT/uploads_part1.zip": inner}), "account.zip", BERLIN)
    assert [a.source for a in reading.activities] == [
        "account.zip/DI_CONNECT/uploads_part1.zip/UploadedFiles/run.fit"
    ]


def test_the_content_tells_the_kind_of_file_not_its_name():
    assert only(fit_activity(Part(START, (run(10),))), "run.gpx").moving_minutes == 10.0
    assert only(gpx_track(START, (run(5),)), "run.fit").moving_minutes == 5.0


@pytest.mark.parametrize("library", ["LXML", "STDLIB"])
def test_gpx_reads_the_same_whichever_xml_library_gpxpy_finds(library, monkeypatch):
    # gpxpy takes lxml when it is installed (the test tools bring it) and ElementTree otherwise.
    if library == "STDLIB":
        monkeypatch.setattr(gpxpy.parser, "mod_etree", ET)
    else:
        pytest.importorskip("lxml")
    assert gpxpy.parser.library() == library
    activity = only(gpx_track(START, walk_run(2, 1, 3), times="offset"))
    assert (activity.start, activity.moving_minutes) == (START, 9.0)
    assert activity.longest_run_minutes == pytest.approx(2.0, abs=0.15)  # the pace window blurs 5 s
