"""Plans: add, read, change and delete them, and who may see one (its owner or their coach)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time
from typing import Any

from sqlalchemy import Select, bindparam, delete, select, update

from planner.model import EarlierRoutine, PlanSpec
from planner.routine import earlier_of
from planner.units import in_unit
from web.core import clock
from web.core.db import read_first, session, view_reads_only
from web.store import feeds, reminders, roster_rows
from web.store.models import (
    ActivityRow,
    ClearanceRow,
    CompletionRow,
    PlanRow,
    ReportRow,
    RetractionRow,
    RosterEntry,
)


def add_plan(owner_id: int, spec: PlanSpec, calendar_time: time | None = None) -> PlanRow:
    """Store a new plan for its owner."""
    row = new_plan_row(owner_id, spec, calendar_time)
    db = session()
    db.add(row)
    roster_rows.stale_athlete(owner_id)  # the coach's dashboard counts and ranks the new plan
    db.commit()
    return row


def new_plan_row(owner_id: int, spec: PlanSpec, calendar_time: time | None = None) -> PlanRow:
    """Return the row of a new plan, not yet added to the session."""
    return PlanRow(
        owner_id=owner_id,
        condition=spec.condition,
        onset=spec.onset,
        baseline=spec.baseline,
        unit=spec.unit,
        start=spec.start,
        goal=spec.goal,
        runs_per_week=spec.runs_per_week,
        easy_pace=spec.easy_pace,
        run_days=",".join(str(d) for d in spec.run_days),
        calendar_time=calendar_time,
        created=clock.now(),
    )


def plans_of(owner_id: int) -> list[PlanRow]:
    """Return a user's plans, newest first."""
    query = select(PlanRow).where(PlanRow.owner_id == owner_id)
    return list(session().scalars(query.order_by(PlanRow.created.desc(), PlanRow.id.desc())))


def spec_of(row: PlanRow) -> PlanSpec:
    """Turn a stored plan into the engine's spec."""
    return PlanSpec(
        condition=row.condition,
        onset=row.onset,
        baseline=row.baseline,
        unit=row.unit,
        start=row.start,
        goal=row.goal,
        runs_per_week=row.runs_per_week,
        easy_pace=row.easy_pace,
        run_days=tuple(int(d) for d in row.run_days.split(",") if d),
        earlier=routines_of(row.earlier_routines, row.easy_pace),
    )


def routines_of(text: str | None, easy_pace: float | None = None) -> tuple[EarlierRoutine, ...]:
    """Read the stored routines before each change of settings (none on most plans); one
    stored before the pace could change held with the plan's pace, `easy_pace`."""
    return tuple(
        EarlierRoutine(
            until=date.fromisoformat(found["until"]),
            baseline=found["baseline"],
            goal=found["goal"],
            runs_per_week=found["runs_per_week"],
            run_days=tuple(found["run_days"]),
            easy_pace=found.get("easy_pace", easy_pace),
        )
        for found in (json.loads(text) if text else ())
    )


def _routines_text(earlier: tuple[EarlierRoutine, ...]) -> str:
    return json.dumps(
        [
            {
                "until": e.until.isoformat(),
                "baseline": e.baseline,
                "goal": e.goal,
                "runs_per_week": e.runs_per_week,
                "run_days": list(e.run_days),
                "easy_pace": e.easy_pace,
            }
            for e in earlier
        ]
    )


def touch(plan_id: int) -> None:
    """Bump the plan's log version in the caller's transaction: every cached build goes stale.

    Every write that changes what a plan shows calls this first, so the plan row is locked
    before the log rows and concurrent writers queue up; `+ 1` in SQL never loses a bump.
    """
    session().execute(_TOUCH, {"plan_id": plan_id})
    roster_rows.stale_plan(plan_id)  # and the owner's line on their coach's dashboard


_TOUCH = (  # built once: every write to a plan's log sends it
    update(PlanRow)
    .where(PlanRow.id == bindparam("plan_id"))
    .values(log_version=PlanRow.log_version + 1)
    .execution_options(synchronize_session="fetch")
)


def update_settings(row: PlanRow, *, clearance: date | None, calendar_time: time | None) -> None:
    """Record a clinician clearance date and the calendar time."""
    touch(row.id)
    row.clearance = clearance
    row.calendar_time = calendar_time
    session().commit()


def plan_by_id(plan_id: int) -> PlanRow | None:
    """Return a plan whoever owns it: only for a caller that proved access (a feed token)."""
    return session().get(PlanRow, plan_id)


def reread(plan_id: int) -> PlanRow | None:
    """Return a plan as the database holds it now, whatever this session read before."""
    return session().get(PlanRow, plan_id, populate_existing=True)


def locked(plan_id: int) -> PlanRow | None:
    """Return a plan as the database holds it now, its row locked against other writes until
    the transaction ends (on PostgreSQL FOR NO KEY UPDATE: rows that refer to the plan may
    still be added; SQLite's write transaction already holds the whole database)."""
    return session().get(
        PlanRow, plan_id, populate_existing=True, with_for_update={"key_share": True}
    )


def plan_for(viewer_id: int, plan_id: int) -> PlanRow | None:
    """Return the plan if the viewer owns it or coaches its owner; None hides everyone else's.

    Every plan page asks. A view that only reads gets the row from plain columns, detached
    from the session (the ORM's bookkeeping took a fifth of a kept Today page's time); the
    others get it from the session, to change it.
    """
    params = {"viewer_id": viewer_id, "plan_id": plan_id}
    if not view_reads_only():
        return session().scalars(_PLAN_FOR, params).first()
    found = read_first(_PLAN_COLUMNS_FOR, params)
    return None if found is None else PlanRow(**found._mapping)


def _whose_plan(*columns: Any) -> Select[Any]:
    """Select `columns` of the plan if the viewer owns it or coaches its owner."""
    return (
        select(*columns)
        .outerjoin(RosterEntry, RosterEntry.athlete_id == PlanRow.owner_id)
        .where(
            PlanRow.id == bindparam("plan_id"),
            (PlanRow.owner_id == bindparam("viewer_id"))
            | (RosterEntry.coach_id == bindparam("viewer_id")),
        )
    )


_PLAN_FOR = _whose_plan(PlanRow)  # built once


_PLAN_COLUMNS_FOR = _whose_plan(*PlanRow.__table__.c)


def plans_of_many(owner_ids: list[int]) -> list[PlanRow]:
    """Return the plans of many owners in one query, newest first."""
    query = select(PlanRow).where(PlanRow.owner_id.in_(owner_ids))
    return list(session().scalars(query.order_by(PlanRow.created.desc(), PlanRow.id.desc())))


def update_plan(row: PlanRow, spec: PlanSpec, today: date) -> None:
    """Change a plan's baseline, runs, run days, goal and easy pace from `today` on: the days
    before keep the routine they had, kept with the plan (planner/routine.py); of several
    changes on one day the last holds. A new unit is the whole plan said in it (the routines
    before too), each day's minutes the same. A clearance goes on the safety record:
    web/store/records.py."""
    touch(row.id)
    now = in_unit(spec_of(row), spec.unit)
    earlier = now.earlier
    latest = earlier[-1].until if earlier else now.first_day
    if today > latest and replace(spec, earlier=earlier) != now:
        earlier += (earlier_of(now, today),)
    row.earlier_routines = _routines_text(earlier) if earlier else ""
    _set_routine(row, spec)
    session().commit()


def correct_first_days(row: PlanRow, spec: PlanSpec) -> bool:
    """Put right the day the pain began and the first day of a plan that holds no record yet,
    with the routine the same form sends: the plan is made again from day one, as if the
    wizard had been given them, so the routines of earlier settings go (no day lived under
    them holds anything). False, and nothing changed, when a record was saved meanwhile: the
    plan's row is locked first (`touch`), so no report slips in between."""
    touch(row.id)
    if holds_records(row.id):
        session().rollback()
        return False
    row.onset, row.start, row.earlier_routines = spec.onset, spec.start, ""
    _set_routine(row, spec)
    session().commit()
    return True


def _set_routine(row: PlanRow, spec: PlanSpec) -> None:
    """Put the spec's routine (usual week, runs, goal, run days, unit and easy pace) on the
    plan's row."""
    row.baseline, row.runs_per_week, row.goal = spec.baseline, spec.runs_per_week, spec.goal
    row.unit, row.easy_pace = spec.unit, spec.easy_pace
    row.run_days = ",".join(str(d) for d in spec.run_days)


def holds_records(plan_id: int) -> bool:
    """Does the plan hold anything the runner or a clinician recorded: a report, a tick, a
    recorded activity, a clearance or a retraction? Then its days are lived, dated against the
    day the pain began."""
    tables = (ReportRow, CompletionRow, ActivityRow, ClearanceRow, RetractionRow)
    found = [select(table.plan_id).where(table.plan_id == plan_id).limit(1) for table in tables]
    return any(session().scalar(query) is not None for query in found)


def set_archived(row: PlanRow, archived: bool) -> None:
    """Put a plan away from My plans, or bring it back; its log and calendar stay as they are."""
    row.archived = archived
    roster_rows.stale_athlete(row.owner_id)
    session().commit()


def delete_plan(row: PlanRow) -> None:
    """Delete a plan; its reports, check-offs and feed go with it (ON DELETE CASCADE), and its
    feed link answers 410 Gone from now on."""
    db = session()
    roster_rows.stale_athlete(row.owner_id)
    feeds.retire_tokens_of(select(PlanRow.id).where(PlanRow.id == row.id))
    reminders.forget_plan(row.id)
    db.execute(delete(PlanRow).where(PlanRow.id == row.id))
    db.commit()
