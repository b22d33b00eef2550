"""`rtr plan --format fit | fit-zip`: a day's running as a FIT workout, read back with Garmin's decoder."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from garmin_fit_sdk import Decoder, Stream

from rtr.cli import main

# Achilles, 40 km: the test on 10 March, S1 on 11 March, S2 on 13 March, S6 on 21 March.
PLAN = [
    "plan",
    "--condition",
    "achilles-tendinopathy-midportion",
    "--onset",
    "2026-03-02",
    "--weekly-volume",
    "40",
    "--unit",
    "km",
    "--as-of",
    "2026-03-09",
]
MS = 60_000  # a minute in the FIT workout's milliseconds


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def decoded(data: bytes) -> dict:
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def steps(data: bytes) -> list[tuple]:
    """Each step as (name, intensity, milliseconds, repeats)."""
    return [
        (
            s["wkt_step_name"],
            s.get("intensity"),
            s.get("duration_time") and round(s["duration_time"] * 1000),
            s.get("repeat_steps"),
        )
        for s in decoded(data)["workout_step_mesgs"]
    ]


def fit_of(capsys, tmp_path, day: str) -> bytes:
    out = tmp_path / "day.fit"
    code, _, err = run(capsys, *PLAN, "--format", "fit", "--day", day, "--output", out)
    assert (code, err) == (0, "")
    return out.read_bytes()


def test_a_walk_run_day_is_warm_up_run_walk_repeats_and_cool_down(capsys, tmp_path):
    data = fit_of(capsys, tmp_path, "2026-03-11")  # S1: 10 x (1 min run / 1 min walk)
    assert decoded(data)["workout_mesgs"][0]["wkt_name"] == "2026-03-11 S1"
    assert steps(data) == [
        ("Warm-up walk", "warmup", 5 * MS, None),
        ("Run", "active", 1 * MS, None),
        ("Walk", "recovery", 1 * MS, None),
        ("Repeat 10 times", None, None, 10),
        ("Cool-down walk", "cooldown", 5 * MS, None),
    ]


def test_the_test_day_is_one_ten_minute_jog_between_walks(capsys, tmp_path):
    data = fit_of(capsys, tmp_path, "2026-03-10")
    assert [s[:3] for s in steps(data)] == [
        ("Warm-up walk", "warmup", 5 * MS),
        ("Run easy", "active", 10 * MS),
        ("Cool-down walk", "cooldown", 5 * MS),
    ]


def test_a_workout_keeps_the_minutes_the_plan_gives_the_day(capsys, tmp_path):
    code, out, _ = run(capsys, *PLAN, "--format", "json")
    planned = {d["date"]: d for d in json.loads(out)["days"]}
    for day in ("2026-03-13", "2026-03-21"):
        running = [s for s in steps(fit_of(capsys, tmp_path, day)) if s[1] == "active"]
        repeats = next((s[3] for s in steps(fit_of(capsys, tmp_path, day)) if s[3]), 1)
        assert sum(s[2] for s in running) * repeats == planned[day]["run_minutes"] * MS


def test_a_day_without_running_exits_2_with_one_line_naming_the_day(capsys, tmp_path):
    out = tmp_path / "day.fit"
    code, _, err = run(capsys, *PLAN, "--format", "fit", "--day", "2026-03-12", "--output", out)
    assert code == 2 and not out.exists()
    assert err.strip().splitlines() == [
        "rtr: error: day: 2026-03-12 (Thursday 12 March) has no running in the plan"
    ]
    code, _, err = run(capsys, *PLAN, "--format", "fit", "--day", "2025-01-01")
    assert code == 2 and "outside the plan" in err


def test_fit_zip_holds_one_workout_for_each_running_day_of_the_next_14(capsys, tmp_path):
    out = tmp_path / "workouts.zip"
    code, _, _ = run(capsys, *PLAN, "--format", "fit-zip", "--days", 14, "--output", out)
    _, plan, _ = run(capsys, *PLAN, "--format", "json")
    last = date(2026, 3, 9) + timedelta(days=13)
    running = [
        d
        for d in json.loads(plan)["days"]
        if d["run_minutes"] and "2026-03-09" <= d["date"] <= last.isoformat()
    ]
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        names = archive.namelist()
        assert code == 0 and len(names) == len(running) >= 5
        assert names[:3] == ["20260310-Test.fit", "20260311-S1.fit", "20260313-S2.fit"]
        for name in names:
            assert decoded(archive.read(name))["file_id_mesgs"][0]["type"] == "workout"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--day", "2026-03-02", "--days", "7"],
            "no running is planned from 2026-03-02 to 2026-03-08",
        ),
        (["--days", "0"], "from 1 to"),
        (["--days", "two"], "not a whole number"),
    ],
)
def test_fit_zip_without_running_days_or_with_a_bad_count_exits_2(capsys, argv, message):
    code, out, err = run(capsys, *PLAN, "--format", "fit-zip", *argv)
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1
