"""The plan repository: every query the plan views need, and nothing else writes plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from planner.model import Completion, Log, PlanSpec, Report
from web.db import session
from web.models import CompletionRow, PlanRow, ReportRow

PAINS = ("pain_rest", "pain_walking", "pain_running", "pain_morning")


def add_plan(owner_id: int, spec: PlanSpec, calendar_time: time | None = None) -> PlanRow:
    """Store a new plan for its owner."""
    row = PlanRow(
        owner_id=owner_id, condition=spec.condition, onset=spec.onset, baseline=spec.baseline,
        unit=spec.unit, start=spec.start, goal=spec.goal, runs_per_week=spec.runs_per_week,
        easy_pace=spec.easy_pace, run_days=",".join(str(d) for d in spec.run_days),
        calendar_time=calendar_time, created=datetime.now(UTC),
    )
    db = session()
    db.add(row)
    db.commit()
    return row


def plan_of(owner_id: int, plan_id: int) -> PlanRow | None:
    """Return the plan if this user owns it; None hides other people's plans."""
    return session().scalar(
        select(PlanRow).where(PlanRow.id == plan_id, PlanRow.owner_id == owner_id)
    )


def plans_of(owner_id: int) -> list[PlanRow]:
    """Return a user's plans, newest first."""
    query = select(PlanRow).where(PlanRow.owner_id == owner_id)
    return list(session().scalars(query.order_by(PlanRow.created.desc(), PlanRow.id.desc())))


def spec_of(row: PlanRow) -> PlanSpec:
    """Turn a stored plan into the engine's spec."""
    return PlanSpec(
        condition=row.condition, onset=row.onset, baseline=row.baseline, unit=row.unit,
        start=row.start, goal=row.goal, runs_per_week=row.runs_per_week,
        easy_pace=row.easy_pace,
        run_days=tuple(int(d) for d in row.run_days.split(",") if d),
    )


def update_settings(row: PlanRow, *, clearance: date | None, calendar_time: time | None) -> None:
    """Record a clinician clearance date and the calendar time."""
    row.clearance = clearance
    row.calendar_time = calendar_time
    session().commit()


def load_log(row: PlanRow) -> Log:
    """Return everything reported and ticked off on a plan."""
    db = session()
    reports = db.scalars(
        select(ReportRow).where(ReportRow.plan_id == row.id).order_by(ReportRow.date)
    )
    completions = db.scalars(
        select(CompletionRow).where(CompletionRow.plan_id == row.id)
        .order_by(CompletionRow.date, CompletionRow.item)
    )
    return Log(
        reports=tuple(_report(r) for r in reports),
        completions=tuple(Completion(date=c.date, item=c.item) for c in completions),
        clearance=row.clearance,
    )


def _report(row: ReportRow) -> Report:
    return Report(
        date=row.date, pain_rest=row.pain_rest, pain_walking=row.pain_walking,
        pain_running=row.pain_running, pain_morning=row.pain_morning,
        flags=tuple(f for f in row.flags.split(",") if f), note=row.note,
    )


def _insert(model):
    dialect = session().get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(model)


def _report_values(plan_id: int, report: Report) -> dict:
    values = {name: getattr(report, name) for name in PAINS}
    return {"plan_id": plan_id, "date": report.date, "flags": ",".join(report.flags),
            "note": report.note, **values}


def save_report(plan_id: int, report: Report) -> None:
    """Store a day's report; a second report on the same day replaces the first."""
    values = _report_values(plan_id, report)
    statement = _insert(ReportRow).values(**values)
    updates = {k: statement.excluded[k] for k in (*PAINS, "flags", "note")}
    statement = statement.on_conflict_do_update(index_elements=["plan_id", "date"], set_=updates)
    db = session()
    db.execute(statement)
    db.commit()


def set_done(plan_id: int, when: date, item: str, done: bool) -> None:
    """Tick an item off on its day, or untick it; repeating either is harmless."""
    db = session()
    if done:
        statement = _insert(CompletionRow).values(plan_id=plan_id, date=when, item=item)
        db.execute(statement.on_conflict_do_nothing(index_elements=["plan_id", "date", "item"]))
    else:
        db.execute(delete(CompletionRow).where(
            CompletionRow.plan_id == plan_id, CompletionRow.date == when,
            CompletionRow.item == item,
        ))
    db.commit()


def replace_log(row: PlanRow, log: Log) -> None:
    """Replace a plan's whole log in one transaction (the import)."""
    db = session()
    db.execute(delete(ReportRow).where(ReportRow.plan_id == row.id))
    db.execute(delete(CompletionRow).where(CompletionRow.plan_id == row.id))
    db.add_all(ReportRow(**_report_values(row.id, r)) for r in log.reports)
    db.add_all(
        CompletionRow(plan_id=row.id, date=c.date, item=c.item) for c in set(log.completions)
    )
    row.clearance = log.clearance
    db.commit()
