"""The log JSON format of SPEC §5: read with checks that name the field, write canonically."""

from __future__ import annotations

from datetime import date
from typing import Any

from planner.errors import InputError
from planner.model import Clearance, Completion, Log, Report, Retraction
from planner.validation import (
    PAIN_FIELDS,
    check_clearance,
    check_clearance_entry,
    check_report,
    check_retraction,
    parse_date,
    parse_pain,
    parse_text,
)

REPORT_KEYS = frozenset({"date", *PAIN_FIELDS, "flags", "note"})
MAX_ITEM_KEY = 200  # engine keys are short ("ex:towel-scrunches"); storage allows this much


def log_from_dict(data: object, *, onset: date, as_of: date) -> Log:
    """Read a log; raise InputError naming the first bad field (e.g. reports[2].pain_rest)."""
    if not isinstance(data, dict):
        raise InputError("log", "the log must be a JSON object with 'reports' and 'completions'")
    unknown = set(data) - {"reports", "completions", "clearance", "clearances", "retractions"}
    if unknown:
        raise InputError("log", f"unknown key '{sorted(unknown)[0]}'")
    reports = tuple(
        _report(f"reports[{i}]", raw, onset, as_of)
        for i, raw in enumerate(_list(data, "reports"))
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
    return Log(
        reports=reports,
        completions=completions,
        clearance=check_clearance(
            None if clearance is None else parse_date("clearance", clearance), onset=onset, as_of=as_of
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
    note = raw.get("note") or ""
    if not isinstance(note, str):
        raise InputError(f"{where}.note", "the note must be text")
    flags = raw.get("flags") or []
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
    when = parse_date(f"{where}.date", raw.get("date"))
    if not onset <= when <= as_of:
        raise InputError(f"{where}.date", f"{when} is outside the plan so far ({onset} to {as_of})")
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
        return check_retraction(retraction, reports, as_of=as_of)
    except InputError as error:
        raise InputError(f"{where}.{error.field}", error.message) from None


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
            {"date": r.date.isoformat(), "flag": r.flag, "recorded": r.recorded.isoformat(), "reason": r.reason}
            for r in sorted(set(log.retractions), key=lambda r: (r.date, r.flag, r.recorded, r.reason))
        ]
    return data
