"""Logs: the reports and check-offs of a plan, its safety record (web/store/records.py) and its
watch activities (web/store/activities.py) read back."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import BindParameter, bindparam, delete, func, select

from planner.model import Clearance, Completion, Log, Report, Retraction
from planner.validation import PAIN_FIELDS
from web.core.db import dialect, dialect_insert, read_rows, session, upserts
from web.store.activities import activities_of
from web.store.models import (
    ActivityRow,
    ClearanceRow,
    CompletionRow,
    PlanRow,
    ReportRow,
    RetractionRow,
)
from web.store.plans import touch


def load_log(row: PlanRow) -> Log:
    """Return everything reported and ticked off on a plan."""
    return logs_of([row])[row.id]


def lifting_events(
    ids: list[int],
) -> dict[int, tuple[tuple[Clearance, ...], tuple[Retraction, ...]]]:
    """Return the clearances and retractions (the safety record, web/store/records.py) of many
    plans in two queries, keyed by plan id."""
    clearances: dict[int, list[Clearance]] = {i: [] for i in ids}
    retractions: dict[int, list[Retraction]] = {i: [] for i in ids}
    for plan_id, when, note in read_rows(CLEARANCES_OF, {"ids": ids}):
        clearances[plan_id].append(Clearance(date=when, note=note))
    for plan_id, when, flag, recorded, reason in read_rows(RETRACTIONS_OF, {"ids": ids}):
        retractions[plan_id].append(
            Retraction(date=when, flag=flag, recorded=recorded, reason=reason)
        )
    return {i: (tuple(clearances[i]), tuple(retractions[i])) for i in ids}


# A report's columns, read as plain tuples: no ORM objects for rows only read once.
REPORT_COLUMNS = (
    ReportRow.plan_id,
    ReportRow.date,
    *(getattr(ReportRow, name) for name in PAIN_FIELDS),
    ReportRow.flags,
    ReportRow.note,
)

# The log's reads, built once: `ids` is the list of plans read.
IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
REPORTS_OF = select(*REPORT_COLUMNS).where(ReportRow.plan_id.in_(IDS)).order_by(ReportRow.date)
COMPLETIONS_OF = (
    select(CompletionRow.plan_id, CompletionRow.date, CompletionRow.item)
    .where(CompletionRow.plan_id.in_(IDS))
    .order_by(CompletionRow.date, CompletionRow.item)
)
CLEARANCES_OF = (
    select(ClearanceRow.plan_id, ClearanceRow.date, ClearanceRow.note)
    .where(ClearanceRow.plan_id.in_(IDS))
    .order_by(ClearanceRow.date, ClearanceRow.id)
)
RETRACTIONS_OF = (
    select(
        RetractionRow.plan_id,
        RetractionRow.date,
        RetractionRow.flag,
        RetractionRow.recorded,
        RetractionRow.reason,
    )
    .where(RetractionRow.plan_id.in_(IDS))
    .order_by(RetractionRow.date, RetractionRow.flag)
)


def _report(row: Any) -> Report:
    """A report from its REPORT_COLUMNS."""
    _, when, *pains, flags, note = row
    return Report(
        date=when,
        **dict(zip(PAIN_FIELDS, pains, strict=True)),
        flags=tuple(f for f in flags.split(",") if f),
        note=note,
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


class ReportChanged(Exception):
    """The day's report changed after the page whose form was sent was opened: nothing saved."""

    def __init__(self, now: Report | None) -> None:
        super().__init__("the day's report changed since the form was opened")
        self.now = now  # the day's report as stored now (None: deleted meanwhile)


def report_mark(report: Report | None) -> str:
    """A short mark of a day's report as a page shows it in its form ("none" without one): a
    form sent from a page opened before another save of that day carries an older mark."""
    if report is None:
        return "none"
    told = (*(getattr(report, name) for name in PAIN_FIELDS), report.flags, report.note)
    return hashlib.sha256(repr(told).encode()).hexdigest()[:16]


def save_report(plan_id: int, report: Report, seen: str | None = None) -> Report:
    """Store a day's report and return it as stored: a second report on the same day replaces
    the first's scores and note, but keeps its red flags (a flag once reported stays). With
    `seen`, the mark of the day's report on the page the form came from (`report_mark`), a
    report saved meanwhile from another page is not overwritten: ReportChanged, nothing saved."""
    db = session()
    touch(plan_id)  # locks the plan first: the read below and the upsert see no other writer
    stored = report_on(plan_id, report.date)
    kept = tuple(f for f in (stored.flags if stored else ()) if f not in report.flags)
    report = replace(report, flags=kept + tuple(report.flags))
    if seen is not None and report_mark(stored) not in (seen, report_mark(report)):
        db.rollback()  # saved from another page meanwhile (the same form sent twice is not)
        raise ReportChanged(stored)
    db.execute(REPORT_UPSERT[dialect()], report_values(plan_id, report))
    db.commit()
    return report


# A day's report, or new scores and note for the day's report already stored.
REPORT_UPSERT = upserts(
    ReportRow,
    ("plan_id", "date", *PAIN_FIELDS, "flags", "note"),
    key=("plan_id", "date"),
    updated=(*PAIN_FIELDS, "flags", "note"),
)


def report_on(plan_id: int, when: date) -> Report | None:
    """Return a plan's report of one day as stored, or None."""
    found = read_rows(_REPORT_ON, {"plan_id": plan_id, "date": when})
    return _report(found[0]) if found else None


_REPORT_ON = select(*REPORT_COLUMNS).where(
    ReportRow.plan_id == bindparam("plan_id"), ReportRow.date == bindparam("date")
)


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
    for r in read_rows(REPORTS_OF, {"ids": ids}):
        reports[r[0]].append(_report(r))
    for plan_id, when, item in read_rows(COMPLETIONS_OF, {"ids": ids}):
        completions[plan_id].append(Completion(date=when, item=item))
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


def latest_day(owner_id: int) -> date | None:
    """Return the latest day the owner's plans hold a report, a tick or a recorded activity on
    (None: nothing recorded): a day they have lived, so "today" may not go back before it."""
    owned = select(PlanRow.id).where(PlanRow.owner_id == owner_id)
    days = [
        session().scalar(select(func.max(table.date)).where(table.plan_id.in_(owned)))
        for table in (ReportRow, CompletionRow, ActivityRow)
    ]
    return max((day for day in days if day is not None), default=None)
