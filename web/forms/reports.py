"""Read the report and check-off forms into the engine's values, with planner's own checks."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from planner.errors import InputError
from planner.model import Clearance, Plan, Report, Retraction
from planner.protocol import RED_FLAGS
from planner.validation import (
    PAIN_FIELDS,
    check_clearance_entry,
    check_report,
    check_retraction,
    parse_date,
    parse_flags,
    parse_pain,
    parse_text,
)
from web.core.templating import PAIN_LABELS, long_date
from web.forms import Form
from web.forms.limits import MAX_NOTE


def changed_meanwhile(now: Report | None, when: date) -> str:
    """Say why a report from a page opened before another save of its day was not saved."""
    held = "no report"
    if now is not None:
        told = [
            f"{label.lower()} {getattr(now, name)}/10"
            for name, label in PAIN_LABELS.items()
            if getattr(now, name) is not None
        ]
        flags = ", ".join(RED_FLAGS[f].label for f in now.flags if f in RED_FLAGS)
        told += [f"red flag{'s' if len(now.flags) > 1 else ''}: {flags}"] if flags else []
        held = "; ".join(told + ([f"note “{now.note}”"] if now.note else [])) or "a report"
    return (
        f"The report for {long_date(when)} was saved from another page after this one was "
        f"opened, so yours was not saved over it: it now holds {held}. Your scores are below "
        "as you chose them: save again to make them the day's report, or open the day again "
        "to see it."
    )


def report_from(form: Form, *, onset: date, today: date) -> tuple[Report | None, dict[str, Any]]:
    """Return (report, {}) or (None, {field: message}) naming every bad field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name in PAIN_FIELDS:
        try:
            values[name] = parse_pain(name, form.get(name, ""))
        except InputError as error:
            errors[name] = error.message
    try:
        values["flags"] = parse_flags(form.getlist("flags"))
    except InputError as error:
        errors["flags"] = error.message
    note = form.get("note", "").strip()
    if len(note) > MAX_NOTE:
        errors["note"] = f"Keep the note under {MAX_NOTE} characters (it has {len(note)})."
    try:
        when = parse_date("date", form.get("date") or today.isoformat())
    except InputError as error:
        errors["date"] = error.message
    if errors:
        return None, errors
    try:
        report = Report(date=when, note=note, **values)
        return checked_report(report, onset=onset, today=today, nothing=NOTHING_ENTERED), {}
    except InputError as error:
        return None, {error.field: error.message}


NOTHING_ENTERED = "Enter at least one pain score, a red flag or a note."


def checked_report(report: Report, *, onset: date, today: date, nothing: str) -> Report:
    """Check a report read from a form or a JSON body: something reported (else `nothing`,
    the message in the words of its source), on a day of the plan, with planner's checks."""
    pains = [getattr(report, name) for name in PAIN_FIELDS]
    if all(pain is None for pain in pains) and not report.flags and not report.note:
        raise InputError("pain_rest", nothing)
    return check_report(report, onset=onset, as_of=today)


def completion_from(
    form: Mapping[str, Any], *, keys_on: Callable[[date], set[str]], onset: date, today: date
) -> tuple[date, str, bool]:
    """Read a check-off: the day, an item of that day's plan, and whether it is done."""
    when = parse_date("date", form.get("date"))
    item = form.get("item", "")
    check_completion(when, item, keys_on=keys_on, onset=onset, today=today)
    return when, item, form.get("done") == "1"


def check_completion_day(when: date, *, onset: date, today: date) -> None:
    """Refuse a check-off outside the plan's start to today."""
    if not onset <= when <= today:
        raise InputError("date", "You can only tick off days from the start of the plan to today.")


def check_completion(
    when: date, item: str, *, keys_on: Callable[[date], set[str]], onset: date, today: date
) -> None:
    """Refuse a check-off outside the plan's start to today, or of an item not on that day."""
    check_completion_day(when, onset=onset, today=today)
    if item not in keys_on(when):
        raise InputError("item", "That item is not on this day's plan.")


def clearance_from(data: Mapping[str, Any], *, onset: date, today: date) -> Clearance:
    """Read a clinician's clearance: the day it was given, and who (or what) gave it."""
    when = parse_date("date", data.get("date") or None)
    note = parse_text("note", data.get("note"))
    if not note:
        raise InputError(
            "note",
            "Say who gave the clearance to run (e.g. Dr Lee, sports "
            "physiotherapist), or what did (a scan, a letter).",
        )
    try:
        return check_clearance_entry(Clearance(when, note), onset=onset, as_of=today)
    except InputError as error:
        raise InputError(error.field, _sentence(error.message)) from None


def clearance_lifting(
    record: Clearance, plan: Plan, flags: Sequence[tuple[date, str]], field: str = "date"
) -> Clearance:
    """Refuse a clearance dated before a stopped plan's stop, or before one of its standing red
    `flags` (web/pages/plans.py open_flags: one that joined it, or the same flag told again):
    it would lift nothing (planner/halts.py), and "the clearance is recorded" would say
    otherwise."""
    if not plan.stopped_by:
        return record
    began = plan.stopped_by[0].date
    latest = max([plan.stopped_by[-1].date, *(day for day, _ in flags)])
    if record.date >= latest:
        return record
    said = (
        f"The plan stopped on {long_date(began)}"
        if latest == began
        else f"A red flag joined the stop on {long_date(latest)}"
    )
    raise InputError(
        field,
        f"{said}: a clearance given before that cannot lift the stop. Record the clearance "
        "given after it.",
    )


def settings_clearance(
    form: Mapping[str, Any], *, recorded: date | None, onset: date, today: date
) -> Clearance | None:
    """Read the clearance fields of a plan's settings (`clearance`, `clearance_note`): None when
    the date is blank, or is the date already on the plan (shown filled in) with nobody named
    beside it; else a clinician's clearance read as the plan page's form reads it, who gave it
    included (a date alone lifts nothing, and who gave it without a date is refused rather than
    dropped)."""
    when = str(form.get("clearance") or "").strip()
    named = bool(str(form.get("clearance_note") or "").strip())
    if not when and named:
        # who cleared the runner, without the day, is half a record: saying "saved" dropped it
        raise InputError(
            "clearance",
            "Give the day of the clearance, or empty the box saying who gave it.",
        )
    if not when or (recorded is not None and when == recorded.isoformat() and not named):
        return None
    try:
        return clearance_from(
            {"date": when, "note": form.get("clearance_note")}, onset=onset, today=today
        )
    except InputError as error:
        field = {"date": "clearance", "note": "clearance_note"}.get(error.field, error.field)
        raise InputError(field, error.message) from None


def retraction_from(
    data: Mapping[str, Any], *, reports: tuple[Report, ...], today: date, confirmed: bool
) -> Retraction:
    """Read a confirmed "this red flag was a mistake": the flag, its day and why; recorded today."""
    when = parse_date("date", data.get("date") or None)
    flag = data.get("flag")
    if not isinstance(flag, str) or not flag:
        raise InputError("flag", "Name the red flag that was a mistake.")
    reason = parse_text("reason", data.get("reason"))
    if not reason:
        raise InputError(
            "reason", "Say why this red flag was a mistake (e.g. ticked the wrong box)."
        )
    if not confirmed:
        raise InputError(
            "confirm",
            "Confirm that this red flag was a mistake: it stays on the record, marked as a "
            "mistake, and stops counting; the plan resumes with rehab and a new pain-free test "
            "once nothing else keeps it stopped.",
        )
    try:
        return check_retraction(Retraction(when, flag, today, reason), reports, as_of=today)
    except InputError as error:
        raise InputError(error.field, _sentence(error.message)) from None


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
