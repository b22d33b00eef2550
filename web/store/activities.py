"""Activities a watch recorded, per plan: read back for the engine, added once each.

An activity's id is stable per recording (watch/), and unique per plan here: uploading the same
file again adds nothing. Nothing here deletes one. Every write bumps the plan's log version."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, select

from planner.errors import InputError
from planner.model import Activity, Sport
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


def add_activities(
    plan_id: int, activities: list[Activity], most: int
) -> tuple[tuple[Activity, ...], tuple[Activity, ...]]:
    """Store the activities not stored yet, in one transaction: (added, already there).

    Refuses (InputError, nothing written) when the plan would hold more than `most`."""
    plans.touch(plan_id)  # locks the plan: two uploads of one file add it once
    known = set(
        session().scalars(select(ActivityRow.activity_id).where(ActivityRow.plan_id == plan_id))
    )
    added: dict[str, Activity] = {}
    there: dict[str, Activity] = {}
    for activity in activities:
        if activity.id in known:
            there.setdefault(activity.id, activity)
        else:
            added.setdefault(activity.id, activity)
    if len(known) + len(added) > most:
        session().rollback()
        raise InputError(
            "activities",
            f"a plan holds at most {most} activities; with this upload it would hold "
            f"{len(known) + len(added)}",
        )
    insert_new(plan_id, list(added.values()))
    session().commit()
    return tuple(added.values()), tuple(there.values())


def insert_new(plan_id: int, activities: list[Activity]) -> None:
    """Insert activities whose id the plan does not hold yet (no commit: the caller's)."""
    if not activities:
        return
    now = datetime.now(UTC)
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
