"""Logs: the reports and check-offs of a plan, its safety record (web/store/records.py) and its
watch activities (web/store/activities.py) read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import delete, select

from planner.model import Clearance, Completion, Log, Report, Retraction
from planner.validation import PAIN_FIELDS
from web.core.db import dialect_insert, session
from web.store.activities import activities_of
from web.store.models import (
    ClearanceRow,
    CompletionRow,
    PlanRow,
    ReportRow,
    RetractionRow,
)
from web.store.plans import touch


def load_log(row: PlanRow) -> Log:
    """Return everything reported and ticked off on a plan."""
    db = session()
    reports = db.scalars(
        select(ReportRow).where(ReportRow.plan_id == row.id).order_by(ReportRow.date)
    )
    completions = db.scalars(
        select(CompletionRow)
        .where(CompletionRow.plan_id == row.id)
        .order_by(CompletionRow.date, CompletionRow.item)
    )
    clearances, retractions = lifting_events([row.id])[row.id]
    return Log(
        reports=tuple(_report(r) for r in reports),
        completions=tuple(Completion(date=c.date, item=c.item) for c in completions),
        clearance=row.clearance,
        clearances=clearances,
        retractions=retractions,
        activities=activities_of([row.id])[row.id],
    )


def lifting_events(
    ids: list[int],
) -> dict[int, tuple[tuple[Clearance, ...], tuple[Retraction, ...]]]:
    """Return the clearances and retractions (the safety record, web/store/records.py) of many
    plans in two queries, keyed by plan id."""
    clearances: dict[int, list[Clearance]] = {i: [] for i in ids}
    retractions: dict[int, list[Retraction]] = {i: [] for i in ids}
    db = session()
    for c in db.scalars(
        select(ClearanceRow)
        .where(ClearanceRow.plan_id.in_(ids))
        .order_by(ClearanceRow.date, ClearanceRow.id)
    ):
        clearances[c.plan_id].append(Clearance(date=c.date, note=c.note))
    for r in db.scalars(
        select(RetractionRow)
        .where(RetractionRow.plan_id.in_(ids))
        .order_by(RetractionRow.date, RetractionRow.flag)
    ):
        retractions[r.plan_id].append(
            Retraction(date=r.date, flag=r.flag, recorded=r.recorded, reason=r.reason)
        )
    return {i: (tuple(clearances[i]), tuple(retractions[i])) for i in ids}


def _report(row: ReportRow) -> Report:
    return Report(
        date=row.date,
        pain_rest=row.pain_rest,
        pain_walking=row.pain_walking,
        pain_running=row.pain_running,
        pain_morning=row.pain_morning,
        flags=tuple(f for f in row.flags.split(",") if f),
        note=row.note,
    )


def report_values(plan_id: int, report: Report) -> dict[str, Any]:
    """Return a report as the columns of its row."""
    values = {name: getattr(report, name) for name in PAIN_FIELDS}
    return {
        "plan_id": plan_id,
        "date": report.date,
        "flags": ",".join(report.flags),
        "note": report.note,
        **values,
    }


def save_report(plan_id: int, report: Report) -> Report:
    """Store a day's report and return it as stored: a second report on the same day replaces
    the first's scores and note, but keeps its red flags (a flag once reported stays)."""
    db = session()
    touch(plan_id)  # locks the plan first: the read below and the upsert see no other writer
    kept = tuple(f for f in flags_on(plan_id, report.date) if f not in report.flags)
    report = replace(report, flags=kept + tuple(report.flags))
    statement = dialect_insert(ReportRow).values(**report_values(plan_id, report))
    updates = {k: statement.excluded[k] for k in (*PAIN_FIELDS, "flags", "note")}
    statement = statement.on_conflict_do_update(index_elements=["plan_id", "date"], set_=updates)
    db.execute(statement)
    db.commit()
    return report


def flags_on(plan_id: int, when: date) -> tuple[str, ...]:
    """Return the red flags stored on a plan's day, in the order reported (none without a
    report)."""
    stored = session().scalar(
        select(ReportRow.flags).where(ReportRow.plan_id == plan_id, ReportRow.date == when)
    )
    return tuple(f for f in (stored or "").split(",") if f)


def set_done(plan_id: int, when: date, item: str, done: bool) -> None:
    """Tick an item off on its day, or untick it; repeating either is harmless."""
    db = session()
    touch(plan_id)
    if done:
        statement = dialect_insert(CompletionRow).values(plan_id=plan_id, date=when, item=item)
        db.execute(statement.on_conflict_do_nothing(index_elements=["plan_id", "date", "item"]))
    else:
        db.execute(
            delete(CompletionRow).where(
                CompletionRow.plan_id == plan_id,
                CompletionRow.date == when,
                CompletionRow.item == item,
            )
        )
    db.commit()


def logs_of(rows: list[PlanRow]) -> dict[int, Log]:
    """Return the logs of many plans in five queries, keyed by plan id."""
    ids = [row.id for row in rows]
    reports: dict[int, list[Report]] = {i: [] for i in ids}
    completions: dict[int, list[Completion]] = {i: [] for i in ids}
    db = session()
    for r in db.scalars(
        select(ReportRow).where(ReportRow.plan_id.in_(ids)).order_by(ReportRow.date)
    ):
        reports[r.plan_id].append(_report(r))
    for c in db.scalars(
        select(CompletionRow)
        .where(CompletionRow.plan_id.in_(ids))
        .order_by(CompletionRow.date, CompletionRow.item)
    ):
        completions[c.plan_id].append(Completion(date=c.date, item=c.item))
    events = lifting_events(ids)
    recorded = activities_of(ids)
    return {
        row.id: Log(
            reports=tuple(reports[row.id]),
            completions=tuple(completions[row.id]),
            clearance=row.clearance,
            clearances=events[row.id][0],
            retractions=events[row.id][1],
            activities=recorded[row.id],
        )
        for row in rows
    }


def add_completion(plan_id: int, when: date, item: str) -> bool:
    """Tick an item off once; True if this call stored it, False if it was already there."""
    statement = dialect_insert(CompletionRow).values(plan_id=plan_id, date=when, item=item)
    db = session()
    touch(plan_id)
    statement = statement.on_conflict_do_nothing(index_elements=["plan_id", "date", "item"])
    stored = db.execute(statement.returning(CompletionRow.id)).first() is not None
    db.commit()
    return stored
