"""Activities a watch recorded, per plan: read back for the engine, added once each.

An activity's id is stable per recording (watch/), and unique per plan here: uploading the same
file again adds nothing. Nothing here deletes one. Every write bumps the plan's log version."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select

from planner.errors import InputError
from planner.model import Activity, Sport
from web.core import clock
from web.core.db import dialect_insert, read_rows, session
from web.store import plans
from web.store.models import ActivityRow

# An activity's columns in Activity's order, read as plain tuples (no ORM objects).
ACTIVITY_COLUMNS = (
    ActivityRow.activity_id,
    ActivityRow.date,
    ActivityRow.sport,
    ActivityRow.moving_minutes,
    ActivityRow.distance_km,
    ActivityRow.longest_run_minutes,
    ActivityRow.source,
)

ACTIVITIES_OF = (  # built once: `ids` is the list of plans read
    select(ActivityRow.plan_id, *ACTIVITY_COLUMNS)
    .where(ActivityRow.plan_id.in_(bindparam("ids", expanding=True)))
    .order_by(ActivityRow.date, ActivityRow.activity_id)
)


def activities_of(ids: list[int]) -> dict[int, tuple[Activity, ...]]:
    """Return the activities of many plans in one query, keyed by plan id, in date order."""
    found: dict[int, list[Activity]] = {i: [] for i in ids}
    for plan_id, *columns in read_rows(ACTIVITIES_OF, {"ids": ids}):
        found[plan_id].append(_activity(columns))
    return {i: tuple(found[i]) for i in ids}


def _activity(columns: Any) -> Activity:
    activity_id, when, sport, moving, distance, longest, source = columns
    return Activity(
        id=activity_id,
        date=when,
        sport=Sport(sport),
        moving_minutes=moving,
        distance_km=distance,
        longest_run_minutes=longest,
        source=source,
    )


# One recording exported in two formats starts within seconds in each (their own rounding);
# one runner does not start two activities of one sport within a minute of each other.
SAME_RECORDING = timedelta(minutes=1)


class Starts:
    """When the activities of each sport began: is a new one a recording already there, from
    another file (a FIT and a GPX export of one run, say)?"""

    def __init__(self) -> None:
        self._of: dict[Sport, list[datetime]] = {}

    def add(self, sport: Sport, start: datetime) -> None:
        insort(self._of.setdefault(sport, []), start)

    def near(self, sport: Sport, start: datetime) -> bool:
        """Did an activity of this sport begin within SAME_RECORDING of `start`?"""
        starts = self._of.get(sport, [])
        at = bisect_left(starts, start - SAME_RECORDING)
        return at < len(starts) and starts[at] <= start + SAME_RECORDING


def add_activities(
    plan_id: int, activities: list[Activity], most: int, starts: Mapping[str, datetime]
) -> tuple[tuple[Activity, ...], tuple[Activity, ...]]:
    """Store the activities not stored yet, in one transaction: (added, already there). An
    activity is there when its id is, or when one of its sport, stored or added before it,
    started within a minute of it (`starts`: when each uploaded activity began, UTC).

    Refuses (InputError, nothing written) when the plan would hold more than `most`."""
    plans.touch(plan_id)  # locks the plan: two uploads of one file add it once
    stored = session().execute(
        select(ActivityRow.activity_id, ActivityRow.sport, ActivityRow.start).where(
            ActivityRow.plan_id == plan_id
        )
    )
    known: set[str] = set()
    began = Starts()
    for activity_id, sport, start in stored:
        known.add(activity_id)
        if start is not None:
            began.add(Sport(sport), clock.utc(start))
    added: dict[str, Activity] = {}
    there: dict[str, Activity] = {}
    for activity in activities:  # an upload's own twins too: the first of them is added
        start = starts.get(activity.id)
        twin = start is not None and began.near(activity.sport, start)
        if activity.id in known or twin:
            there.setdefault(activity.id, activity)
        elif activity.id not in added:
            added[activity.id] = activity
            if start is not None:
                began.add(activity.sport, start)
    if len(known) + len(added) > most:
        session().rollback()
        raise InputError(
            "activities",
            f"a plan holds at most {most} activities; with this upload it would hold "
            f"{len(known) + len(added)}",
        )
    insert_new(plan_id, list(added.values()), starts)
    session().commit()
    return tuple(added.values()), tuple(there.values())


def insert_new(
    plan_id: int, activities: list[Activity], starts: Mapping[str, datetime] | None = None
) -> None:
    """Insert activities whose id the plan does not hold yet, with when each started where
    known (`starts`, by id) (no commit: the caller's)."""
    if not activities:
        return
    now = clock.now()
    rows: list[dict[str, Any]] = [
        {
            "plan_id": plan_id,
            "activity_id": a.id,
            "date": a.date,
            "sport": a.sport.value,
            "moving_minutes": a.moving_minutes,
            "distance_km": a.distance_km,
            "longest_run_minutes": a.longest_run_minutes,
            "source": a.source,
            "start": (starts or {}).get(a.id),
            "created": now,
        }
        for a in activities
    ]
    statement = dialect_insert(ActivityRow).on_conflict_do_nothing(
        index_elements=["plan_id", "activity_id"]
    )
    session().execute(statement, rows)


def count(plan_id: int) -> int:
    """Return how many activities a plan holds."""
    held = session().scalar(
        select(func.count()).select_from(ActivityRow).where(ActivityRow.plan_id == plan_id)
    )
    return int(held or 0)
