"""`rtr conditions` and `rtr plan` as SPEC §5 says: readable text, exact JSON, exit 2 on bad input."""

from __future__ import annotations

import json
from datetime import date

import pytest

from planner import conditions
from rtr.cli import main

TODAY = date(2026, 3, 20)
BASE = [
    "plan",
    "--condition",
    "achilles-tendinopathy-midportion",
    "--onset",
    "2026-03-02",
    "--weekly-volume",
    "40",
    "--unit",
    "km",
]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), today=TODAY)
    out, err = capsys.readouterr()
    return code, out, err


def test_conditions_lists_every_condition_as_text(capsys):
    code, out, _ = run(capsys, "conditions")
    assert code == 0
    assert all(cid in out for cid in conditions.CATALOG)


def test_conditions_as_json_carries_protocol_and_sources(capsys):
    code, out, _ = run(capsys, "conditions", "--format", "json")
    listed = {c["id"]: c for c in json.loads(out)}
    assert code == 0 and set(listed) == set(conditions.CATALOG)
    assert listed["navicular-stress-fracture"]["risk"] == "high"
    assert listed["plantar-fasciitis"]["sources"]


def test_plan_as_text_shows_weeks_items_doses_and_the_advice_line(capsys):
    code, out, _ = run(capsys, *BASE)
    assert code == 0
    assert "Week 1 (2026-03-02" in out
    assert "Ice: 15–20 min" in out
    assert "not medical advice" in out
    assert "(projected)" in out


def test_plan_as_json_has_the_spec_fields(capsys):
    code, out, _ = run(capsys, *BASE, "--format", "json", "--as-of", "2026-03-10")
    plan = json.loads(out)
    assert code == 0
    assert set(plan) >= {"condition", "unit", "status", "days", "decisions"}
    assert set(plan["condition"]) >= {"id", "name", "tissue", "protocol"}
    first = plan["days"][0]
    assert set(first) >= {
        "date",
        "day",
        "phase",
        "stage",
        "projected",
        "run_minutes",
        "run_distance",
        "items",
    }
    assert set(first["items"][0]) == {"key", "kind", "title", "dose"}
    assert first["day"] == 1 and first["phase"] == "rest"


def test_the_same_command_gives_the_same_json_bytes(capsys):
    _, once, _ = run(capsys, *BASE, "--format", "json", "--as-of", "2026-03-10")
    _, twice, _ = run(capsys, *BASE, "--format", "json", "--as-of", "2026-03-10")
    assert once == twice


def test_a_log_file_changes_the_plan_and_the_decision_says_why(capsys, tmp_path):
    log = tmp_path / "log.json"
    log.write_text(
        json.dumps(
            {
                "reports": [
                    {"date": "2026-03-08", "pain_rest": 1, "pain_walking": 1},
                    {"date": "2026-03-09", "pain_running": 7},
                ]
            }
        )
    )
    code, out, _ = run(capsys, *BASE, "--log", str(log), "--as-of", "2026-03-10")
    assert code == 0
    assert "Pain 7/10 during Monday's test is above 5" in out


def test_output_writes_a_file(capsys, tmp_path):
    target = tmp_path / "plan.json"
    code, out, _ = run(capsys, *BASE, "--format", "json", "--output", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["unit"] == "km"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--condition", "broken-leg"], "condition"),
        (["--onset", "2026-02-30"], "onset"),
        (["--onset", "2026-04-01"], "onset"),
        (["--weekly-volume", "-3"], "weekly_volume"),
        (["--weekly-volume", "450"], "weekly_volume"),
        (["--weekly-volume", "lots"], "weekly_volume"),
        (["--unit", "furlongs"], "unit"),
        (["--easy-pace", "6"], "easy_pace"),
        (["--easy-pace", "²:00"], "easy_pace"),
        (["--runs-per-week", "9"], "runs_per_week"),
        (["--start", "2026-03-01"], "start"),
        (["--as-of", "yesterday"], "as_of"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(capsys, args, field):
    argv = list(BASE)
    for flag, value in zip(args[::2], args[1::2], strict=True):
        if flag in argv:
            argv[argv.index(flag) + 1] = value
        else:
            argv += [flag, value]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"error: {field}:" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("log", "field"),
    [
        ("{not json", "log"),
        ('{"reports": [{"date": "2026-03-05", "pain_rest": 11}]}', "reports[0].pain_rest"),
        ('{"reports": [{"date": "2026-03-05", "pain_rest": -1}]}', "reports[0].pain_rest"),
        ('{"reports": [{"date": "2026-03-05", "flags": ["broken"]}]}', "reports[0].flags"),
        ('{"reports": [{"date": "2026-03-25"}]}', "reports[0].date"),
        ('{"reports": [{"date": "2026-02-25"}]}', "reports[0].date"),
        ('{"completions": [{"date": "2026-03-05"}]}', "completions[0].item"),
        ("[]", "log"),
        ("[" * 100_000, "log"),
        ('{"reports": [{"date": "2026-03-05", "\\ud800": 1}]}', "reports[0]"),
        ('{"reports": [{"date": "2026-03-05", "pain_rest": 1' + "0" * 5000 + "}]}", "log"),
        (
            '{"activities": [{"id": "a", "date": "2026-03-05", "sport": [1], "moving_minutes": 9}]}',
            "activities[0].sport",
        ),
    ],
)
def test_a_bad_log_exits_2_naming_the_field(capsys, tmp_path, log, field):
    path = tmp_path / "log.json"
    path.write_text(log)
    code, _, err = run(capsys, *BASE, "--log", str(path))
    assert code == 2
    assert f"error: {field}:" in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_argument_exits_2_without_a_traceback(capsys):
    code, _, err = run(capsys, "plan", "--condition", "not-sure")
    assert code == 2 and "required" in err


def test_the_console_script_runs_end_to_end():
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rtr",
            "plan",
            "--condition",
            "nope",
            "--onset",
            "2026-03-02",
            "--weekly-volume",
            "10",
            "--unit",
            "km",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "rtr: error: condition: unknown condition 'nope' (see `rtr conditions`)"
    )


def test_ics_output_is_a_calendar_and_a_second_export_bumps_only_changed_days(capsys, tmp_path):
    from datetime import UTC, datetime

    from planner.calendar import read_revisions
    from rtr.ics import export

    target = tmp_path / "plan.ics"
    code, _, _ = run(
        capsys, *BASE, "--format", "ics", "--as-of", "2026-03-08", "--output", str(target)
    )
    assert code == 0
    first = target.read_bytes()
    assert first.startswith(b"BEGIN:VCALENDAR\r\n")
    before = read_revisions(first)
    assert before and all(r.sequence == 0 for r in before.values())

    log = tmp_path / "log.json"
    log.write_text(
        json.dumps({"reports": [{"date": "2026-03-08", "flags": ["swelling_bruising"]}]})
    )

    from planner import build
    from planner.logio import log_from_dict
    from planner.model import PlanSpec

    spec = PlanSpec("achilles-tendinopathy-midportion", date(2026, 3, 2), 40.0, "km")
    plan = build(
        spec,
        log_from_dict(json.loads(log.read_text()), onset=spec.onset, as_of=date(2026, 3, 8)),
        date(2026, 3, 8),
    )
    second = export(plan, str(target), now=datetime(2026, 3, 8, 20, 0, tzinfo=UTC))
    after = read_revisions(second)
    changed = {d for d in after if d in before and after[d].digest != before[d].digest}
    assert changed and all(after[d].sequence == before[d].sequence + 1 for d in changed)
    assert all(after[d] == before[d] for d in after if d in before and d not in changed)


def test_the_withdrawn_flag_example_lifts_its_halt_on_the_day_it_was_recorded(capsys):
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "withdrawn-flag-log.json"
    code, out, _ = run(
        capsys,
        "plan",
        "--condition",
        "achilles-tendinopathy-midportion",
        "--onset",
        "2026-11-02",
        "--weekly-volume",
        "40",
        "--unit",
        "km",
        "--log",
        str(example),
        "--as-of",
        "2026-11-12",
        "--format",
        "json",
    )
    plan = json.loads(out)
    phases = {d["date"]: d["phase"] for d in plan["days"]}
    assert code == 0 and plan["status"] == "active"
    assert phases["2026-11-10"] == "halted" and phases["2026-11-11"] == "rehab"
    assert [d["rule"] for d in plan["decisions"] if d["date"] == "2026-11-11"] == ["flag_withdrawn"]


NAVICULAR = ["plan", "--condition", "navicular-stress-fracture", "--onset", "2026-03-02"]
NAVICULAR += ["--weekly-volume", "40", "--unit", "km", "--format", "json"]


def test_cleared_alone_records_the_clearance_on_the_as_of_day_not_the_onset(capsys):
    code, out, _ = run(capsys, *NAVICULAR, "--as-of", "2026-04-01", "--cleared")
    cleared = [d for d in json.loads(out)["decisions"] if d["rule"] == "cleared"]
    assert code == 0 and [d["date"] for d in cleared] == ["2026-04-01"]


def test_cleared_takes_the_day_of_the_clearance(capsys):
    code, out, _ = run(capsys, *NAVICULAR, "--as-of", "2026-04-01", "--cleared", "2026-03-25")
    cleared = [d for d in json.loads(out)["decisions"] if d["rule"] == "cleared"]
    assert code == 0 and [d["date"] for d in cleared] == ["2026-03-25"]


@pytest.mark.parametrize("when", ["2026-02-01", "2026-05-01", "25 March"])
def test_a_clearance_outside_the_plan_or_not_a_date_exits_2_naming_it(capsys, when):
    code, out, err = run(capsys, *NAVICULAR, "--as-of", "2026-04-01", "--cleared", when)
    assert code == 2 and out == "" and "cleared" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("fmt", ["ics", "json"])
def test_an_output_file_that_cannot_be_written_exits_2_in_one_line(capsys, tmp_path, fmt):
    for target in (tmp_path / ("x" * 300 + f".{fmt}"), tmp_path, tmp_path / "no" / "such"):
        code, out, err = run(capsys, *BASE, "--format", fmt, "--output", str(target))
        assert code == 2 and out == "" and err.count("\n") == 1
        assert "error: output: cannot" in err and "Traceback" not in err


def test_a_previous_calendar_with_a_sequence_out_of_range_is_exported_over(capsys, tmp_path):
    target = tmp_path / "plan.ics"
    argv = [*BASE, "--format", "ics", "--output", str(target)]
    assert run(capsys, *argv, "--as-of", "2026-03-08")[0] == 0
    huge = target.read_bytes().replace(b"SEQUENCE:0\r\n", b"SEQUENCE:99999999999999999999\r\n")
    target.write_bytes(huge)
    log = tmp_path / "log.json"
    log.write_text(json.dumps({"reports": [{"date": "2026-03-08", "flags": ["night_pain"]}]}))
    code, _, err = run(capsys, *argv, "--as-of", "2026-03-08", "--log", str(log))
    assert code == 0 and err == ""
    assert b"SEQUENCE:2147483647\r\n" in target.read_bytes()


def uids(ics: bytes) -> set[str]:
    return {line.split(":", 1)[1] for line in ics.decode().split("\r\n") if line.startswith("UID:")}


def test_two_plans_exported_to_ics_share_no_uid_and_a_file_keeps_its_own(capsys, tmp_path):
    first, second, again = (tmp_path / name for name in ("a.ics", "b.ics", "c.ics"))
    run(capsys, *BASE, "--as-of", "2026-03-08", "--format", "ics", "--output", str(first))
    other = [word.replace("achilles-tendinopathy-midportion", "plantar-fasciitis") for word in BASE]
    run(capsys, *other, "--as-of", "2026-03-08", "--format", "ics", "--output", str(second))
    run(capsys, *BASE, "--as-of", "2026-03-08", "--format", "ics", "--output", str(again))
    a, b, c = (uids(path.read_bytes()) for path in (first, second, again))
    assert a and b and not a & b
    assert a == c
    assert all("plantar" not in uid and "2026-0" not in uid for uid in a | b)
    more = [word if word != "40" else "45" for word in BASE]  # a new usual week, same file
    run(capsys, *more, "--as-of", "2026-03-08", "--format", "ics", "--output", str(first))
    assert {uid.split("@")[0].rsplit("-", 1)[0] for uid in uids(first.read_bytes())} == {
        uid.split("@")[0].rsplit("-", 1)[0] for uid in a
    }


def test_standard_output_that_cannot_be_written_exits_2_in_one_line(capsys, monkeypatch):
    class Full:
        def write(self, data: bytes) -> int:
            raise OSError(28, "No space left on device")

        def flush(self) -> None:
            pass

    monkeypatch.setattr(
        "sys.stdout", type("Out", (), {"buffer": Full(), "flush": lambda self: None})()
    )
    code = main([*BASE, "--format", "json"], today=TODAY)
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "error: output: cannot write to standard output: No space left on device" in err


def test_an_ics_export_over_a_file_that_is_no_calendar_names_the_file_in_one_short_line(
    capsys, tmp_path
):
    target = tmp_path / "plan.json"
    run(capsys, *BASE, "--format", "json", "--output", str(target))
    code, out, err = run(capsys, *BASE, "--format", "ics", "--output", str(target))
    assert code == 2 and out == "" and err.count("\n") == 1 and len(err) < 300
    assert f"error: output: {target} is not a calendar" in err


def test_a_day_that_leaves_the_file_and_comes_back_changed_never_steps_back_in_sequence(tmp_path):
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from ical.calendar_stream import IcsCalendarStream
    from icalendar import Calendar

    from rtr.ics import export
    from tests.planner import calendar_fixtures as fx

    back_a_stage = list(fx.short_plan().days)
    back_a_stage[8] = fx.walk_run(9, "S2", 14)  # 12 March
    plans = (
        fx.short_plan(),
        replace(fx.short_plan(), days=tuple(back_a_stage)),
        fx.halted_plan(),  # ends on 8 March: 12 March leaves the calendar
        fx.short_plan(),  # 12 March comes back, as it was before the change
    )
    target, seen = tmp_path / "plan.ics", []
    for hour, plan in enumerate(plans):
        now = datetime(2024, 3, 20, 8 + hour, tzinfo=UTC)
        target.write_bytes(export(plan, str(target), now=now))
        events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        found = [e for e in events if str(e["UID"]).endswith("-20240312@return-to-run")]
        seen.append(int(found[0]["SEQUENCE"]) if found else None)
        if plan is plans[2]:  # the file that keeps 12 March aside
            kept = target.read_bytes()
            assert export(plan, str(target), now=now + timedelta(minutes=5)) == kept
            IcsCalendarStream.calendar_from_ics(kept.decode("utf-8"))  # strict: takes it
    assert seen == [0, 1, None, 2]  # a client still holds 12 March at 1: 0 would be old news
