"""What the OpenAPI document says about request bodies beyond field types: the same bounds the
API enforces (web/api/parse.py, web/api/shapes.py, planner.validation), so that a request the
document calls valid is accepted and one it calls invalid is refused.

Rules that hang on today's date or the plan (an onset near today, an item on its day, a volume
that is 20 minutes of running at your pace) are described in words; the schemas give the widest
bounds that hold for every pace.
"""

from __future__ import annotations

from typing import Any

from planner.protocol import KM_PER_MI, MAX_WEEKLY_KM, MIN_WEEKLY_MINUTES, RED_FLAGS
from planner.validation import PAIN_FIELDS
from web.forms.limits import MAX_NOTE, MAX_RECORD_NOTE
from web.forms.shapes import PATTERNS

NO_NUL = "^[^\\x00]*$"
NON_BLANK = "^[^\\x00]*[^\\s\\x00][^\\x00]*$"  # some character that is not a space
DATE = {
    "type": "string",
    "format": "date",
    "example": "2025-03-10",
    "pattern": "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$",
}
TIME = {"type": "string", "pattern": PATTERNS["time"], "example": "07:30"}
PACE = {
    "type": "string",
    "pattern": PATTERNS["pace"],
    "example": "6:00",
    "description": "Minutes per km (or per mile), from 2:30 to 20:00.",
}
PAIN = {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 10}, {"type": "null"}]}
FLAG = {"type": "string", "enum": list(RED_FLAGS)}
FLAGS = {"type": "array", "items": FLAG}
SLOWEST_PACE = 20.0  # minutes per unit: the widest bounds hold at this pace

VOLUME = {
    "type": "number",
    "minimum": 1,
    "maximum": MAX_WEEKLY_KM * SLOWEST_PACE,
    "description": "A week's running in the plan's unit: at least 20 minutes of running at your "
    "easy pace (6:00/km when none is given) and at most 400 km.",
}
UNIT_BOUNDS = {
    "km": {"maximum": MAX_WEEKLY_KM},
    "mi": {"maximum": MAX_WEEKLY_KM / KM_PER_MI},
    "min": {"minimum": MIN_WEEKLY_MINUTES},
}


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _if(condition: dict[str, Any], then: dict[str, Any]) -> dict[str, Any]:
    return {"if": condition, "then": then}


def plan_rules() -> list[dict[str, Any]]:
    """Per unit, the volume bounds; per runs a week, how many run days (if any) to name."""
    return _routine_rules(unit_sent=False, default_runs=4)


def settings_rules() -> list[dict[str, Any]]:
    """A PATCH's rules where the body itself says them: the volume bounds of a unit sent, and
    the run days for the runs a week sent (otherwise the plan's own figures bind)."""
    return _routine_rules(unit_sent=True, default_runs=None)


def _routine_rules(*, unit_sent: bool, default_runs: int | None) -> list[dict[str, Any]]:
    """The volume bounds per unit and the run days per runs a week; `unit_sent` binds the
    bounds only when the body names its unit, and `default_runs` is what a body that leaves
    runs_per_week out means (None: the plan's own, unknown to the document)."""
    rules = []
    for unit, bounds in UNIT_BOUNDS.items():
        given: dict[str, Any] = {"properties": {"unit": {"const": unit}}}
        if unit_sent:
            given["required"] = ["unit"]
        volumes = {"weekly_volume": bounds, "goal": _or_null({"type": "number", **bounds})}
        rules.append(_if(given, {"properties": volumes}))
    for runs in range(1, 8):
        given = {"properties": {"runs_per_week": {"const": runs}}, "required": ["runs_per_week"]}
        if runs == default_runs:
            given = {"anyOf": [given, {"not": {"required": ["runs_per_week"]}}]}
        enough = {"anyOf": [{"type": "null"}, {"maxItems": 0}, {"minItems": runs}]}
        rules.append(_if(given, {"properties": {"run_days": enough}}))
    return rules


def something_reported() -> list[dict[str, Any]]:
    """A report says something: a pain score, a red flag or a note."""
    return [
        *({"properties": {name: {"type": "integer"}}, "required": [name]} for name in PAIN_FIELDS),
        {"properties": {"flags": {"type": "array", "minItems": 1}}, "required": ["flags"]},
        {"properties": {"note": {"type": "string", "pattern": NON_BLANK}}, "required": ["note"]},
    ]


def flag_confirmed() -> list[dict[str, Any]]:
    """A report with a red flag carries "confirm": "red_flag" (without a flag it may leave it out)."""
    return [
        {"properties": {"flags": {"maxItems": 0}}},  # no flags: absent, null or empty
        {"required": ["confirm"]},
    ]


NOTE = {"type": "string", "maxLength": MAX_NOTE, "pattern": NO_NUL}
LOG_NOTE = {"type": "string", "maxLength": MAX_RECORD_NOTE, "pattern": NO_NUL}
RUN_DAYS = _or_null(
    {"type": "array", "uniqueItems": True, "items": {"type": "integer", "minimum": 0, "maximum": 6}}
)
LOG_REPORT = {
    "date": DATE,
    **{name: PAIN for name in PAIN_FIELDS},
    "flags": _or_null(FLAGS),
    "note": _or_null(NOTE),
}
LOG_CLEARANCE = {"date": DATE, "note": _or_null(LOG_NOTE)}
LOG_RETRACTION = {"date": DATE, "flag": FLAG, "recorded": DATE, "reason": _or_null(LOG_NOTE)}
