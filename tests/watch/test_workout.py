"""Walk-run sessions as FIT workouts, read back with Garmin's own decoder (watch/workout.py)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from garmin_fit_sdk import Decoder, Stream

import watch
from planner.protocol import STAGES, Stage, stage_index


def decoded(data: bytes) -> dict:
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    assert decoder.check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def steps_of(data: bytes) -> list[tuple]:
    """Each step as (name, intensity, seconds or None, repeat count or None, step it repeats from)."""
    return [
        (
            s["wkt_step_name"],
            s.get("intensity"),
            s.get("duration_time"),
            s.get("repeat_steps"),
            s.get("duration_step"),
        )
        for s in decoded(data)["workout_step_mesgs"]
    ]


@pytest.mark.parametrize("stage", [s for s in STAGES if not s.continuous], ids=lambda s: s.name)
def test_a_walk_run_stage_becomes_warm_up_repeat_block_and_cool_down(stage):
    data = watch.workout_fit(f"Walk-run {stage.name}", stage, 5, 5)
    messages = decoded(data)
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    (workout,) = messages["workout_mesgs"]
    assert (workout["sport"], workout["num_valid_steps"], workout["wkt_name"]) == (
        "running",
        5,
        f"Walk-run {stage.name}",
    )
    assert steps_of(data) == [
        ("Warm-up walk", "warmup", 300.0, None, None),
        ("Run", "active", stage.run * 60, None, None),
        ("Walk", "recovery", stage.walk * 60, None, None),
        (f"Repeat {stage.repeats} times", None, None, stage.repeats, 1),
        ("Cool-down walk", "cooldown", 300.0, None, None),
    ]
    run_seconds = steps_of(data)[1][2] * steps_of(data)[3][3]
    assert run_seconds == stage.run_minutes * 60  # the session runs exactly what the stage says


@pytest.mark.parametrize("stage", [s for s in STAGES if s.continuous], ids=lambda s: s.name)
def test_a_continuous_stage_is_one_run_step(stage):
    data = watch.workout_fit(stage.name, stage, 5, 5)
    assert [step[:3] for step in steps_of(data)] == [
        ("Warm-up walk", "warmup", 300.0),
        ("Run easy", "active", stage.run * 60),
        ("Cool-down walk", "cooldown", 300.0),
    ]
    assert decoded(data)["workout_mesgs"][0]["num_valid_steps"] == 3


def test_no_warm_up_or_cool_down_leaves_just_the_running():
    data = watch.workout_fit("S2", STAGES[stage_index("S2")], 0, 0)
    assert [step[0] for step in steps_of(data)] == ["Run", "Walk", "Repeat 7 times"]
    assert steps_of(data)[2][4] == 0  # the repeat goes back to the first step


def test_a_single_run_and_walk_needs_no_repeat_step():
    assert [step[0] for step in steps_of(watch.workout_fit("x", Stage("X", 4, 2, 1), 5, 0))] == [
        "Warm-up walk",
        "Run",
        "Walk",
    ]


def test_the_same_workout_is_the_same_bytes_and_keeps_its_creation_time():
    when = datetime(2026, 11, 12, tzinfo=UTC)
    first = watch.workout_fit("S3", STAGES[stage_index("S3")], 5, 5, created=when)
    assert first == watch.workout_fit("S3", STAGES[stage_index("S3")], 5, 5, created=when)
    assert decoded(first)["file_id_mesgs"][0]["time_created"] == when


def test_a_long_or_odd_name_is_cut_to_one_short_line():
    data = watch.workout_fit(
        "Walk-run\nS3 with a name much longer than any watch shows", STAGES[0], 5, 5
    )
    assert decoded(data)["workout_mesgs"][0]["wkt_name"] == "Walk-run S3 with a name much l"


@pytest.mark.parametrize(
    ("stage", "warmup", "cooldown", "message"),
    [
        (Stage("X", 0, 1, 5), 5, 5, "run: 0 minutes is not a duration"),
        (Stage("X", 1, -1, 5), 5, 5, "walk: -1 minutes is not a duration"),
        (Stage("X", 1, 1, 0), 5, 5, "repeats: 0 is not a whole number of at least 1"),
        (Stage("X", 1, 1, 2.5), 5, 5, "repeats: 2.5 is not a whole number of at least 1"),
        (Stage("X", float("nan"), 1, 2), 5, 5, "run: nan minutes is not a duration"),
        (Stage("X", 100, 1, 3), 5, 5, "run: 300 min of running is more than 240"),
        (STAGES[0], -5, 5, "warmup_min: -5 minutes is not a duration"),
        (STAGES[0], 5, 1000, "cooldown_min: 1000 minutes is more than 240"),
    ],
)
def test_a_stage_that_is_no_session_is_refused_naming_the_field(stage, warmup, cooldown, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        watch.workout_fit("x", stage, warmup, cooldown)


def test_a_zip_of_workouts_holds_one_short_ascii_named_file_a_day_in_order():
    start = date(2026, 11, 12)
    plan = [watch.Workout(start + timedelta(days=2 * i), STAGES[i + 2]) for i in range(4)]
    data = watch.zip_of_workouts(list(reversed(plan)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == ["20261112-S1.fit", "20261114-S2.fit", "20261116-S3.fit", "20261118-S4.fit"]
        for name, workout in zip(names, plan, strict=True):
            assert name.isascii() and len(name) <= 20
            messages = decoded(archive.read(name))
            assert (
                messages["workout_mesgs"][0]["wkt_name"]
                == f"{workout.day.isoformat()} {workout.stage.name}"
            )
            assert steps_of(archive.read(name))[3][3] == workout.stage.repeats
    assert data == watch.zip_of_workouts(plan)  # the same days give the same bytes


def test_a_zip_of_workouts_refuses_nothing_to_send_and_two_sessions_on_one_day():
    with pytest.raises(ValueError, match="^workouts: there is no walk-run day"):
        watch.zip_of_workouts([])
    day = date(2026, 11, 12)
    with pytest.raises(ValueError, match="^workouts: two workouts on one day"):
        watch.zip_of_workouts([watch.Workout(day, STAGES[0]), watch.Workout(day, STAGES[1])])


def test_a_workout_file_is_not_read_back_as_a_run():
    with pytest.raises(watch.NotAnActivity):
        watch.read(watch.workout_fit("S1", STAGES[2], 5, 5), "S1.fit", "UTC")


@pytest.mark.parametrize("value", [True, "5", None, float("inf"), 0.001])
def test_a_warm_up_that_is_not_a_number_of_minutes_is_refused(value):
    with pytest.raises(ValueError, match="^warmup_min: .* minutes is not a duration$"):
        watch.workout_fit("x", STAGES[0], value, 5)
