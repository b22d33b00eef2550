"""The safety record of a plan: red flags stay, and a halt lifts only on a record that says why.

A report with a red flag is never deleted (a new report of its day keeps the flag, web/store).
A halt is lifted by a clinician's clearance or by the runner confirming that a flag was a
mistake; both are rows of their own that imports and log uploads only ever add to. Every write
here bumps the plan's log version, so the plan is rebuilt with it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, select, update

from planner.errors import InputError
from planner.model import Activity, Clearance, Completion, Log, Report, Retraction
from web.core import clock
from web.core.db import dialect, dialect_insert, rowcount, session
from web.store import activities, logs, plans, roster_rows
from web.store.models import ClearanceRow, CompletionRow, PlanRow, ReportRow, RetractionRow


@dataclass(frozen=True)
class Merge:
    """What merging `incoming` into `stored` does; `log` is the result."""

    stored: Log
    incoming: Log
    log: Log
    added: tuple[Report, ...]  # reports of days that had none
    changed: tuple[tuple[Report, Report], ...]  # (stored, merged) for days that had one
    completions: tuple[Completion, ...]  # new ticks
    clearances: tuple[Clearance, ...]
    retractions: tuple[Retraction, ...]
    clearance: date | None  # the single clearance date, for a plan that had none
    activities: tuple[Activity, ...] = ()  # watch activities whose id the plan did not hold

    @property
    def written_reports(self) -> tuple[Report, ...]:
        return self.added + tuple(merged for _, merged in self.changed)

    @property
    def kept_reports(self) -> int:
        return len(self.stored.reports) - len(self.changed)

    @property
    def kept_flags(self) -> int:
        """Reports already stored with a red flag: every one of them stays."""
        return sum(1 for r in self.stored.reports if r.flags)

    @property
    def empty(self) -> bool:
        return not (
            self.written_reports
            or self.completions
            or self.clearances
            or self.retractions
            or self.clearance
            or self.activities
        )


def limit(name: str) -> int:
    """Return a configured bound on a log's size (web/core/config.py has the defaults)."""
    return int(current_app.config[name])


def add_clearance(plan_id: int, clearance: Clearance) -> bool:
    """Record a clinician's clearance; False when the same one was already recorded."""
    plans.touch(plan_id)
    _make_room(plan_id, ClearanceRow, "clearances")
    stored = _add_clearances(plan_id, [clearance])
    session().commit()
    return stored


def add_retraction(plan_id: int, retraction: Retraction) -> bool:
    """Record that a red flag was a mistake; False when that flag was already recorded so
    (the first record stands)."""
    plans.touch(plan_id)
    _make_room(plan_id, RetractionRow, "retractions")
    stored = _add_retractions(plan_id, [retraction])
    session().commit()
    return stored


def delete_report(plan_id: int, when: date) -> str:
    """Delete a day's report unless it carries a red flag: "deleted", "missing" or "flagged"."""
    db = session()
    plans.touch(plan_id)  # locks the plan: nobody adds a flag between the look and the delete
    flags = db.scalar(
        select(ReportRow.flags).where(ReportRow.plan_id == plan_id, ReportRow.date == when)
    )
    if flags is None or flags:
        db.rollback()
        return "missing" if flags is None else "flagged"
    db.execute(delete(ReportRow).where(ReportRow.plan_id == plan_id, ReportRow.date == when))
    db.commit()
    return "deleted"


def merge_log(plan_id: int, seen_version: int, merge: Merge) -> bool:
    """Write what a checked merge adds and changes, in one transaction, deleting nothing.

    False (and nothing written) when the log changed since it was read at `seen_version`: the
    checks were made against another log and must be made again.
    """
    db = session()
    bumped = db.execute(
        update(PlanRow)
        .where(PlanRow.id == plan_id, PlanRow.log_version == seen_version)
        .values(log_version=PlanRow.log_version + 1)
        .execution_options(synchronize_session=False)
    )
    if rowcount(bumped) != 1:
        db.rollback()
        return False
    roster_rows.stale_plan(plan_id)
    reports = [logs.report_values(plan_id, r) for r in merge.written_reports]
    if reports:
        db.execute(logs.REPORT_UPSERT[dialect()], reports)
    if merge.completions:
        statement = dialect_insert(CompletionRow).on_conflict_do_nothing(
            index_elements=["plan_id", "date", "item"]
        )
        db.execute(
            statement,
            [{"plan_id": plan_id, "date": c.date, "item": c.item} for c in merge.completions],
        )
    _add_clearances(plan_id, list(merge.clearances))
    _add_retractions(plan_id, list(merge.retractions))
    activities.insert_new(plan_id, list(merge.activities))
    if merge.clearance is not None:
        db.execute(
            update(PlanRow)
            .where(PlanRow.id == plan_id, PlanRow.clearance.is_(None))
            .values(clearance=merge.clearance)
            .execution_options(synchronize_session=False)
        )
    db.commit()
    return True


def _make_room(plan_id: int, model: type[ClearanceRow] | type[RetractionRow], name: str) -> None:
    """Refuse a record past the plan's bound (MAX_REPORTS_PER_PLAN counts these too)."""
    held = (
        session().scalar(select(func.count()).select_from(model).where(model.plan_id == plan_id))
        or 0
    )
    most = limit("MAX_REPORTS_PER_PLAN")
    if held >= most:
        session().rollback()
        raise InputError(name, f"a plan holds at most {most} {name}")


def _add_clearances(plan_id: int, clearances: list[Clearance]) -> bool:
    """Insert clearances that are not stored yet; True when the first one was new."""
    now = clock.now()
    rows = [
        {"plan_id": plan_id, "date": c.date, "note": c.note, "created": now} for c in clearances
    ]
    statement = dialect_insert(ClearanceRow).on_conflict_do_nothing(
        index_elements=["plan_id", "date", "note"]
    )
    return _insert_new(statement, ClearanceRow.id, rows)


def _add_retractions(plan_id: int, retractions: list[Retraction]) -> bool:
    """Insert retractions of flags not retracted yet; True when the first one was new."""
    now = clock.now()
    rows = [
        {
            "plan_id": plan_id,
            "date": r.date,
            "flag": r.flag,
            "recorded": r.recorded,
            "reason": r.reason,
            "created": now,
        }
        for r in retractions
    ]
    statement = dialect_insert(RetractionRow).on_conflict_do_nothing(
        index_elements=["plan_id", "date", "flag"]
    )
    return _insert_new(statement, RetractionRow.id, rows)


def _insert_new(statement: Any, key: Any, rows: list[dict[str, Any]]) -> bool:
    if not rows:
        return False
    db = session()
    first = db.execute(statement.values(**rows[0]).returning(key)).first()
    if rows[1:]:
        db.execute(statement, rows[1:])
    return first is not None
