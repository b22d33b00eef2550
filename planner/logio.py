"""The log JSON format of SPEC §5: read with checks that name the field, write canonically."""

from __future__ import annotations

from datetime import date
from typing import Any

from planner.errors import InputError
from planner.model import Activity, Clearance, Completion, Log, Report, Retraction, Sport
from planner.surrogates import check_text
from planner.validation import (
    PAIN_FIELDS,
    check_clearance,
    check_clearance_entry,
    check_in_plan,
    check_report,
    check_retraction,
    parse_date,
    parse_pain,
    parse_text,
)

REPORT_KEYS = frozenset({"date", *PAIN_FIELDS, "flags", "note"})
MAX_ITEM_KEY = 200  # engine keys are short ("ex:towel-scrunches"); storage allows this much
ACTIVITY_KEYS = (
    "id",
    "date",
    "sport",
    "moving_minutes",
    "distance_km",
    "longest_run_minutes",
    "source",
)
MAX_ACTIVITY_ID = 100  # watch ids are "act-" and 24 hex digits
MAX_MOVING_MINUTES = 7 * 24 * 60  # a week of moving time: more is a damaged file
MAX_DISTANCE_KM = 5000.0
MAX_SOURCE = 300


def log_from_dict(data: object, *, onset: date, as_of: date) -> Log:
    """Read a log; raise InputError naming the first bad field (e.g. reports[2].pain_rest)."""
    if not isinstance(data, dict):
        raise InputError("log", "the log must be a JSON object with 'reports' and 'completions'")
    check_text(data)
    unknown = set(data) - {
        "reports",
        "completions",
        "clearance",
        "clearances",
        "retractions",
        "activities",
    }
    if unknown:
        raise InputError("log", f"unknown key '{sorted(unknown)[0]}'")
    reports = tuple(
        _report(f"reports[{i}]", raw, onset, as_of) for i, raw in enumerate(_list(data, "reports"))
    )
    completions = tuple(
        _completion(f"completions[{i}]", raw, onset, as_of)
        for i, raw in enumerate(_list(data, "completions"))
    )
    clearance = data.get("clearance")
    clearances = tuple(
        _clearance(f"clearances[{i}]", raw, onset, as_of)
        for i, raw in enumerate(_list(data, "clearances"))
    )
    retractions = tuple(
        _retraction(f"retractions[{i}]", raw, reports, as_of)
        for i, raw in enumerate(_list(data, "retractions"))
    )
    activities = tuple(
        activity_from_dict(f"activities[{i}]", raw)
        for i, raw in enumerate(_list(data, "activities"))
    )
    _unique_ids(activities)
    return Log(
        activities=activities,
        reports=reports,
        completions=completions,
        clearance=check_clearance(
            None if clearance is None else parse_date("clearance", clearance),
            onset=onset,
            as_of=as_of,
        ),
        clearances=clearances,
        retractions=retractions,
    )


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InputError(key, f"'{key}' must be a list")
    return value


def _report(where: str, raw: object, onset: date, as_of: date) -> Report:
    if not isinstance(raw, dict):
        raise InputError(where, "each report must be an object")
    unknown = set(raw) - REPORT_KEYS
    if unknown:
        raise InputError(f"{where}.{sorted(unknown)[0]}", "unknown report field")
    pains = {name: parse_pain(f"{where}.{name}", raw.get(name)) for name in PAIN_FIELDS}
    note = raw.get("note")
    note = "" if note is None else note
    if not isinstance(note, str):
        raise InputError(f"{where}.note", "the note must be text")
    flags = raw.get("flags")
    flags = [] if flags is None else flags
    if not isinstance(flags, list):
        raise InputError(f"{where}.flags", "flags must be a list of red-flag names")
    report = Report(
        date=parse_date(f"{where}.date", raw.get("date")),
        flags=tuple(flags),
        note=note,
        **pains,
    )
    try:
        return check_report(report, onset=onset, as_of=as_of)
    except InputError as error:
        raise InputError(f"{where}.{error.field}", error.message) from None


def _completion(where: str, raw: object, onset: date, as_of: date) -> Completion:
    if not isinstance(raw, dict) or set(raw) - {"date", "item"}:
        raise InputError(where, "each completion must be an object with 'date' and 'item'")
    when = check_in_plan(
        f"{where}.date", parse_date(f"{where}.date", raw.get("date")), onset=onset, as_of=as_of
    )
    item = raw.get("item")
    if not isinstance(item, str) or not item:
        raise InputError(f"{where}.item", "the item key must be a non-empty string")
    if len(item) > MAX_ITEM_KEY:
        raise InputError(f"{where}.item", f"an item key has at most {MAX_ITEM_KEY} characters")
    return Completion(date=when, item=item)


def _fields(where: str, raw: object, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InputError(where, f"each entry must be an object with {', '.join(sorted(required))}")
    unknown = set(raw) - required - optional
    if unknown:
        raise InputError(f"{where}.{sorted(unknown)[0]}", "unknown field")
    return raw


def _clearance(where: str, raw: object, onset: date, as_of: date) -> Clearance:
    fields = _fields(where, raw, {"date"}, {"note"})
    clearance = Clearance(
        date=parse_date(f"{where}.date", fields.get("date")),
        note=parse_text(f"{where}.note", fields.get("note")),
    )
    try:
        return check_clearance_entry(clearance, onset=onset, as_of=as_of)
    except InputError as error:
        raise InputError(f"{where}.{error.field}", error.message) from None


def _retraction(where: str, raw: object, reports: tuple[Report, ...], as_of: date) -> Retraction:
    fields = _fields(where, raw, {"date", "flag", "recorded"}, {"reason"})
    flag = fields.get("flag")
    if not isinstance(flag, str):
        raise InputError(f"{where}.flag", "the red flag's name is required")
    retraction = Retraction(
        date=parse_date(f"{where}.date", fields.get("date")),
        flag=flag,
        recorded=parse_date(f"{where}.recorded", fields.get("recorded")),
        reason=parse_text(f"{where}.reason", fields.get("reason")),
    )
    try:
        return check_retraction(retraction, reports, as_of=as_of, in_log=True)
    except InputError as error:
        raise InputError(f"{where}.{error.field}", error.message) from None


def activity_from_dict(where: str, raw: object) -> Activity:
    """Read one activity of the log; raise InputError naming the field (`where` prefixes it)."""
    fields = _fields(where, raw, {"id", "date", "sport", "moving_minutes"}, set(ACTIVITY_KEYS))
    missing = [key for key in ("id", "date", "sport", "moving_minutes") if key not in fields]
    if missing:
        raise InputError(f"{where}.{missing[0]}", "is required")
    ident = fields["id"]
    if not isinstance(ident, str) or not 0 < len(ident) <= MAX_ACTIVITY_ID:
        raise InputError(
            f"{where}.id", f"the activity id must be text of 1 to {MAX_ACTIVITY_ID} characters"
        )
    sport = fields["sport"]
    if not isinstance(sport, str) or sport not in set(Sport):
        raise InputError(
            f"{where}.sport", f"unknown sport {str(sport)[:30]!r}; use one of {', '.join(Sport)}"
        )
    moving = _amount(f"{where}.moving_minutes", fields["moving_minutes"], MAX_MOVING_MINUTES)
    if moving is None or moving <= 0:
        raise InputError(f"{where}.moving_minutes", "must be a number of minutes above 0")
    longest = _amount(
        f"{where}.longest_run_minutes", fields.get("longest_run_minutes"), MAX_MOVING_MINUTES
    )
    if longest is not None and longest > moving:
        raise InputError(f"{where}.longest_run_minutes", "cannot be longer than the moving minutes")
    source = fields.get("source")
    source = "" if source is None else source
    if not isinstance(source, str) or len(source) > MAX_SOURCE:
        raise InputError(
            f"{where}.source", f"the source file's name is text of at most {MAX_SOURCE} characters"
        )
    return Activity(
        id=ident,
        date=parse_date(f"{where}.date", fields["date"]),
        sport=Sport(sport),
        moving_minutes=moving,
        distance_km=_amount(f"{where}.distance_km", fields.get("distance_km"), MAX_DISTANCE_KM),
        longest_run_minutes=longest,
        source=source,
    )


def _amount(field: str, value: object, most: float) -> float | None:
    """Parse an optional number from 0 to `most` (JSON null = unknown)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= most:
        raise InputError(field, f"must be a number from 0 to {most:g}, or null")
    return float(value)


def _unique_ids(activities: tuple[Activity, ...]) -> None:
    seen: set[str] = set()
    for index, activity in enumerate(activities):
        if activity.id in seen:
            raise InputError(f"activities[{index}].id", f"{activity.id} appears twice")
        seen.add(activity.id)


def activity_to_dict(activity: Activity) -> dict[str, Any]:
    """Write one activity as the log keeps it (the shape watch.Activity.to_json gives)."""
    return {
        "id": activity.id,
        "date": activity.date.isoformat(),
        "sport": activity.sport.value,
        "moving_minutes": activity.moving_minutes,
        "distance_km": activity.distance_km,
        "longest_run_minutes": activity.longest_run_minutes,
        "source": activity.source,
    }


def log_to_dict(log: Log) -> dict[str, Any]:
    """Write a log in the SPEC §5 shape, sorted so equal logs give equal JSON."""
    data: dict[str, Any] = {
        "reports": [
            {
                "date": r.date.isoformat(),
                **{name: getattr(r, name) for name in PAIN_FIELDS},
                "flags": list(r.flags),
                "note": r.note,
            }
            for r in sorted(log.reports, key=lambda r: r.date)
        ],
        "completions": [
            {"date": c.date.isoformat(), "item": c.item}
            for c in sorted(set(log.completions), key=lambda c: (c.date, c.item))
        ],
    }
    if log.clearance is not None:
        data["clearance"] = log.clearance.isoformat()
    if log.clearances:  # written only when present, so older readers see the old shape
        data["clearances"] = [
            {"date": c.date.isoformat(), "note": c.note}
            for c in sorted(set(log.clearances), key=lambda c: (c.date, c.note))
        ]
    if log.retractions:
        data["retractions"] = [
            {
                "date": r.date.isoformat(),
                "flag": r.flag,
                "recorded": r.recorded.isoformat(),
                "reason": r.reason,
            }
            for r in sorted(
                set(log.retractions), key=lambda r: (r.date, r.flag, r.recorded, r.reason)
            )
        ]
    if log.activities:
        data["activities"] = [
            activity_to_dict(a) for a in sorted(set(log.activities), key=lambda a: (a.date, a.id))
        ]
    return data
