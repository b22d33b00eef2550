"""The committed golden files: what the script writes, and what each one reads as."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from garmin_fit_sdk import Decoder, Stream

import watch
from tests.watch.make_golden import GOLDEN, golden_files

NEW_YORK = "America/New_York"


def golden(name: str) -> Path:
    return GOLDEN / name


@pytest.mark.parametrize("name", sorted(golden_files()))
def test_each_golden_file_is_what_the_script_writes(name):
    assert golden(name).read_bytes() == golden_files()[name], (
        "run: python -m tests.watch.make_golden"
    )


@pytest.mark.parametrize(
    ("name", "when", "moving", "distance", "longest"),
    [
        ("walk_run.fit", date(2026, 11, 12), 9.0, 1.26, 2.0),
        ("treadmill.fit", date(2026, 11, 12), 12.0, 2.02, 12.0),
        ("late_run.gpx", date(2026, 11, 10), 20.0, 3.36, 20.0),
        ("easy_run.tcx", date(2026, 11, 12), 17.0, 2.69, 10.0),
    ],
)
def test_each_golden_activity_reads_as_the_run_it_records(name, when, moving, distance, longest):
    (activity,) = watch.read(golden(name), None, NEW_YORK)
    assert activity.sport is watch.Sport.RUN
    assert activity.date == when
    assert activity.moving_minutes == moving
    assert activity.distance_km == distance
    assert activity.longest_run_minutes == longest
    assert activity.source == name


def test_a_run_that_crosses_local_midnight_counts_on_the_local_date_it_started():
    (activity,) = watch.read(golden("late_run.gpx"), None, NEW_YORK)
    assert activity.start == datetime(2026, 11, 10, 23, 50, tzinfo=ZoneInfo(NEW_YORK))
    assert activity.date == date(2026, 11, 10)  # the file's times are 04:50-05:10 UTC on the 11th
    (same_run_in_london,) = watch.read(golden("late_run.gpx"), None, "Europe/London")
    assert same_run_in_london.date == date(2026, 11, 11)
    assert same_run_in_london.id == activity.id  # the instant is the same; only the date moves


def test_the_golden_workout_decodes_with_garmins_decoder_as_stage_s3():
    messages, errors = Decoder(Stream.from_file(str(golden("workout_s3.fit")))).read()
    assert errors == []
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    assert messages["workout_mesgs"][0]["wkt_name"] == "2026-11-12 S3"
    steps = [
        (
            s["intensity"] if "intensity" in s else None,
            s.get("duration_time"),
            s.get("repeat_steps"),
        )
        for s in messages["workout_step_mesgs"]
    ]
    assert steps == [
        ("warmup", 300.0, None),
        ("active", 180.0, None),
        ("recovery", 60.0, None),
        (None, None, 6),
        ("cooldown", 300.0, None),
    ]
