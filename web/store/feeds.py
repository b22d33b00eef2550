"""Calendar feeds (SPEC §6): options, token hashes and the per-day revisions clients were told."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Row, Select, bindparam, select, update

from web.core import clock
from web.core.db import dialect_insert, read_alone, session
from web.store.models import (
    CalendarFeed,
    CalendarRevisionRow,
    PlanRow,
    RetiredFeedToken,
    User,
)

REVISIONS_LOCK = 727_275  # advisory lock namespace: one calendar render per plan at a time


def feed_of(plan_id: int) -> CalendarFeed | None:
    """Return a plan's calendar feed settings, if it has any."""
    return session().scalar(select(CalendarFeed).where(CalendarFeed.plan_id == plan_id))


def token_retired(token_hash: str) -> bool:
    """Return True if this token hash was rotated out or revoked."""
    return session().get(RetiredFeedToken, token_hash) is not None


def _feed_for_update(plan_id: int) -> CalendarFeed:
    db = session()
    # Insert-if-missing, then lock: two first clicks at once cannot both create the row.
    created = dialect_insert(CalendarFeed).values(
        plan_id=plan_id, all_day=None, created=clock.now()
    )
    db.execute(created.on_conflict_do_nothing(index_elements=["plan_id"]))
    query = select(CalendarFeed).where(CalendarFeed.plan_id == plan_id).with_for_update()
    return db.scalars(query.execution_options(populate_existing=True)).one()


def _retire(feed: CalendarFeed) -> None:
    if feed.token_hash is not None:
        session().add(
            RetiredFeedToken(token_hash=feed.token_hash, plan_id=feed.plan_id, retired=clock.now())
        )
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


def retire_tokens_of(plans: Select[int]) -> None:
    """Retire the active tokens of these plans, about to be deleted: their retired rows
    outlive them (plan_id becomes None), so the calendars that hold the links get 410 Gone."""
    db = session()
    found = db.execute(
        select(CalendarFeed.token_hash, CalendarFeed.plan_id).where(
            CalendarFeed.plan_id.in_(plans), CalendarFeed.token_hash.is_not(None)
        )
    )
    now = clock.now()
    for token_hash, plan_id in found.all():
        db.add(RetiredFeedToken(token_hash=token_hash, plan_id=plan_id, retired=now))
    db.flush()


def set_feed_options(plan_id: int, *, all_day: bool | None, alarm_minutes: int | None) -> None:
    """Store how a plan's feed shows its days."""
    feed = _feed_for_update(plan_id)
    feed.all_day, feed.alarm_minutes = all_day, alarm_minutes
    session().commit()


def lock_revisions(plan_id: int) -> None:
    """Serialise calendar renders of one plan until commit (SQLite's BEGIN IMMEDIATE already does)."""
    db = session()
    if db.get_bind().dialect.name == "postgresql":
        db.connection().exec_driver_sql(
            "SELECT pg_advisory_xact_lock(%s, %s)", (REVISIONS_LOCK, plan_id)
        )


def revisions_of(plan_id: int) -> list[CalendarRevisionRow]:
    """Return the stored per-day revisions of a plan."""
    return list(
        session().scalars(select(CalendarRevisionRow).where(CalendarRevisionRow.plan_id == plan_id))
    )


def save_revisions(plan_id: int, changed: list[tuple[date, int, datetime, str]]) -> int:
    """Upsert the (date, sequence, modified, digest) rows that changed, then commit.

    Return the plan's calendar version: bumped when any row changed, so it names the stored
    revisions (it only ever rises, and so does a stored revision).
    """
    db = session()
    for when, sequence, modified, digest in changed:
        statement = dialect_insert(CalendarRevisionRow).values(
            plan_id=plan_id, date=when, sequence=sequence, modified=modified, digest=digest
        )
        updates = {k: statement.excluded[k] for k in ("sequence", "modified", "digest")}
        db.execute(
            statement.on_conflict_do_update(index_elements=["plan_id", "date"], set_=updates)
        )
    if changed:
        bump = (
            update(PlanRow)
            .where(PlanRow.id == plan_id)
            .values(calendar_version=PlanRow.calendar_version + 1)
        )
        version = db.execute(
            bump.returning(PlanRow.calendar_version).execution_options(synchronize_session=False)
        ).scalar_one()
    else:  # renders are serialised (lock_revisions), so nobody moves it meanwhile
        version = db.scalars(select(PlanRow.calendar_version).where(PlanRow.id == plan_id)).one()
    db.commit()
    return version


# Every feed poll runs this: built once (composing it costs as much as running it), read as
# plain columns (loading ORM objects would cost as much again).
_FEED_BY_TOKEN = (
    select(
        PlanRow.__table__,
        CalendarFeed.id.label("feed_id"),
        CalendarFeed.all_day,
        CalendarFeed.alarm_minutes,
        CalendarFeed.render_key,
        CalendarFeed.render_etag,
        CalendarFeed.render_modified,
        User.timezone.label("owner_timezone"),
    )
    .join(CalendarFeed, CalendarFeed.plan_id == PlanRow.id)
    .outerjoin(User, User.id == PlanRow.owner_id)
    .where(CalendarFeed.token_hash == bindparam("token_hash"))
)


def feed_by_token(token_hash: str) -> Row[Any] | None:
    """Return the feed with this active token hash as one row, from one query: the plan's
    columns by their PlanRow names, the feed's (feed_id, all_day, alarm_minutes, render_key,
    render_etag, render_modified) and the owner's zone (owner_timezone).

    Every calendar poll starts here, so it reads without taking SQLite's write lock.
    """
    return read_alone(_FEED_BY_TOKEN, {"token_hash": token_hash})


def remember_render(feed_id: int, key: str, etag: str, modified: datetime, body: bytes) -> None:
    """Store the feed's last render: what it was made of, its ETag, its Last-Modified and
    its body; commit."""
    db = session()
    db.execute(
        update(CalendarFeed)
        .where(CalendarFeed.id == feed_id)
        .values(render_key=key, render_etag=etag, render_modified=modified, render_body=body)
    )
    db.commit()


def stored_body(feed_id: int, key: str) -> bytes | None:
    """The body of the feed's last render if it was made of these inputs (`key`), else None."""
    found = read_alone(
        select(CalendarFeed.render_body).where(
            CalendarFeed.id == feed_id, CalendarFeed.render_key == key
        ),
        {},
    )
    return None if found is None else cast(bytes | None, found[0])
