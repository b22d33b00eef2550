"""The new-plan wizard's steps: what each asks, and the check that guards it.

Each check takes the submitted form and the draft so far and returns the raw values to keep
(what was typed, so going back shows it) or raises InputError naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from planner import conditions
from planner.errors import InputError
from planner.model import PlanSpec, Protocol, Risk
from planner.validation import (
    WHOLE,
    check_spec,
    parse_date,
    parse_pace,
    parse_run_days,
    parse_runs_per_week,
    parse_unit,
    parse_volume,
)
from web.forms import Form
from web.forms.checks import Checks, at_pace
from web.forms.shapes import TIME

NOT_SURE_LOCATION = "not sure"
Check = Callable[[Form, dict[str, Any], date], dict[str, Any]]


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    check: Check
    their: str = ""  # the title for a coach planning for an athlete, where it differs

    def title_for(self, athlete: str | None) -> str:
        """The title as the runner reads it, or their coach (planning for `athlete`)."""
        return self.their if athlete and self.their else self.title


def check_where(form: Form, draft: dict[str, Any], today: date) -> dict[str, Any]:
    location = form.get("location", "")
    if not location:
        raise InputError("location", "Choose where it hurts, or “Not sure”.")
    if location != NOT_SURE_LOCATION:
        conditions.candidates(location)  # raises InputError("location", ...)
    return {"location": location}


def candidates_for(location: str) -> list[Any]:
    """The conditions the wizard offers for a place; for "not sure where", those that fit
    anywhere (a stress fracture whose site is not known), then "not sure"."""
    if location == NOT_SURE_LOCATION:
        anywhere = [
            c
            for c in conditions.CATALOG.values()
            if set(conditions.LOCATIONS) <= set(c.locations) and c.id != conditions.NOT_SURE
        ]
        return [*anywhere, conditions.CATALOG[conditions.NOT_SURE]]
    return conditions.candidates(location)


def check_condition(form: Form, draft: dict[str, Any], today: date) -> dict[str, Any]:
    chosen = form.get("condition", "")
    if chosen not in {c.id for c in candidates_for(draft.get("location", ""))}:
        raise InputError("condition", "Choose the description that fits best, or 'not sure'.")
    return {"condition": chosen}


def check_onset(form: Form, draft: dict[str, Any], today: date) -> dict[str, Any]:
    onset = parse_date("onset", form.get("onset"))
    if onset > today:
        raise InputError("onset", f"The pain cannot start in the future (today is {today}).")
    if (today - onset).days > 365:
        raise InputError("onset", "That is more than a year ago: see a professional first.")
    return {"onset": form["onset"].strip()}


def decimal_point(text: str | None) -> str:
    """Read a decimal comma as a point: "30,5" is 30.5, as many runners write it."""
    text = (text or "").strip()
    return text.replace(",", ".") if text.count(",") == 1 and "." not in text else text


def whole_minutes(text: str | None) -> str:
    """Read a pace of whole minutes as minutes and seconds: "6" is 6:00."""
    text = (text or "").strip()
    return f"{int(text)}:00" if WHOLE.fullmatch(text) and len(text) <= 2 else text


def check_volume(form: Form, draft: dict[str, Any], today: date) -> dict[str, Any]:
    unit = parse_unit("unit", form.get("unit"))
    baseline = decimal_point(form.get("baseline"))
    parse_volume("baseline", baseline, unit)
    return {"baseline": baseline, "unit": unit}


def runs_and_days(checks: Checks, form: Form) -> tuple[int, tuple[int, ...]]:
    """Read runs per week and the run days (enough of them for the runs) through `checks`:
    the new-plan step and the plan's settings ask the same."""
    runs = checks(lambda: parse_runs_per_week("runs_per_week", form.get("runs_per_week")), 0)
    days: tuple[int, ...] = checks(lambda: parse_run_days("run_days", form.getlist("run_days")), ())
    if runs and days and len(days) < runs:
        checks.refuse("run_days", f"Pick at least {runs} days, or fewer runs per week.")
    return runs, days


def check_runs(form: Form, draft: dict[str, Any], today: date) -> dict[str, Any]:
    checks = Checks()
    _, days = runs_and_days(checks, form)
    pace = whole_minutes(form.get("easy_pace"))
    parsed = checks(lambda: parse_pace("easy_pace", pace), None)
    if parsed is not None:  # the usual week was checked at the default pace: again at this one
        unit, instead = draft.get("unit", "km"), "go back a step and change your usual week"
        checks(lambda: at_pace("baseline", draft.get("baseline"), unit, parsed, instead), None)
    checks.done()
    return {
        "runs_per_week": form["runs_per_week"].strip(),
        "run_days": [str(d) for d in days],
        "easy_pace": pace,
    }


def check_start(form: Form, draft: dict[str, Any], today: date) -> dict[str, Any]:
    checks = Checks()
    start = checks(lambda: parse_date("start", form.get("start")), None)
    onset = parse_date("onset", draft.get("onset"))
    if start is not None and start < onset:
        checks.refuse("start", f"The plan cannot start before the pain began ({onset}).")
    elif start is not None and (start - today).days > 60:
        checks.refuse("start", "Start within the next 60 days.")
    checks(lambda: parse_time("calendar_time", form.get("calendar_time", "")), None)
    checks.done()
    return {"start": form["start"].strip(), "calendar_time": form.get("calendar_time", "").strip()}


def parse_time(field: str, text: str) -> time | None:
    """Parse an optional time of day written HH:MM and nothing else: an ISO time with an offset
    or seconds ("07:30:00-23:59") is not what the form asks for and PostgreSQL refused it."""
    text = text.strip()
    if not text:
        return None
    if not TIME.fullmatch(text):
        raise InputError(field, f"'{text[:20]}' is not a time of day (use HH:MM, e.g. 07:30)")
    return time.fromisoformat(text)


STEPS = (
    Step("where", "Where does it hurt?", check_where),
    Step("condition", "Which fits best?", check_condition),
    Step("onset", "When did it start?", check_onset),
    Step("volume", "How much did you run?", check_volume, "How much did they run?"),
    Step("runs", "How do you like to run?", check_runs, "How do they like to run?"),
    Step("start", "When do you start?", check_start, "When do they start?"),
)
BY_NAME = {step.name: step for step in STEPS}
SPEC_FIELDS = {"weekly_volume": "baseline"}  # check_spec's names for this form's fields


def spec_from(draft: dict[str, Any], today: date) -> PlanSpec:
    """Turn a finished draft into a checked PlanSpec."""
    unit = draft["unit"]
    pace = parse_pace("easy_pace", draft.get("easy_pace", ""))
    spec = PlanSpec(
        condition=draft["condition"],
        onset=parse_date("onset", draft["onset"]),
        baseline=parse_volume("baseline", draft["baseline"], unit, pace),
        unit=unit,
        start=parse_date("start", draft["start"]),
        runs_per_week=parse_runs_per_week("runs_per_week", draft["runs_per_week"]),
        easy_pace=pace,
        run_days=parse_run_days("run_days", draft.get("run_days", [])),
    )
    return check_spec(spec, as_of=max(today, spec.onset))


def needs_referral(condition_id: str) -> bool:
    """High-risk bone and refer conditions send the runner to a professional first."""
    condition = conditions.CATALOG.get(condition_id)
    if condition is None:
        return False
    return condition.protocol == Protocol.REFER or condition.risk == Risk.HIGH
