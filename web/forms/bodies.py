"""Read JSON request bodies into the engine's values with planner's own checks.

Every check raises InputError naming the field, so bad input is a 422 and never a 500.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date, time
from typing import Any

from flask import request

from planner import conditions
from planner.errors import InputError
from planner.logio import MAX_ACTIVITY_ID, MAX_SOURCE, log_from_dict
from planner.model import Clearance, Log, PlanSpec, Report, Retraction
from planner.surrogates import check_text
from planner.units import in_unit, pace_between
from planner.validation import (
    PAIN_FIELDS,
    check_in_plan,
    check_spec,
    parse_flags,
    parse_pain,
    parse_run_days,
    parse_runs_per_week,
    parse_unit,
    parse_volume,
)
from planner.wording import WEEKDAYS
from web.core.errors import ApiError
from web.core.guards import MAX_ID
from web.forms import reports, shapes
from web.forms.checks import at_pace
from web.forms.limits import MAX_ITEM, MAX_NOTE, MAX_RECORD_NOTE

PLAN_FIELDS = frozenset(
    {
        "condition",
        "onset",
        "weekly_volume",
        "unit",
        "start",
        "goal",
        "runs_per_week",
        "easy_pace",
        "run_days",
        "calendar_time",
    }
)
# The routine a PATCH may change, as the settings page does: from today on (planner/routine.py).
ROUTINE_FIELDS = frozenset(
    {"weekly_volume", "runs_per_week", "run_days", "goal", "easy_pace", "unit"}
)
SETTINGS_FIELDS = frozenset({"clearance", "calendar_time", *ROUTINE_FIELDS})
CLEARANCE_ON_RECORD = (
    "A clearance is not changed here: record a clinician's clearance, with who gave it, with "
    "POST /plans/{plan_id}/clearances. Recorded clearances stay on the plan's safety record."
)
REPORT_FIELDS = frozenset({"date", *PAIN_FIELDS, "flags", "note"})
CLEARANCE_FIELDS = frozenset({"date", "note"})
RETRACTION_FIELDS = frozenset({"date", "flag", "reason", "confirm"})
MAX_DIGITS = sys.get_int_max_str_digits()
BIG = 1e9  # any number beyond this is a typo, and float() of a huge int would overflow


def body() -> dict[str, Any]:
    """Return the request's JSON object; 415 when it is not sent as JSON, 400 when it is not
    JSON, 422 when not an object (an empty body too)."""
    refused = json_refused()
    if refused:
        raise ApiError(415, refused)
    raw = request.get_data(cache=True)
    try:
        data = loads(raw or b"null", "body")
    except InputError as problem:
        raise ApiError(400, problem.message, "body") from None
    if not isinstance(data, dict):
        raise InputError("body", "Send a JSON object.")
    return data


NOT_SENT_AS_JSON = (
    "Send the body as JSON, with the header Content-Type: application/json ({sent} was sent)."
)


def json_refused() -> str | None:
    """Say why a body is not read as JSON: it is sent with another Content-Type, or none
    (None when it is JSON, or when nothing at all is sent)."""
    if request.is_json or not _sent_a_body():  # application/json, application/*+json too
        return None
    return NOT_SENT_AS_JSON.format(sent=_sent_type())


def files_refused() -> str | None:
    """Say why a watch-file upload's body is not read: it is sent with another Content-Type
    than multipart/form-data (None when it is, or when nothing at all is sent)."""
    if request.mimetype == "multipart/form-data" or not _sent_a_body():
        return None
    return NOT_SENT_AS_FILES.format(sent=_sent_type())


NOT_SENT_AS_FILES = (
    "Send activity files (FIT, GPX or TCX, also .gz and .zip) as multipart/form-data, in the "
    "field files ({sent} was sent)."
)


def _sent_a_body() -> bool:
    """Did the request come with a body? Its length says so even once a form has been read
    from it (the guards read every form before a view runs); else its bytes do."""
    return bool(request.content_length) or bool(request.get_data(cache=True))


def _sent_type() -> str:
    """Name the Content-Type a body came with, cut short: it is quoted back in the answer."""
    if not request.mimetype:
        return "no Content-Type"
    return request.mimetype if len(request.mimetype) <= 80 else request.mimetype[:79] + "…"


class _NotJson(ValueError):
    """JSON that Python would read but no other reader does (NaN, Infinity)."""


def _constant(name: str) -> object:
    raise _NotJson(f"{name} is not a JSON number")


def _finite(text_: str) -> float:
    value = float(text_)
    if not math.isfinite(value):
        raise _NotJson(f"the number {text_[:20]} is out of range")
    return value


def loads(data: bytes, field: str) -> object:
    """Read JSON from an API body or an uploaded file; InputError(field) says what is wrong.

    Input meant to break the reader (nesting thousands deep, a number of thousands of
    digits, NaN) gets a message, never a 500.
    """
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_constant, parse_float=_finite)
    except UnicodeDecodeError:
        raise InputError(field, "This is not valid JSON: it is not UTF-8 text.") from None
    except RecursionError:
        raise InputError(field, "This JSON is nested too deeply to be a log.") from None
    except _NotJson as problem:
        raise InputError(field, f"This is not valid JSON: {problem}.") from None
    except json.JSONDecodeError as problem:
        raise InputError(field, f"This is not valid JSON ({problem}).") from None
    except ValueError:  # int() refuses very long digit strings (CVE-2020-10735)
        raise InputError(
            field, f"This JSON has a number with more than {MAX_DIGITS} digits."
        ) from None


def only(
    data: dict[str, Any], allowed: frozenset[str], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Refuse unknown and missing keys."""
    for name in sorted(set(data) - allowed):
        raise InputError(name, "unknown field")
    for name in required:
        if data.get(name) is None:
            raise InputError(name, "this field is required")
    return data


def number(field: str, value: object) -> object:
    """Pass a plausible number through; refuse booleans, text, huge values and non-numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field, "a number is required")
    if isinstance(value, int | float) and not abs(value) <= BIG:
        raise InputError(field, "this number is out of range")
    return value


def whole(value: object) -> int | None:
    """Return a JSON integer as int (JSON Schema counts 4.0 as one too), else None."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= BIG:
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def optional_id(field: str, value: object) -> int | None:
    """Return a record id, or None when absent; anything but a positive integer is a 422."""
    if value is None:
        return None
    number = whole(value)
    if number is None or not 0 < number <= MAX_ID:
        raise InputError(field, "an id (a positive whole number) is required")
    return number


def text(field: str, value: object, limit: int) -> str:
    """Return text that any database stores: no NUL, valid Unicode, not too long."""
    if not isinstance(value, str):
        raise InputError(field, "text is required")
    if "\x00" in value or len(value) > limit:
        raise InputError(field, f"text must be under {limit} characters, without NUL")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(field, "text must be valid Unicode") from None
    return value


def optional_time(field: str, value: object) -> time | None:
    return shapes.hh_mm(field, value)


def spec_from(data: dict[str, Any], today: date) -> tuple[PlanSpec, time | None]:
    """Turn a plan's JSON into a checked PlanSpec and its calendar time."""
    only(data, PLAN_FIELDS, ("condition", "onset", "weekly_volume", "unit"))
    condition = conditions.get(text("condition", data["condition"], 64)).id
    unit = parse_unit("unit", data["unit"])
    pace = shapes.pace("easy_pace", data.get("easy_pace"))
    goal = data.get("goal")
    spec = PlanSpec(
        condition=condition,
        onset=shapes.iso_date("onset", data["onset"]),
        baseline=parse_volume(
            "weekly_volume", number("weekly_volume", data["weekly_volume"]), unit, pace
        ),
        unit=unit,
        start=None if data.get("start") is None else shapes.iso_date("start", data["start"]),
        goal=None if goal is None else parse_volume("goal", number("goal", goal), unit, pace),
        runs_per_week=parse_runs_per_week(
            "runs_per_week", number("runs_per_week", data.get("runs_per_week", 4))
        ),
        easy_pace=pace,
        run_days=run_days(data.get("run_days")),
    )
    check_spec(spec, as_of=today)
    return spec, optional_time("calendar_time", data.get("calendar_time"))


def settings_from(data: dict[str, Any], *, plan_id: int, recorded: date | None) -> dict[str, Any]:
    """Read the settings a PATCH may change beside the routine (`routine_from`): the calendar
    time. The clearance may come back as the plan has it (a client sends the plan it read);
    any other is refused, since lifting a halt belongs on the safety record, with who gave it
    and by whom may write the log."""
    only(data, SETTINGS_FIELDS)
    changes: dict[str, Any] = {}
    if "clearance" in data:
        cleared = data["clearance"]
        cleared = None if cleared is None else shapes.iso_date("clearance", cleared)
        if cleared != recorded:
            raise InputError("clearance", CLEARANCE_ON_RECORD.format(plan_id=plan_id))
    if "calendar_time" in data:
        changes["calendar_time"] = optional_time("calendar_time", data["calendar_time"])
    return changes


def run_days(given: object) -> tuple[int, ...]:
    """Read a list of weekday numbers, each once; null is the plan's default days (none)."""
    given = [] if given is None else given
    days = [whole(d) for d in given] if isinstance(given, list) else [None]
    if None in days:
        raise InputError("run_days", "run_days must be a list of weekday numbers 0-6")
    if len(set(days)) < len(days):
        raise InputError("run_days", "run_days names a weekday twice")
    return parse_run_days("run_days", days)


def routine_from(data: dict[str, Any], spec: PlanSpec) -> PlanSpec | None:
    """Read the routine a PATCH changes: the fields sent, the others as the plan has them
    (None when none is sent). As on the settings page, a new easy pace is set first, then a
    new unit says the whole plan in it at that pace (planner/units.py: each day keeps its
    minutes); figures and a pace sent with a new unit are in it. A new pace checks the usual
    week and goal that stay at it."""
    if not ROUTINE_FIELDS & set(data):
        return None
    for name in ("unit", "weekly_volume", "runs_per_week"):
        if name in data and data[name] is None:
            raise InputError(name, "this field cannot be null: leave it out to keep it")
    unit = parse_unit("unit", data["unit"]) if "unit" in data else spec.unit
    if "easy_pace" in data:  # per the unit sent, set in the plan's before the unit changes
        new_pace = shapes.pace("easy_pace", data["easy_pace"])
        spec = replace(spec, easy_pace=pace_between(new_pace, unit, spec.unit))
    spec = in_unit(spec, unit)
    pace = spec.easy_pace
    baseline, goal = spec.baseline, spec.goal
    if "weekly_volume" in data:
        sent = number("weekly_volume", data["weekly_volume"])
        baseline = parse_volume("weekly_volume", sent, spec.unit, pace)
    if "goal" in data:
        sent = data["goal"]
        goal = None if sent is None else parse_volume("goal", number("goal", sent), spec.unit, pace)
    if "easy_pace" in data:
        _at_pace(data, spec.unit, pace, weekly_volume=baseline, goal=goal)
    runs = spec.runs_per_week
    if "runs_per_week" in data:
        sent = number("runs_per_week", data["runs_per_week"])
        runs = parse_runs_per_week("runs_per_week", sent)
    days = run_days(data["run_days"]) if "run_days" in data else spec.run_days
    if days and len(days) < runs:
        raise InputError("run_days", _days_for_runs(days, runs, sent="run_days" in data))
    return replace(spec, baseline=baseline, goal=goal, runs_per_week=runs, run_days=days)


def _at_pace(data: dict[str, Any], unit: str, pace: float | None, **kept: float | None) -> None:
    """Refuse a new easy pace that makes a usual week or goal not sent impossible, on the pace."""
    for field, value in kept.items():
        if field in data or value is None:
            continue  # sent: read at the new pace already
        at_pace(field, value, unit, pace, f"send a new {field}")


def _days_for_runs(days: tuple[int, ...], runs: int, *, sent: bool) -> str:
    if sent:
        return f"pick at least {runs} run days, or fewer runs per week"
    named = ", ".join(WEEKDAYS[d] for d in days)
    return (
        f"the plan runs on {named}: send run_days with at least {runs} days, or null for "
        "the plan's default days"
    )


def report_from(data: dict[str, Any], *, onset: date, today: date) -> Report:
    """Read one day's report; the date defaults to today."""
    only(data, REPORT_FIELDS)
    for name in PAIN_FIELDS:
        shapes.pain(name, data.get(name))
    pains = {name: parse_pain(name, data.get(name)) for name in PAIN_FIELDS}
    note = "" if data.get("note") is None else text("note", data["note"], MAX_NOTE).strip()
    shapes.flag_list("flags", data.get("flags"))
    flags = parse_flags(data.get("flags"))
    when = today if data.get("date") is None else shapes.iso_date("date", data["date"])
    return reports.checked_report(
        Report(date=when, note=note, flags=flags, **pains),
        onset=onset,
        today=today,
        nothing=NOTHING_SENT,
    )


NOTHING_SENT = "Send at least one pain score, a red flag or a note."


def completion_from(
    data: dict[str, Any], *, keys_on: Callable[[date], set[str]], onset: date, today: date
) -> tuple[date, str]:
    """Read a check-off: a day from the start of the plan to today, and an item of that day."""
    only(data, frozenset({"date", "item"}), ("date", "item"))
    when = shapes.iso_date("date", data["date"])
    reports.check_completion_day(when, onset=onset, today=today)  # the day first, then the item
    item = text("item", data["item"], MAX_ITEM)
    reports.check_completion(when, item, keys_on=keys_on, onset=onset, today=today)
    return when, item


def log_from(data: dict[str, Any], *, onset: date, today: date) -> Log:
    """Read a whole log (SPEC §5), storable, with at most one report a day."""
    log = storable_log(data, onset=onset, today=today)
    seen: set[date] = set()
    for i, report in enumerate(log.reports):
        if report.date in seen:
            raise ApiError(
                409, f"Two reports on {report.date}: keep one per day.", f"reports[{i}].date"
            )
        seen.add(report.date)
    return log


def storable_log(data: object, *, onset: date, today: date) -> Log:
    """Read a whole log and make sure the database can hold every record (the web import too)."""
    check_text(data)  # before the shapes: a date holding a lone surrogate is no text at all
    shapes.log_shape(data)
    log = log_from_dict(data, onset=onset, as_of=today)
    for i, report in enumerate(log.reports):
        text(f"reports[{i}].note", report.note, MAX_NOTE)
    for i, completion in enumerate(log.completions):
        text(f"completions[{i}].item", completion.item, MAX_ITEM)
    for i, clearance in enumerate(log.clearances):
        text(f"clearances[{i}].note", clearance.note, MAX_RECORD_NOTE)
    for i, retraction in enumerate(log.retractions):
        text(f"retractions[{i}].reason", retraction.reason, MAX_RECORD_NOTE)
    for i, activity in enumerate(log.activities):
        check_in_plan(f"activities[{i}].date", activity.date, onset=onset, as_of=today)
        text(f"activities[{i}].id", activity.id, MAX_ACTIVITY_ID)
        text(f"activities[{i}].source", activity.source, MAX_SOURCE)
    return log


def clearance_from(data: dict[str, Any], *, onset: date, today: date) -> Clearance:
    """Read a clinician's clearance: {date, note}, both required."""
    only(data, CLEARANCE_FIELDS, ("date", "note"))
    shapes.iso_date("date", data["date"])
    text("note", data["note"], MAX_RECORD_NOTE)
    return reports.clearance_from(data, onset=onset, today=today)


def retraction_from(data: dict[str, Any], *, stored: Log, today: date) -> Retraction:
    """Read a confirmed mistake: {date, flag, reason, confirm: true}; recorded today."""
    only(data, RETRACTION_FIELDS, ("date", "flag", "reason"))
    shapes.iso_date("date", data["date"])
    text("reason", data["reason"], MAX_RECORD_NOTE)
    return reports.retraction_from(
        data, reports=stored.reports, today=today, confirmed=data.get("confirm") is True
    )
