"""What every template may use: labels for phases, dates in words, the red-flag vocabulary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, before_render_template
from flask_login import current_user

from planner import conditions, units
from planner.activities import planned_session
from planner.model import Day, PlanSpec
from planner.protocol import (
    DEFAULT_PACE_MIN_PER_KM,
    KM_PER_MI,
    RED_FLAGS,
    care_when,
    needs_care_today,
)
from planner.rules import Rule
from planner.validation import PAIN_FIELDS
from web.auth import access
from web.core import chips, clock, db
from web.forms.shapes import pace_text
from web.store.models import PlanRow

PHASE_LABELS = {
    "rest": "Rest",
    "rehab": "Rehab",
    "test": "Test run",
    "walk_run": "Walk-run",
    "ramp": "Ramp",
    "complete": "Complete",
    "halted": "Stopped",
}
# For calendar cells on a phone, where a seventh of the screen holds about five letters.
PHASE_SHORT = {
    "rest": "Rest",
    "rehab": "Rehab",
    "test": "Test",
    "walk_run": "W-R",
    "ramp": "Ramp",
    "complete": "Done",
    "halted": "Stop",
}
PAIN_LABELS = {
    "pain_rest": "Pain at rest",
    "pain_walking": "Pain walking",
    "pain_running": "Pain while running",
    "pain_morning": "Pain on waking",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A plan's pages in the order its navigation shows them: (endpoint, label, its runner's only).
# A phone's tab bar holds the first three (TAB_PAGES); its More page lists every other one, so
# a page added here is within reach on a phone too.
PLAN_PAGES = (
    ("today.show", "Today", False),
    ("plans.calendar", "Calendar", False),
    ("history.show", "History", False),
    ("history.charts_page", "Charts", False),
    ("activities.page", "Watch", False),
    ("plans.printable", "Print", False),
    ("plans.settings", "Settings", False),
    ("feeds.page", "Subscribe", True),
    ("reminders.plan", "Reminders", True),
    ("exports.import_log", "Import / export", False),
)
TAB_PAGES = tuple(endpoint for endpoint, _, _ in PLAN_PAGES[:3])
TAB_ICONS = {"today.show": "●", "plans.calendar": "▦", "history.show": "↺"}  # shown, not read


def init_app(app: Flask) -> None:
    app.jinja_env.filters["phase_label"] = phase_label
    app.jinja_env.filters["phase_short"] = phase_short
    app.jinja_env.filters["day_title"] = day_title
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["short_date"] = short_date
    app.jinja_env.filters["pace"] = pace_text
    app.jinja_env.filters["tenth"] = tenth
    app.jinja_env.filters["condition_name"] = condition_name
    app.jinja_env.filters["about_distance"] = about_distance
    app.jinja_env.filters["local_day"] = local_day
    # Globals rather than a context processor, so imported macros see them too.
    app.jinja_env.globals.update(
        RED_FLAGS=RED_FLAGS,
        needs_care_today=needs_care_today,
        care_when=care_when,
        PAIN_FIELDS=PAIN_FIELDS,
        PAIN_LABELS=PAIN_LABELS,
        WEEKDAYS=WEEKDAYS,
        DEFAULT_PACE=DEFAULT_PACE_MIN_PER_KM,
        KM_PER_MI=KM_PER_MI,
        PLAN_PAGES=PLAN_PAGES,
        TAB_PAGES=TAB_PAGES,
        TAB_ICONS=TAB_ICONS,
        Rule=Rule,
    )
    # A coach reads an athlete's plan; only its runner (or a managed profile's coach) logs it,
    # and only its runner has the calendar link.
    app.jinja_env.globals.update(
        may_write_log=access.may_write_log,
        owns_plan=access.owns,
        athlete_entry=access.athlete_entry,
        chip_row=chips.chip_row,
        planned_session=planned_session,
    )
    before_render_template.connect(before_render, app)


def before_render(_app: Flask, template: object, context: dict[str, Any], **_extra: object) -> None:
    """Ask the database what a plan page's template will ask (whose plan, who may log it),
    then end a read-only transaction so the render holds no lock (web.core.db.end_transaction)."""
    state = context.get("state")
    row = getattr(state, "row", None) or context.get("row")
    if isinstance(row, PlanRow) and current_user.is_authenticated:
        access.athlete_entry(row)
    db.end_transaction()


def phase_label(phase: object) -> str:
    value = getattr(phase, "value", phase)
    return PHASE_LABELS.get(str(value), str(value).replace("_", " ").capitalize())


def phase_short(phase: object) -> str:
    value = str(getattr(phase, "value", phase))
    return PHASE_SHORT.get(value, phase_label(phase)[:5])


def day_title(day: Day) -> str:
    """A day's title on its page: the engine's headline, else its phase."""
    return day.headline or phase_label(day.phase)


def tenth(value: float) -> str:
    """Write a usual week or goal to a tenth at most: 18.6 (mi), not the 18.6411 that 30 km
    said in miles is stored as."""
    return f"{round(value, 1):g}"


def long_date(when: date) -> str:
    return f"{WEEKDAYS[when.weekday()]} {when.day} {when:%B %Y}"


def short_date(when: date) -> str:
    return f"{WEEKDAYS[when.weekday()][:3]} {when.day} {when:%b}"


def condition_name(condition_id: str) -> str:
    condition = conditions.CATALOG.get(condition_id)
    return condition.name if condition else condition_id


def about_distance(minutes: float, spec: PlanSpec) -> str:
    """units.about for a week's total; nothing where that rounds to no distance ("≈ 0 km")."""
    return units.about(spec, minutes) if units.distance(spec, minutes) else ""


def local_day(moment: datetime) -> date:
    """The day a stored instant falls on where the viewer is."""
    return clock.day_in(moment, str(current_user.timezone))
