"""`rtr import`: watch files become log activities, once each, dated in the runner's zone."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from planner.logio import log_from_dict
from planner.model import Sport
from rtr.cli import main
from tests.watch import files

GOLDEN = Path(__file__).resolve().parents[1] / "watch" / "golden"
NEW_YORK = "America/New_York"
PLAN = [
    "plan",
    "--condition",
    "plantar-fasciitis",
    "--onset",
    "2026-10-15",
    "--weekly-volume",
    "30",
    "--unit",
    "km",
    "--as-of",
    "2026-11-13",
]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def activities(log: Path) -> list[dict]:
    return json.loads(log.read_text(encoding="utf-8"))["activities"]


def test_fit_gpx_and_tcx_files_become_activities_dated_in_the_runners_zone(tmp_path, capsys):
    log = tmp_path / "log.json"
    code, out, err = run(
        capsys,
        "import",
        "--log",
        log,
        "--tz",
        NEW_YORK,
        GOLDEN / "late_run.gpx",
        GOLDEN / "walk_run.fit",
        GOLDEN / "easy_run.tcx",
    )
    assert (code, err) == (0, "") and "3 new activities" in out
    found = {a["source"]: a for a in activities(log)}
    assert set(found) == {"late_run.gpx", "walk_run.fit", "easy_run.tcx"}
    # 23:30 in New York is already the next day in UTC: it counts on its local date.
    assert found["late_run.gpx"]["date"] == "2026-11-10"
    assert (found["late_run.gpx"]["sport"], found["late_run.gpx"]["moving_minutes"]) == (
        "run",
        20.0,
    )
    assert found["walk_run.fit"]["longest_run_minutes"] == 2.0  # 2 min run / 1 min walk intervals
    assert log_from_dict(
        json.loads(log.read_text()),
        onset=datetime(2026, 10, 1).date(),
        as_of=datetime(2026, 12, 1).date(),
    ).activities


def test_importing_the_same_files_again_adds_nothing(tmp_path, capsys):
    log = tmp_path / "log.json"
    run(
        capsys,
        "import",
        "--log",
        log,
        "--tz",
        NEW_YORK,
        GOLDEN / "late_run.gpx",
        GOLDEN / "treadmill.fit",
    )
    before = log.read_bytes()
    code, out, _ = run(
        capsys,
        "import",
        "--log",
        log,
        "--tz",
        NEW_YORK,
        GOLDEN / "treadmill.fit",
        GOLDEN / "late_run.gpx",
    )
    assert code == 0 and "0 new activities" in out and log.read_bytes() == before


def test_a_treadmill_run_without_gps_keeps_the_watchs_distance_and_its_running(tmp_path, capsys):
    log = tmp_path / "log.json"
    run(capsys, "import", "--log", log, "--tz", "Europe/Berlin", GOLDEN / "treadmill.fit")
    (treadmill,) = activities(log)
    assert (
        treadmill["sport"],
        treadmill["moving_minutes"],
        treadmill["distance_km"],
        treadmill["longest_run_minutes"],
    ) == ("run", 12.0, 2.02, 12.0)


def test_gz_and_zip_exports_are_read_and_a_ride_is_a_ride(tmp_path, capsys):
    start = datetime(2026, 11, 11, 7, 0, tzinfo=UTC)
    ride = files.fit_activity(files.Part(start, (files.Phase(1800, 7.0, 80),), sport="cycling"))
    export = tmp_path / "export.zip"
    export.write_bytes(
        files.zip_of(
            {
                "activities/ride.fit": ride,
                "activities/run.gpx.gz": files.gz((GOLDEN / "late_run.gpx").read_bytes()),
            }
        )
    )
    log = tmp_path / "log.json"
    code, _, _ = run(capsys, "import", "--log", log, "--tz", NEW_YORK, export)
    assert code == 0
    assert {(a["source"], a["sport"]) for a in activities(log)} == {
        ("export.zip/activities/ride.fit", "cycle"),
        ("export.zip/activities/run.gpx", "run"),
    }


def test_a_corrupt_file_gets_one_line_naming_it_a_non_zero_exit_and_the_log_stays_valid(
    tmp_path, capsys
):
    log = tmp_path / "log.json"
    log.write_text(
        json.dumps({"reports": [{"date": "2026-11-01", "pain_rest": 2}], "completions": []})
    )
    broken = tmp_path / "broken.fit"
    broken.write_bytes((GOLDEN / "walk_run.fit").read_bytes()[:40])
    code, out, err = run(
        capsys, "import", "--log", log, "--tz", NEW_YORK, broken, GOLDEN / "late_run.gpx"
    )
    assert code != 0
    assert len(err.strip().splitlines()) == 1 and "broken.fit" in err and "Traceback" not in err
    data = json.loads(log.read_text())
    assert data["reports"] == [
        {"date": "2026-11-01", "pain_rest": 2}
    ]  # what was there stays as it was
    assert [a["source"] for a in data["activities"]] == ["late_run.gpx"]
    assert "1 file(s) could not be read" in out


def test_a_recording_too_short_for_the_log_costs_only_its_own_file(tmp_path, capsys):
    log = tmp_path / "log.json"
    start = datetime(2026, 11, 10, 7, 0, tzinfo=UTC)
    good, blip = tmp_path / "good.fit", tmp_path / "blip.fit"
    good.write_bytes(files.fit_activity(files.Part(start, (files.run(30),))))
    # a watch started and stopped by accident: 2 seconds of moving time
    accident = files.Part(start + timedelta(days=1), (files.Phase(2, 2.8, 166),), every=1)
    blip.write_bytes(files.fit_activity(accident))
    code, out, err = run(capsys, "import", "--log", log, "--tz", "UTC", good, blip)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "blip.fit" in err and "Traceback" not in err
    assert [a["source"] for a in activities(log)] == ["good.fit"]
    assert "1 new activity added" in out and "1 file(s) could not be read" in out


def test_an_unknown_time_zone_or_a_broken_log_stops_before_anything_is_written(tmp_path, capsys):
    log = tmp_path / "log.json"
    code, _, err = run(
        capsys, "import", "--log", log, "--tz", "Mars/Olympus", GOLDEN / "late_run.gpx"
    )
    assert code == 2 and "tz" in err and not log.exists()
    log.write_text("{not json")
    code, _, err = run(capsys, "import", "--log", log, "--tz", NEW_YORK, GOLDEN / "late_run.gpx")
    assert code == 2 and "not valid JSON" in err and log.read_text() == "{not json"


def test_a_log_whose_name_is_too_long_exits_2_in_one_line(tmp_path, capsys):
    log = tmp_path / ("x" * 300 + ".json")
    code, out, err = run(capsys, "import", "--log", log, "--tz", NEW_YORK, GOLDEN / "late_run.gpx")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "error: log: cannot read" in err and "File name too long" in err


def test_a_log_nested_too_deeply_exits_2_in_one_line_and_is_left_alone(tmp_path, capsys):
    log = tmp_path / "log.json"
    log.write_text("[" * 100_000)
    code, out, err = run(capsys, "import", "--log", log, "--tz", NEW_YORK, GOLDEN / "late_run.gpx")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "error: log:" in err and "nested too deeply" in err
    assert log.read_text() == "[" * 100_000


def test_a_failed_write_leaves_the_old_log_and_no_temporary_file(tmp_path, capsys, monkeypatch):
    log = tmp_path / "log.json"
    log.write_text(json.dumps({"reports": [], "completions": []}))
    before = log.read_bytes()

    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = run(capsys, "import", "--log", log, "--tz", NEW_YORK, GOLDEN / "late_run.gpx")
    assert code == 2 and "cannot write" in err
    assert log.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["log.json"]


def test_rtr_plan_shows_what_was_recorded_next_to_the_plan(tmp_path, capsys):
    log = tmp_path / "log.json"
    run(
        capsys,
        "import",
        "--log",
        log,
        "--tz",
        NEW_YORK,
        GOLDEN / "late_run.gpx",
        GOLDEN / "treadmill.fit",
    )
    code, out, _ = run(capsys, *PLAN, "--log", log, "--format", "json")
    days = {d["date"]: d for d in json.loads(out)["days"]}
    assert code == 0
    assert days["2026-11-10"]["actual"] == {
        "run_minutes": 20.0,
        "run_distance": 3.36,
        "cross_train_minutes": 0.0,
    }
    assert (
        days["2026-11-12"]["actual"]["run_minutes"] == 12.0 and "actual" not in days["2026-11-11"]
    )
    code, out, _ = run(capsys, *PLAN, "--log", log)
    assert "recorded: 20 min running (3.36 km) (planned 0 min)" in out
    assert "[unplanned_run] You ran 20 min on Tuesday 10 November" in out


def test_the_watch_and_the_log_know_the_same_sports():
    import watch

    assert {s.value for s in watch.Sport} == {s.value for s in Sport}
