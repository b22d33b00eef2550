"""The plan repository: every query the plan views need, and nothing else writes plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from planner.model import Completion, Log, PlanSpec, Report
from web.db import session
from web.models import (
    CalendarFeed,
    CalendarRevisionRow,
    CompletionRow,
    PlanRow,
    ReportRow,
    RetiredFeedToken,
)

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


# Calendar feeds (SPEC §6): options, token hashes and the per-day revisions clients were told.
REVISIONS_LOCK = 727_275  # advisory lock namespace: one calendar render per plan at a time


def plan_by_id(plan_id: int) -> PlanRow | None:
    """Return a plan whoever owns it: only for a caller that proved access (a feed token)."""
    return session().get(PlanRow, plan_id)


def feed_of(plan_id: int) -> CalendarFeed | None:
    """Return a plan's calendar feed settings, if it has any."""
    return session().scalar(select(CalendarFeed).where(CalendarFeed.plan_id == plan_id))


def feed_by_token_hash(token_hash: str) -> CalendarFeed | None:
    """Return the feed whose active token has this hash."""
    return session().scalar(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash))


def token_retired(token_hash: str) -> bool:
    """Return True if this token hash was rotated out or revoked."""
    return session().get(RetiredFeedToken, token_hash) is not None


def _feed_for_update(plan_id: int) -> CalendarFeed:
    db = session()
    query = select(CalendarFeed).where(CalendarFeed.plan_id == plan_id).with_for_update()
    feed = db.scalar(query)
    if feed is None:
        feed = CalendarFeed(plan_id=plan_id, all_day=True, created=datetime.now(UTC))
        db.add(feed)
        db.flush()
    return feed


def _retire(feed: CalendarFeed) -> None:
    if feed.token_hash is not None:
        session().add(RetiredFeedToken(token_hash=feed.token_hash, plan_id=feed.plan_id,
                                       retired=datetime.now(UTC)))
        feed.token_hash = None


def set_feed_token(plan_id: int, token_hash: str) -> None:
    """Make this the plan's one active token; the previous one is retired (410 from now on)."""
    feed = _feed_for_update(plan_id)
    _retire(feed)
    session().flush()  # the old hash leaves its unique column before the new one arrives
    feed.token_hash = token_hash
    session().commit()


def revoke_feed_token(plan_id: int) -> None:
    """Retire the plan's active token, if any; the options stay."""
    _retire(_feed_for_update(plan_id))
    session().commit()


def set_feed_options(plan_id: int, *, all_day: bool, alarm_minutes: int | None) -> None:
    """Store how a plan's feed shows its days."""
    feed = _feed_for_update(plan_id)
    feed.all_day, feed.alarm_minutes = all_day, alarm_minutes
    session().commit()


def lock_revisions(plan_id: int) -> None:
    """Serialise calendar renders of one plan until commit (SQLite's BEGIN IMMEDIATE already does)."""
    db = session()
    if db.get_bind().dialect.name == "postgresql":
        db.connection().exec_driver_sql("SELECT pg_advisory_xact_lock(%s, %s)",
                                        (REVISIONS_LOCK, plan_id))


def revisions_of(plan_id: int) -> list[CalendarRevisionRow]:
    """Return the stored per-day revisions of a plan."""
    return list(session().scalars(
        select(CalendarRevisionRow).where(CalendarRevisionRow.plan_id == plan_id)
    ))


def save_revisions(plan_id: int, changed: list[tuple[date, int, datetime, str]]) -> None:
    """Upsert the (date, sequence, modified, digest) rows that changed, then commit."""
    db = session()
    for when, sequence, modified, digest in changed:
        statement = _insert(CalendarRevisionRow).values(
            plan_id=plan_id, date=when, sequence=sequence, modified=modified, digest=digest)
        updates = {k: statement.excluded[k] for k in ("sequence", "modified", "digest")}
        db.execute(statement.on_conflict_do_update(index_elements=["plan_id", "date"],
                                                   set_=updates))
    db.commit()
