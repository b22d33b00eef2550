"""Input checks shared by the CLI, the web forms and the API: never clamp, always name the field."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from planner.errors import InputError
from planner.model import UNITS, Clearance, PlanSpec, Report, Retraction
from planner.protocol import (
    DEFAULT_PACE_MIN_PER_KM,
    KM_PER_MI,
    MAX_ONSET_AGE_DAYS,
    MAX_PLAN_DAYS,
    MAX_START_DELAY_DAYS,
    MAX_WEEKLY_KM,
    MIN_WEEKLY_MINUTES,
    RED_FLAGS,
)

MIN_EASY_PACE, MAX_EASY_PACE = 2.5, 20.0  # minutes a km or mile: a world-class 2:30 to a walk
PAIN_FIELDS = ("pain_rest", "pain_walking", "pain_running", "pain_morning")
MAX_NOTE = 500  # a clearance note or a retraction reason: a sentence or two, not a document
# Numbers as typed, in ASCII digits only: str.isdigit() takes "²" (which int() then refuses with a
# crash) and int() and float() take "٦" or "1_0"; digits of other scripts get the usual message.
WHOLE = re.compile(r"[0-9]+")
SIGNED_WHOLE = re.compile(r"[+-]?[0-9]+")
SHOWN = 20  # characters of a bad answer echoed in its message: enough to recognise, not to flood
TOO_LARGE = 1e6  # beyond this a number is a slip of the keyboard, and %g would print 1.1e+299


def shown(text: object) -> str:
    """Return a bad answer as its message quotes it: one line, at most SHOWN characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= SHOWN else line[: SHOWN - 1] + "…"


DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_date(field: str, text: object) -> date:
    """Parse an ISO date (YYYY-MM-DD)."""
    if isinstance(text, date):
        return text
    if not isinstance(text, str) or not text.strip():
        raise InputError(field, "type a date, e.g. 2025-03-18")
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            field, f"'{shown(text)}' is not a date: type one like 2025-03-18"
        ) from None
    if not 1900 <= value.year <= 2200:
        raise InputError(field, f"{value} is too far from today to plan around")
    return value


def parse_pain(field: str, value: object) -> int | None:
    """Parse a pain score: a whole number 0-10, or blank for 'not reported'."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputError(field, "pain must be a whole number from 0 to 10")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        try:
            if not SIGNED_WHOLE.fullmatch(value.strip()):
                raise ValueError(value)
            value = int(value.strip())
        except ValueError:
            raise InputError(
                field, f"'{shown(value)}' is not a whole number from 0 to 10"
            ) from None
    if not isinstance(value, int):
        raise InputError(field, "pain must be a whole number from 0 to 10")
    if not 0 <= value <= 10:
        raise InputError(field, "pain is a whole number from 0 to 10")
    return value


def parse_flags(values: object, field: str = "flags") -> tuple[str, ...]:
    """Check red flags against the vocabulary of SPEC §3.7; keep their canonical order."""
    if values is None:
        return ()
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InputError(field, "flags must be a list of red-flag names")
    given = list(values)
    for flag in given:
        if not isinstance(flag, str) or flag not in RED_FLAGS:
            known = ", ".join(RED_FLAGS)
            raise InputError(field, f"unknown flag '{flag}' (known: {known})")
    return tuple(flag for flag in RED_FLAGS if flag in given)


def parse_unit(field: str, text: object) -> str:
    if text not in UNITS:
        raise InputError(field, f"unit must be one of {', '.join(UNITS)}, got '{text}'")
    return str(text)


def parse_number(field: str, text: object) -> float:
    """Parse a finite, non-negative number."""
    if isinstance(text, bool):
        raise InputError(field, "a number is required")
    if text is None or (isinstance(text, str) and not text.strip()):
        raise InputError(field, "this is required: type a number, e.g. 30 or 30.5")
    try:
        if isinstance(text, str) and not DECIMAL.fullmatch(text.strip()):
            raise ValueError(text)
        value = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(
            field, f"'{shown(text)}' is not a number: type digits, e.g. 30 or 30.5"
        ) from None
    if not math.isfinite(value) or value > TOO_LARGE:
        raise InputError(field, "that number is too large; check it")
    if value < 0:
        raise InputError(field, "cannot be below 0")
    return value


def parse_volume(field: str, text: object, unit: str, pace: float | None = None) -> float:
    """Parse a weekly volume and refuse absurd ones (more than MAX_WEEKLY_KM a week)."""
    value = parse_number(field, text)
    if value == 0:
        raise InputError(field, "must be more than 0 (your usual week before the injury)")
    km = weekly_km(value, unit, pace)
    if km > MAX_WEEKLY_KM:
        if unit == "min":  # said in the runner's own unit, with the pace that converts it
            raise InputError(
                field,
                f"{value:g} minutes a week is about {km:.0f} km at "
                f"{pace_per_km(unit, pace):g} min/km, more than anyone runs "
                f"({MAX_WEEKLY_KM:g} km); check the number",
            )
        raise InputError(
            field, f"{value:g} {unit} a week is more than {MAX_WEEKLY_KM:g} km; check the unit"
        )  # value is at most TOO_LARGE (parse_number), so :g prints it as typed
    if weekly_km(value, unit, pace) * (pace_per_km(unit, pace)) < MIN_WEEKLY_MINUTES:
        raise InputError(
            field,
            f"{value:g} {unit} a week is under {MIN_WEEKLY_MINUTES:g} minutes of running; "
            "this plan needs a running routine to return to",
        )
    return value


def pace_per_km(unit: str, pace: float | None) -> float:
    """Minutes per km for converting a weekly volume back to minutes."""
    if unit == "min":
        return pace or DEFAULT_PACE_MIN_PER_KM
    if unit == "mi":
        return (pace / KM_PER_MI) if pace else DEFAULT_PACE_MIN_PER_KM
    return pace or DEFAULT_PACE_MIN_PER_KM


def weekly_km(volume: float, unit: str, pace: float | None) -> float:
    """Convert a weekly volume to km through the easy pace."""
    if unit == "km":
        return volume
    if unit == "mi":
        return volume * KM_PER_MI
    return volume / (pace or DEFAULT_PACE_MIN_PER_KM)


def parse_pace(field: str, text: object) -> float | None:
    """Parse an easy pace 'MM:SS' per unit into minutes; blank means the default."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    not_a_pace = f"'{shown(text)}' is not a pace: type minutes:seconds, e.g. 6:00 or 5:45"
    if not isinstance(text, str) or text.count(":") != 1:
        raise InputError(field, not_a_pace)
    minutes, seconds = text.strip().split(":")
    if not (WHOLE.fullmatch(minutes) and WHOLE.fullmatch(seconds) and len(seconds) == 2):
        raise InputError(field, not_a_pace)
    if int(seconds) >= 60:
        raise InputError(field, f"{shown(text)} has {seconds} seconds: a minute has 0 to 59")
    value = int(minutes) + int(seconds) / 60
    if not MIN_EASY_PACE <= value <= MAX_EASY_PACE:
        speed = "fast" if value < MIN_EASY_PACE else "slow"
        raise InputError(
            field, f"{shown(text)} is too {speed} for an easy pace: type one from 2:30 to 20:00"
        )
    return value


def parse_runs_per_week(field: str, text: object) -> int:
    """Parse how many days a week the runner runs, 1 to 7; blank is a missing answer."""
    ask = "Type how many days a week you run, 1 to 7 (e.g. 4)"
    if text is None or (isinstance(text, str) and not text.strip()):
        raise InputError(field, f"{ask}.")
    try:
        value = parse_number(field, text)
    except InputError:
        raise InputError(field, f"{ask}, not '{shown(text)}'.") from None
    if not value.is_integer() or not 1 <= value <= 7:
        raise InputError(field, f"{ask}, not {shown(text)}.")
    return int(value)


def parse_run_days(field: str, values: Iterable[object]) -> tuple[int, ...]:
    """Parse preferred weekdays (0 = Monday ... 6 = Sunday)."""
    days: set[int] = set()
    for value in values:
        try:
            if isinstance(value, str) and not SIGNED_WHOLE.fullmatch(value.strip()):
                raise ValueError(value)
            day = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            raise InputError(field, f"'{value}' is not a weekday number 0-6") from None
        if not 0 <= day <= 6:
            raise InputError(field, f"weekday must be 0 (Monday) to 6 (Sunday), got {day}")
        days.add(day)
    return tuple(sorted(days))


def check_spec(spec: PlanSpec, *, as_of: date) -> PlanSpec:
    """Check a whole spec; return it unchanged when it can make a plan."""
    from planner import conditions  # the catalog is data; import late to keep this light

    conditions.get(spec.condition)
    parse_unit("unit", spec.unit)
    parse_volume("weekly_volume", spec.baseline, spec.unit, spec.easy_pace)
    if spec.goal is not None:
        parse_volume("goal", spec.goal, spec.unit, spec.easy_pace)
    parse_runs_per_week("runs_per_week", spec.runs_per_week)
    parse_run_days("run_days", spec.run_days)
    if spec.run_days and len(spec.run_days) < spec.runs_per_week:
        raise InputError(
            "run_days", f"pick at least {spec.runs_per_week} run days, or fewer runs per week"
        )
    if spec.onset > as_of:
        raise InputError("onset", f"the pain cannot begin in the future ({spec.onset} > {as_of})")
    if (as_of - spec.onset).days > MAX_ONSET_AGE_DAYS:
        raise InputError("onset", f"{spec.onset} is more than five years ago; check the year")
    if spec.start is not None and spec.start < spec.onset:
        raise InputError(
            "start", f"the plan cannot start ({spec.start}) before onset ({spec.onset})"
        )
    if spec.start is not None and (spec.start - spec.onset).days > MAX_START_DELAY_DAYS:
        raise InputError(
            "start", f"the plan cannot start more than a year after the onset ({spec.onset})"
        )
    if (as_of - spec.first_day).days >= MAX_PLAN_DAYS:  # no day of it would be today
        raise InputError(
            "start" if spec.start is not None else "onset",
            f"a plan from {spec.first_day} would be over by {as_of}: a plan runs at most "
            f"{MAX_PLAN_DAYS} days. Pain that began this long ago needs a professional's look "
            "before a return-to-run plan",
        )
    if spec.easy_pace is not None and not 2.5 <= spec.easy_pace <= 20:
        raise InputError("easy_pace", "easy pace must be from 2:30 to 20:00 per unit")
    return spec


def check_clearance(clearance: date | None, *, onset: date, as_of: date) -> date | None:
    """A clinician clearance is recorded when it happened: after onset, not in the future."""
    if clearance is not None and not onset <= clearance <= as_of:
        raise InputError(
            "clearance",
            f"the clearance date must be between the onset ({onset}) and today ({as_of})",
        )
    return clearance


def check_in_plan(field: str, when: date, *, onset: date, as_of: date) -> date:
    """A check-off or a recorded activity is dated in the plan so far: onset to as-of."""
    if not onset <= when <= as_of:
        raise InputError(field, f"{when} is outside the plan so far ({onset} to {as_of})")
    return when


def check_report(report: Report, *, onset: date, as_of: date) -> Report:
    """Check a report's date, pains and flags; return it with flags in canonical order."""
    if report.date < onset:
        raise InputError("date", f"report date {report.date} is before the onset {onset}")
    if report.date > as_of:
        raise InputError("date", f"report date {report.date} is in the future (today is {as_of})")
    for name in PAIN_FIELDS:
        parse_pain(name, getattr(report, name))
    return replace(report, flags=parse_flags(report.flags))


def parse_text(field: str, value: object) -> str:
    """Parse an optional short text (a note or a reason)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(field, "must be text")
    if len(value) > MAX_NOTE:
        raise InputError(field, f"at most {MAX_NOTE} characters, got {len(value)}")
    return value.strip()


def check_clearance_entry(clearance: Clearance, *, onset: date, as_of: date) -> Clearance:
    """A clearance in the list is dated like the single one: after onset, not in the future."""
    try:
        check_clearance(clearance.date, onset=onset, as_of=as_of)
    except InputError as error:
        raise InputError("date", error.message) from None
    parse_text("note", clearance.note)
    return clearance


def check_retraction(
    retraction: Retraction, reports: Iterable[Report], *, as_of: date, in_log: bool = False
) -> Retraction:
    """A retraction names a red flag that a report of that date carries, and is recorded after it.

    `in_log`: the reports are a log's own, read to be merged into a plan; a flag saved earlier
    is withdrawn on its own, with a confirmation, and the message says so."""
    if retraction.flag not in RED_FLAGS:
        raise InputError(
            "flag", f"unknown flag '{retraction.flag}' (known: {', '.join(RED_FLAGS)})"
        )
    if not any(r.date == retraction.date and retraction.flag in r.flags for r in reports):
        message = f"no report on {retraction.date} carries the red flag '{retraction.flag}'"
        if in_log:
            message = (
                f"no report on {retraction.date} in this log carries the red flag "
                f"'{retraction.flag}'; a red flag already saved is withdrawn on its own, with a "
                "confirmation, not through a log"
            )
        raise InputError("flag", message)
    if not retraction.date <= retraction.recorded <= as_of:
        raise InputError(
            "recorded",
            f"a retraction is recorded between the flag's date ({retraction.date}) and today ({as_of})",
        )
    parse_text("reason", retraction.reason)
    return retraction
