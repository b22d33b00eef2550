"""The shapes the OpenAPI document promises, checked as strictly as it states them.

planner's readers are lenient on purpose (the CLI reads hand-written logs): they take
"20250301" or " 2025-03-01" for a date and "3" for a pain score. The API answers to its
document instead, so a value the document calls invalid is refused here, with a message
naming the field, before planner's own checks run.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from planner.errors import InputError
from planner.validation import PAIN_FIELDS, parse_date, parse_pace

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
PACE = re.compile(r"0?2:[3-5][0-9]|0?[3-9]:[0-5][0-9]|1[0-9]:[0-5][0-9]|20:00")
# The document's patterns, for web/api/openapi.py: the same expressions, anchored.
PATTERNS = {
    name: f"^(?:{rx.pattern})$" for name, rx in (("date", DATE), ("time", TIME), ("pace", PACE))
}


def iso_date(field: str, value: object) -> date:
    """Read a date written YYYY-MM-DD, and nothing else."""
    if not isinstance(value, str) or not DATE.fullmatch(value):
        raise InputError(field, "a date is required, written YYYY-MM-DD")
    return parse_date(field, value)


def hh_mm(field: str, value: object) -> time | None:
    """Read a time of day written HH:MM (00:00 to 23:59), or None."""
    if value is None:
        return None
    if not isinstance(value, str) or not TIME.fullmatch(value):
        raise InputError(field, "a time of day is required, written HH:MM (e.g. 07:30)")
    return time.fromisoformat(value)


def pace(field: str, value: object) -> float | None:
    """Read an easy pace written M:SS or MM:SS, from 2:30 to 20:00, or None."""
    if value is None:
        return None
    if not isinstance(value, str) or not PACE.fullmatch(value):
        raise InputError(field, "an easy pace from 2:30 to 20:00 is required, written MM:SS")
    return parse_pace(field, value)


def pace_text(minutes: float | None) -> str:
    """Write minutes per unit as M:SS (6.5 is "6:30"); "" for no pace."""
    if minutes is None:
        return ""
    seconds = round(minutes * 60)
    return f"{seconds // 60}:{seconds % 60:02d}"


def pain(field: str, value: object) -> None:
    """Refuse a pain score that is not a JSON number (or null); planner checks the range."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise InputError(field, "a pain score is a whole number from 0 to 10, or null")


def flag_list(field: str, value: object) -> None:
    """Refuse red flags that are not a JSON list (planner checks each name)."""
    if value is not None and not isinstance(value, list):
        raise InputError(field, "flags must be a list of red-flag names")


def text_or_null(field: str, value: object) -> None:
    """Refuse a note that is neither text nor null (planner reads 0 or false as no note)."""
    if value is not None and not isinstance(value, str):
        raise InputError(field, "text or null is required")


def log_shape(data: object) -> None:
    """Check the dates, pain scores and flag lists of an uploaded log before planner reads it."""
    if not isinstance(data, dict):
        return  # planner names the problem
    for i, report in enumerate(_entries(data, "reports")):
        _date(report, f"reports[{i}]", "date")
        for name in PAIN_FIELDS:
            pain(f"reports[{i}].{name}", report.get(name))
        flag_list(f"reports[{i}].flags", report.get("flags"))
        text_or_null(f"reports[{i}].note", report.get("note"))
    for name, fields, words in (
        ("completions", ("date",), None),
        ("clearances", ("date",), "note"),
        ("retractions", ("date", "recorded"), "reason"),
        ("activities", ("date",), None),
    ):
        for i, entry in enumerate(_entries(data, name)):
            for field in fields:
                _date(entry, f"{name}[{i}]", field)
            if words:
                text_or_null(f"{name}[{i}].{words}", entry.get(words))
    if data.get("clearance") is not None:
        iso_date("clearance", data["clearance"])


def _entries(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = data.get(name)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _date(entry: dict[str, Any], where: str, field: str) -> None:
    if field in entry:
        iso_date(f"{where}.{field}", entry[field])
