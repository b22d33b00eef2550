"""Watch files in the web app: read uploaded activity files for a plan, and write its running
days as FIT workouts (one day, or the next days as a zip). Bytes and rows in; no request."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app
from werkzeug.exceptions import ServiceUnavailable

import watch
from planner.errors import InputError
from planner.logio import activity_from_dict
from planner.model import Activity, Plan
from planner.workouts import session_of
from rtr.workouts import day_fit, days_zip, running_days
from web import store
from web.core import db
from web.services import plan_changes
from web.store.models import PlanRow

ZIP_DAYS = 14  # a watch holds about 30 workouts: two weeks is plenty and leaves room
# One upload is read at a time in a process: reading the largest a file may be takes about
# 1.6 GB of memory for 10 s (watch/limits.py), so two at once would take twice that.
READER = threading.BoundedSemaphore(1)
BUSY = (
    "The server is reading another upload of watch files; nothing was added. "
    "Please send yours again in a moment."
)
__all__ = [
    "ZIP_DAYS",
    "Upload",
    "day_fit",
    "days_zip",
    "fit_name",
    "read_uploads",
    "running_days",
    "zip_name",
]


@dataclass(frozen=True)
class Upload:
    """What the uploaded files gave: each activity once, when each began (UTC, by id), and
    one line per file that failed."""

    activities: tuple[Activity, ...]
    problems: tuple[str, ...]
    files: int
    starts: Mapping[str, datetime]


def read_uploads(
    files: list[tuple[str, bytes]], timezone: str, between: tuple[date, date]
) -> Upload:
    """Read every uploaded file (FIT, GPX, TCX, .gz, .zip) dated in the owner's `timezone`;
    an activity dated outside `between` (the plan's onset to the owner's today, as a report
    must be) is a problem, not added: a watch's wrong clock or a whole year's export."""
    found: dict[str, Activity] = {}
    starts: dict[str, datetime] = {}
    first, last = between
    problems: list[str] = []
    budget = watch.Budget()  # shared: a request's files together may cost what one upload may
    for name, data in files:
        with one_reader():
            reading = watch.read_all(data, name, timezone, budget)
        problems.extend(str(problem) for problem in reading.problems)
        for recorded in reading.activities:
            try:  # the log's own reader: what is stored reads back
                activity = activity_from_dict(recorded.source, recorded.to_json())
            except InputError as error:
                problems.append(f"{recorded.source}: {error.field}: {error.message}")
                continue
            if not first <= activity.date <= last:
                problems.append(
                    f"{recorded.source}: dated {activity.date}, outside the plan so far "
                    f"({first} to {last}): not added"
                )
                continue
            found.setdefault(activity.id, activity)
            starts.setdefault(activity.id, recorded.start.astimezone(UTC))
    ordered = sorted(found.values(), key=lambda a: (a.date, a.id))
    return Upload(tuple(ordered), tuple(problems), len(files), starts)


@contextmanager
def one_reader() -> Iterator[None]:
    """Read while no other upload of this process is read: wait up to WATCH_READ_WAIT seconds
    for it, then answer 503 with Retry-After (WATCH_READ_RETRY_AFTER)."""
    if not READER.acquire(timeout=current_app.config["WATCH_READ_WAIT"]):
        raise ServiceUnavailable(BUSY, retry_after=current_app.config["WATCH_READ_RETRY_AFTER"])
    try:
        yield
    finally:
        READER.release()


def fit_name(plan: Plan, when: date) -> str:
    """The download name of a day's workout (watch.workout_file_name); InputError without one."""
    day = plan.day_on(when)
    stage = session_of(day) if day is not None else None
    if stage is None:
        day_fit(plan, when)  # raises the message that names why
        raise InputError("day", f"{when.isoformat()} has no running in the plan")
    return watch.workout_file_name(when, stage)


def zip_name(first: date) -> str:
    return f"workouts-{first:%Y%m%d}-{ZIP_DAYS}-days.zip"


def add_activities(
    row: PlanRow,
    activities: list[Activity],
    starts: Mapping[str, datetime],
    today: date,
    reread: Callable[[], PlanRow],
) -> tuple[tuple[Activity, ...], tuple[Activity, ...]]:
    """Store an upload's activities on a plan (within MAX_REPORTS_PER_PLAN), telling a change
    of plan; return (added, already there). `reread` reads the plan again, with its access check,
    once the write has begun. InputError when the plan would hold too many."""
    since = min((a.date for a in activities), default=None)
    with plan_changes.plan_change(row, today, since=since, reread=reread) as change:
        db.write_phase()
        added, there = store.activities.add_activities(
            reread().id, activities, int(current_app.config["MAX_REPORTS_PER_PLAN"]), starts
        )
        change.written = bool(added)
    return added, there
