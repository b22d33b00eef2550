"""Every cache key in one place: what a kept entry was made from, so that a write which changes
any of it makes the entry unreachable (web/cache/__init__.py says why that is enough)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING, Any

from web.store.models import PlanRow, column_values

if TYPE_CHECKING:
    from planner.calendar import CalendarOptions

RENDER_FORMAT = 1  # bump when the feed's bytes change for the same inputs


def plan_key(row: PlanRow, today: date) -> tuple[Any, ...]:
    """Name one build: the plan, its log version as read from the database, and its inputs."""
    return (
        row.id,
        row.created,
        row.log_version,
        today,
        row.condition,
        row.onset,
        row.baseline,
        row.unit,
        row.start,
        row.goal,
        row.runs_per_week,
        row.easy_pace,
        row.run_days,
        row.earlier_routines,
        row.clearance,
    )


def checkpoint_key(row: PlanRow) -> tuple[Any, ...]:
    """Name a plan's build checkpoints: the plan only, since each checkpoint keeps the spec,
    the day and the log entries it was made from and is used only while they are unchanged."""
    return (row.id, row.created)


def render_key(
    row: PlanRow, today: date, calendar: CalendarOptions, calendar_version: int | None = None
) -> str:
    """Hash what a render's bytes depend on: the plan's build inputs (log version included),
    its stored revisions (calendar version), the options and the output format."""
    version = row.calendar_version if calendar_version is None else calendar_version
    inputs = (RENDER_FORMAT, plan_key(row, today), version, calendar)
    return hashlib.sha256(repr(inputs).encode("utf-8")).hexdigest()


def snapshot_key(row: PlanRow, today: date, athlete_id: int, name: str) -> tuple[Any, ...]:
    """Name one roster row: the build it shows, and the athlete's id and name on the roster."""
    return (plan_key(row, today), athlete_id, name)


def today_page_key(
    script_root: str, row: PlanRow, entry: Any, viewer: tuple[Any, ...], today: date, reported: bool
) -> tuple[Any, ...]:
    """Name all that Today shows: the stored plan with its log version (which coach notes bump
    too) and settings, the viewer, their roster entry for its runner, the day, and whether a
    report has just been saved."""
    return (
        "today/show.html",
        script_root,
        column_values(row),
        column_values(entry),
        viewer,
        today,
        reported,
    )
