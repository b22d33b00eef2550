"""The plan repository: every query the plan views need, and nothing else writes plans."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from planner.model import Clearance, Completion, Log, PlanSpec, Report, Retraction
from web.db import connection, read_connection, session, view_reads_only
from web.models import (
    NO_PASSWORD,
    CalendarFeed,
    CalendarRevisionRow,
    ClearanceRow,
    CoachNote,
    CompletionRow,
    Invite,
    PlanRow,
    ReportRow,
    RetiredFeedToken,
    RetractionRow,
    RosterEntry,
    User,
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


def touch(plan_id: int) -> None:
    """Bump the plan's log version in the caller's transaction: every cached build goes stale.

    Every write that changes what a plan shows calls this first, so the plan row is locked
    before the log rows and concurrent writers queue up; `+ 1` in SQL never loses a bump.
    """
    session().execute(update(PlanRow).where(PlanRow.id == plan_id)
                      .values(log_version=PlanRow.log_version + 1)
                      .execution_options(synchronize_session="fetch"))


def update_settings(row: PlanRow, *, clearance: date | None, calendar_time: time | None) -> None:
    """Record a clinician clearance date and the calendar time."""
    touch(row.id)
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
    clearances, retractions = lifting_events([row.id])[row.id]
    return Log(
        reports=tuple(_report(r) for r in reports),
        completions=tuple(Completion(date=c.date, item=c.item) for c in completions),
        clearance=row.clearance, clearances=clearances, retractions=retractions,
    )


def lifting_events(ids: list[int]) -> dict[int, tuple[tuple[Clearance, ...],
                                                      tuple[Retraction, ...]]]:
    """Return the clearances and retractions (the safety record, web/records.py) of many
    plans in two queries, keyed by plan id."""
    clearances: dict[int, list[Clearance]] = {i: [] for i in ids}
    retractions: dict[int, list[Retraction]] = {i: [] for i in ids}
    db = session()
    for c in db.scalars(select(ClearanceRow).where(ClearanceRow.plan_id.in_(ids))
                        .order_by(ClearanceRow.date, ClearanceRow.id)):
        clearances[c.plan_id].append(Clearance(date=c.date, note=c.note))
    for r in db.scalars(select(RetractionRow).where(RetractionRow.plan_id.in_(ids))
                        .order_by(RetractionRow.date, RetractionRow.flag)):
        retractions[r.plan_id].append(Retraction(date=r.date, flag=r.flag, recorded=r.recorded,
                                                 reason=r.reason))
    return {i: (tuple(clearances[i]), tuple(retractions[i])) for i in ids}


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


def save_report(plan_id: int, report: Report) -> Report:
    """Store a day's report and return it as stored: a second report on the same day replaces
    the first's scores and note, but keeps its red flags (a flag once reported stays)."""
    db = session()
    touch(plan_id)  # locks the plan first: the read below and the upsert see no other writer
    earlier = db.scalar(select(ReportRow.flags).where(ReportRow.plan_id == plan_id,
                                                      ReportRow.date == report.date))
    kept = tuple(f for f in (earlier or "").split(",") if f and f not in report.flags)
    report = replace(report, flags=kept + tuple(report.flags))
    statement = _insert(ReportRow).values(**_report_values(plan_id, report))
    updates = {k: statement.excluded[k] for k in (*PAINS, "flags", "note")}
    statement = statement.on_conflict_do_update(index_elements=["plan_id", "date"], set_=updates)
    db.execute(statement)
    db.commit()
    return report


def set_done(plan_id: int, when: date, item: str, done: bool) -> None:
    """Tick an item off on its day, or untick it; repeating either is harmless."""
    db = session()
    touch(plan_id)
    if done:
        statement = _insert(CompletionRow).values(plan_id=plan_id, date=when, item=item)
        db.execute(statement.on_conflict_do_nothing(index_elements=["plan_id", "date", "item"]))
    else:
        db.execute(delete(CompletionRow).where(
            CompletionRow.plan_id == plan_id, CompletionRow.date == when,
            CompletionRow.item == item,
        ))
    db.commit()


# Calendar feeds (SPEC §6): options, token hashes and the per-day revisions clients were told.
REVISIONS_LOCK = 727_275  # advisory lock namespace: one calendar render per plan at a time


def plan_by_id(plan_id: int) -> PlanRow | None:
    """Return a plan whoever owns it: only for a caller that proved access (a feed token)."""
    return session().get(PlanRow, plan_id)


def feed_of(plan_id: int) -> CalendarFeed | None:
    """Return a plan's calendar feed settings, if it has any."""
    return session().scalar(select(CalendarFeed).where(CalendarFeed.plan_id == plan_id))


def token_retired(token_hash: str) -> bool:
    """Return True if this token hash was rotated out or revoked."""
    return session().get(RetiredFeedToken, token_hash) is not None


def _feed_for_update(plan_id: int) -> CalendarFeed:
    db = session()
    # Insert-if-missing, then lock: two first clicks at once cannot both create the row.
    created = _insert(CalendarFeed).values(plan_id=plan_id, all_day=True, created=datetime.now(UTC))
    db.execute(created.on_conflict_do_nothing(index_elements=["plan_id"]))
    query = select(CalendarFeed).where(CalendarFeed.plan_id == plan_id).with_for_update()
    return db.scalars(query.execution_options(populate_existing=True)).one()


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


def save_revisions(plan_id: int, changed: list[tuple[date, int, datetime, str]]) -> int:
    """Upsert the (date, sequence, modified, digest) rows that changed, then commit.

    Return the plan's calendar version: bumped when any row changed, so it names the stored
    revisions (it only ever rises, and so does a stored revision).
    """
    db = session()
    for when, sequence, modified, digest in changed:
        statement = _insert(CalendarRevisionRow).values(
            plan_id=plan_id, date=when, sequence=sequence, modified=modified, digest=digest)
        updates = {k: statement.excluded[k] for k in ("sequence", "modified", "digest")}
        db.execute(statement.on_conflict_do_update(index_elements=["plan_id", "date"],
                                                   set_=updates))
    if changed:
        bump = (update(PlanRow).where(PlanRow.id == plan_id)
                .values(calendar_version=PlanRow.calendar_version + 1))
        version = db.execute(bump.returning(PlanRow.calendar_version)
                             .execution_options(synchronize_session=False)).scalar_one()
    else:  # renders are serialised (lock_revisions), so nobody moves it meanwhile
        version = db.scalar(select(PlanRow.calendar_version).where(PlanRow.id == plan_id))
    db.commit()
    return version


# Every feed poll runs this: built once (composing it costs as much as running it), read as
# plain columns (loading ORM objects would cost as much again).
_FEED_BY_TOKEN = (
    select(PlanRow.__table__, CalendarFeed.id.label("feed_id"), CalendarFeed.all_day,
           CalendarFeed.alarm_minutes, CalendarFeed.render_key, CalendarFeed.render_etag,
           CalendarFeed.render_modified, User.timezone.label("owner_timezone"))
    .join(CalendarFeed, CalendarFeed.plan_id == PlanRow.id)
    .outerjoin(User, User.id == PlanRow.owner_id)
    .where(CalendarFeed.token_hash == bindparam("token_hash"))
)


def feed_by_token(token_hash: str):
    """Return the feed with this active token hash as one row, from one query: the plan's
    columns by their PlanRow names, the feed's (feed_id, all_day, alarm_minutes, render_key,
    render_etag, render_modified) and the owner's zone (owner_timezone).

    Every calendar poll starts here, so it reads without taking SQLite's write lock.
    """
    with read_connection() as connection:
        return connection.execute(_FEED_BY_TOKEN, {"token_hash": token_hash}).first()


def remember_render(feed_id: int, key: str, etag: str, modified: datetime) -> None:
    """Store what the feed's last render was of, its ETag and its Last-Modified; commit."""
    db = session()
    db.execute(update(CalendarFeed).where(CalendarFeed.id == feed_id).values(
        render_key=key, render_etag=etag, render_modified=modified))
    db.commit()


# Coaches: who may see a plan, the roster, invites and notes.

def plan_for(viewer_id: int, plan_id: int) -> PlanRow | None:
    """Return the plan if the viewer owns it or coaches its owner; None hides everyone else's.

    Every plan page asks. A view that only reads gets the row from plain columns, detached
    from the session (the ORM's bookkeeping took a fifth of a kept Today page's time); the
    others get it from the session, to change it.
    """
    params = {"viewer_id": viewer_id, "plan_id": plan_id}
    if not view_reads_only():
        return session().scalar(_PLAN_FOR, params)
    found = connection().execute(_PLAN_COLUMNS_FOR, params).first()
    return None if found is None else PlanRow(**found._mapping)


def _whose_plan(*columns):
    """Select `columns` of the plan if the viewer owns it or coaches its owner."""
    return (select(*columns).outerjoin(RosterEntry, RosterEntry.athlete_id == PlanRow.owner_id)
            .where(PlanRow.id == bindparam("plan_id"),
                   (PlanRow.owner_id == bindparam("viewer_id"))
                   | (RosterEntry.coach_id == bindparam("viewer_id"))))


_PLAN_FOR = _whose_plan(PlanRow)  # built once
_PLAN_COLUMNS_FOR = _whose_plan(*PlanRow.__table__.c)


def roster_entry(coach_id: int, athlete_id: int):
    """Return the coach's roster entry for this athlete, or None if not theirs."""
    return session().scalar(select(RosterEntry).where(
        RosterEntry.coach_id == coach_id, RosterEntry.athlete_id == athlete_id))


def roster_of(coach_id: int, athlete_id: int | None = None) -> list:
    """Return (entry, user) for every athlete on a coach's roster (or just one), by name."""
    query = select(RosterEntry, User).join(User, User.id == RosterEntry.athlete_id)
    query = query.where(RosterEntry.coach_id == coach_id).order_by(RosterEntry.name)
    if athlete_id is not None:
        query = query.where(RosterEntry.athlete_id == athlete_id)
    return [tuple(row) for row in session().execute(query)]


def plans_of_many(owner_ids: list[int]) -> list[PlanRow]:
    """Return the plans of many owners in one query, newest first."""
    query = select(PlanRow).where(PlanRow.owner_id.in_(owner_ids))
    return list(session().scalars(query.order_by(PlanRow.created.desc(), PlanRow.id.desc())))


def logs_of(rows: list[PlanRow]) -> dict[int, Log]:
    """Return the logs of many plans in four queries, keyed by plan id."""
    ids = [row.id for row in rows]
    reports: dict[int, list[Report]] = {i: [] for i in ids}
    completions: dict[int, list[Completion]] = {i: [] for i in ids}
    db = session()
    for r in db.scalars(select(ReportRow).where(ReportRow.plan_id.in_(ids))
                        .order_by(ReportRow.date)):
        reports[r.plan_id].append(_report(r))
    for c in db.scalars(select(CompletionRow).where(CompletionRow.plan_id.in_(ids))
                        .order_by(CompletionRow.date, CompletionRow.item)):
        completions[c.plan_id].append(Completion(date=c.date, item=c.item))
    events = lifting_events(ids)
    return {row.id: Log(reports=tuple(reports[row.id]), completions=tuple(completions[row.id]),
                        clearance=row.clearance, clearances=events[row.id][0],
                        retractions=events[row.id][1]) for row in rows}


def coach_of(athlete_id: int):
    """Return (entry, coach user) for an athlete's current coach, or None."""
    query = select(RosterEntry, User).join(User, User.id == RosterEntry.coach_id)
    row = session().execute(query.where(RosterEntry.athlete_id == athlete_id)).first()
    return tuple(row) if row else None


def add_managed_athlete(coach_id: int, name: str, email: str, *, commit: bool = True):
    """Create a profile with no usable password, owned by the coach; return the user."""
    now = datetime.now(UTC)
    db = session()
    user = User(email=email, password_hash=NO_PASSWORD, timezone="UTC", role="runner", created=now)
    db.add(user)
    db.flush()
    db.add(RosterEntry(athlete_id=user.id, coach_id=coach_id, name=name, managed=True,
                       joined=now))
    if commit:
        db.commit()
    return user


def join_roster(coach_id: int, athlete_id: int, name: str) -> None:
    """Put an athlete on a coach's roster, replacing any coach they had."""
    db = session()
    db.execute(delete(RosterEntry).where(RosterEntry.athlete_id == athlete_id))
    db.add(RosterEntry(athlete_id=athlete_id, coach_id=coach_id, name=name, managed=False,
                       joined=datetime.now(UTC)))


def remove_athlete(entry: RosterEntry) -> None:
    """Take an athlete off their coach's roster. A managed profile exists only on the roster:
    it is deleted with its plans and logs (the database cascades). An athlete with an account
    keeps it and their plans; the coach loses access."""
    db = session()
    if entry.managed:
        db.execute(delete(User).where(User.id == entry.athlete_id))
    else:
        db.execute(delete(RosterEntry).where(RosterEntry.athlete_id == entry.athlete_id,
                                             RosterEntry.coach_id == entry.coach_id))
    db.commit()


def leave_coach(athlete_id: int) -> bool:
    """Take an athlete off their coach's roster; return whether they had one."""
    db = session()
    gone = db.execute(delete(RosterEntry).where(RosterEntry.athlete_id == athlete_id,
                                                RosterEntry.managed.is_(False)))
    db.commit()
    return bool(gone.rowcount)


def add_invite(coach_id: int, token_hash: str, expires: datetime, *, name: str = "",
               athlete_id: int | None = None) -> None:
    """Store an invite by the hash of its token."""
    db = session()
    db.add(Invite(coach_id=coach_id, token_hash=token_hash, athlete_id=athlete_id, name=name,
                  created=datetime.now(UTC), expires=expires))
    db.commit()


def invite_by_hash(token_hash: str) -> Invite | None:
    """Return the invite with this hash, used, cancelled or expired as it may be."""
    return session().scalar(select(Invite).where(Invite.token_hash == token_hash))


def lock_managed_profile(athlete_id: int) -> RosterEntry | None:
    """Return the roster entry of a profile that is still managed, locked until commit (FOR
    UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write lock); None once it
    was handed over or deleted. Claims of one profile queue here, and each sees the last."""
    query = select(RosterEntry).where(RosterEntry.athlete_id == athlete_id,
                                      RosterEntry.managed.is_(True)).with_for_update()
    return session().scalars(query.execution_options(populate_existing=True)).first()


def use_invite(invite_id: int, now: datetime) -> bool:
    """Mark an invite used, in the caller's transaction; False if it was used or cancelled."""
    done = session().execute(update(Invite).where(
        Invite.id == invite_id, Invite.used.is_(None), Invite.cancelled.is_(None),
    ).values(used=now))
    return bool(done.rowcount)


def cancel_invites(athlete_id: int, now: datetime) -> None:
    """Void every open invite for a managed profile, in the caller's transaction."""
    session().execute(update(Invite).where(
        Invite.athlete_id == athlete_id, Invite.used.is_(None), Invite.cancelled.is_(None),
    ).values(cancelled=now))


def hand_over(managed_id: int, to_user_id: int) -> None:
    """Move a managed profile's plans to a real account and drop the profile (no commit).

    The profile's invites, used or cancelled by now, outlive it, so their links say so."""
    db = session()
    db.execute(update(Invite).where(Invite.athlete_id == managed_id).values(athlete_id=None))
    db.execute(update(PlanRow).where(PlanRow.owner_id == managed_id).values(owner_id=to_user_id))
    db.execute(delete(User).where(User.id == managed_id))


def add_note(plan_id: int, coach_id: int, when: date, text: str) -> None:
    """Store a coach's note on a day of a plan (the plan shows it: its version goes up)."""
    touch(plan_id)
    db = session()
    db.add(CoachNote(plan_id=plan_id, coach_id=coach_id, date=when, text=text,
                     created=datetime.now(UTC)))
    db.commit()


_NOTES = CoachNote.__table__.c
_NOTES_ON = (  # Today and every day page ask: built once, sent past the ORM
    select(_NOTES.text).where(_NOTES.plan_id == bindparam("plan_id"),
                              _NOTES.date == bindparam("date")).order_by(_NOTES.id)
)


def notes_on(plan_id: int, when: date) -> list:
    """Return the notes coaches left on a plan's day, oldest first, as rows with their text."""
    return list(session().connection().execute(_NOTES_ON, {"plan_id": plan_id, "date": when}))


def notes_of(plan_ids: list[int]) -> dict[int, list[CoachNote]]:
    """Return the notes left on these plans in one query, by plan, the latest day first."""
    found: dict[int, list[CoachNote]] = {plan_id: [] for plan_id in plan_ids}
    query = select(CoachNote).where(CoachNote.plan_id.in_(plan_ids))
    for note in session().scalars(query.order_by(CoachNote.date.desc(), CoachNote.id.desc())):
        found[note.plan_id].append(note)
    return found


def update_plan(row: PlanRow, spec: PlanSpec, clearance: date | None) -> None:
    """Change a plan's baseline, runs, run days, goal and clearance."""
    touch(row.id)
    row.baseline, row.runs_per_week, row.goal = spec.baseline, spec.runs_per_week, spec.goal
    row.run_days = ",".join(str(d) for d in spec.run_days)
    row.clearance = clearance
    session().commit()


# The JSON API: writes that say what they did, so retries and races are visible and harmless.

def add_completion(plan_id: int, when: date, item: str) -> bool:
    """Tick an item off once; True if this call stored it, False if it was already there."""
    statement = _insert(CompletionRow).values(plan_id=plan_id, date=when, item=item)
    db = session()
    touch(plan_id)
    statement = statement.on_conflict_do_nothing(index_elements=["plan_id", "date", "item"])
    stored = db.execute(statement.returning(CompletionRow.id)).first() is not None
    db.commit()
    return stored


def delete_plan(row: PlanRow) -> None:
    """Delete a plan; its reports, check-offs and feed go with it (ON DELETE CASCADE)."""
    db = session()
    db.execute(delete(PlanRow).where(PlanRow.id == row.id))
    db.commit()


def add_roster(coach_id: int, athletes: list, placeholder) -> None:
    """Create managed athletes with a plan each, all in one transaction."""
    db = session()
    try:
        for name, email, spec in athletes:
            user = add_managed_athlete(coach_id, name, email or placeholder(), commit=False)
            db.add(PlanRow(
                owner_id=user.id, condition=spec.condition, onset=spec.onset,
                baseline=spec.baseline, unit=spec.unit, start=spec.start, goal=spec.goal,
                runs_per_week=spec.runs_per_week, easy_pace=spec.easy_pace,
                run_days=",".join(str(d) for d in spec.run_days), created=datetime.now(UTC)))
        db.commit()
    except Exception:
        db.rollback()
        raise
