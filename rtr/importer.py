"""`rtr import`: add the activities of watch files to a log, once each, written atomically."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import watch
from planner.errors import InputError
from planner.logio import activity_from_dict, activity_to_dict, log_from_dict
from rtr.files import parse_json, read_existing

# The log's reports are checked against a plan's dates by `rtr plan`; here only their shape.
ANY_DAY = (date.min, date.max)


def import_files(log_path: str, tz: str, files: Sequence[str]) -> int:
    """Add the activities of `files` to the log at `log_path`; return the exit code."""
    zone = _zone(tz)
    data = _read_log(Path(log_path))
    known = {entry["id"] for entry in data.get("activities", [])}
    added: list[dict[str, Any]] = []
    failed = 0
    for name in files:
        # The runner's own machine: a whole account export may be read, however long it takes.
        reading = watch.read_all(name, None, zone, watch.Budget.local())
        problems = [str(problem) for problem in reading.problems]
        problems += _add(reading.activities, known, added)
        for problem in problems:
            print(f"rtr: error: import: {problem}", file=sys.stderr)
        failed += bool(problems)
    if added:
        entries = data.get("activities", []) + added
        data["activities"] = sorted(entries, key=lambda e: (e["date"], e["id"]))
        log_from_dict(data, onset=ANY_DAY[0], as_of=ANY_DAY[1])  # what is written reads back
        _write_atomically(Path(log_path), json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(
        f"{len(added)} new {'activity' if len(added) == 1 else 'activities'} added to {log_path}"
        f"{f'; {failed} file(s) could not be read' if failed else ''}."
    )
    return 2 if failed else 0


def _add(
    activities: Sequence[watch.Activity], known: set[str], added: list[dict[str, Any]]
) -> list[str]:
    """Add the activities not yet known; return a problem for each one the log refuses."""
    problems = []
    for activity in activities:
        if activity.id in known:
            continue
        try:
            entry = _entry(activity)
        except InputError as error:
            problems.append(str(error))  # its field names the file: "blip.fit.moving_minutes"
            continue
        known.add(activity.id)
        added.append(entry)
    return problems


def _entry(activity: watch.Activity) -> dict[str, Any]:
    """Return a watch activity as the log keeps it, read by the log's own reader first."""
    return activity_to_dict(activity_from_dict(activity.source, activity.to_json()))


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(
            "tz", f"unknown time zone {tz[:60]!r}; use a name like Europe/Berlin"
        ) from None


def _read_log(path: Path) -> dict[str, Any]:
    """Read the log to add to (a missing file is a new, empty log) and check it whole."""
    raw = read_existing(path, "log")
    if raw is None:
        return {"reports": [], "completions": []}
    data = parse_json(raw, path)
    log_from_dict(data, onset=ANY_DAY[0], as_of=ANY_DAY[1])
    assert isinstance(data, dict)  # log_from_dict refuses anything else
    return data


def _write_atomically(path: Path, text: str) -> None:
    """Write next to the log, then rename over it: a crash leaves the old log or the new one."""
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise InputError("log", f"cannot write next to {path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError("log", f"cannot write {path}: {error.strerror}") from None
