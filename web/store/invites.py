"""Invites to a roster, stored by the hash of their token, and handing a managed profile over."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, select, update

from web.core import clock
from web.core.db import rowcount, session
from web.store.models import (
    Invite,
    PlanRow,
    RosterEntry,
    User,
)


def add_invite(
    coach_id: int,
    token_hash: str,
    expires: datetime,
    *,
    name: str = "",
    athlete_id: int | None = None,
) -> None:
    """Store an invite by the hash of its token."""
    db = session()
    db.add(
        Invite(
            coach_id=coach_id,
            token_hash=token_hash,
            athlete_id=athlete_id,
            name=name,
            created=clock.now(),  # the app's clock, as `expires` is
            expires=expires,
        )
    )
    db.commit()


def invite_by_hash(token_hash: str) -> Invite | None:
    """Return the invite with this hash, used, cancelled or expired as it may be."""
    return session().scalar(select(Invite).where(Invite.token_hash == token_hash))


def lock_managed_profile(athlete_id: int) -> RosterEntry | None:
    """Return the roster entry of a profile that is still managed, locked until commit (FOR
    UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write lock); None once it
    was handed over or deleted. Claims of one profile queue here, and each sees the last."""
    query = (
        select(RosterEntry)
        .where(RosterEntry.athlete_id == athlete_id, RosterEntry.managed.is_(True))
        .with_for_update()
    )
    return session().scalars(query.execution_options(populate_existing=True)).first()


def _unused() -> tuple[ColumnElement[bool], ...]:
    """An invite neither used nor withdrawn (it may have expired)."""
    return Invite.used.is_(None), Invite.cancelled.is_(None)


def _open(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """An invite that still works at `now`: unused, not withdrawn, not expired."""
    return *_unused(), Invite.expires > now


def use_invite(invite_id: int, now: datetime) -> bool:
    """Mark an invite used, in the caller's transaction; False if it was used or cancelled."""
    done = session().execute(
        update(Invite).where(Invite.id == invite_id, *_unused()).values(used=now)
    )
    return bool(rowcount(done))


def cancel_invites(athlete_id: int, now: datetime) -> None:
    """Void every open invite for a managed profile, in the caller's transaction."""
    session().execute(
        update(Invite).where(Invite.athlete_id == athlete_id, *_unused()).values(cancelled=now)
    )


def profile_going(athlete_id: int, now: datetime) -> None:
    """Before a managed profile is deleted: its open invites are voided, and all of them
    outlive it (with no profile), so their links say it is gone rather than 404 (no commit)."""
    cancel_invites(athlete_id, now)
    _outlive(athlete_id)


def _outlive(athlete_id: int) -> None:
    session().execute(update(Invite).where(Invite.athlete_id == athlete_id).values(athlete_id=None))


def hand_over(managed_id: int, to_user_id: int) -> None:
    """Move a managed profile's plans to a real account and drop the profile (no commit).

    The profile's invites, used or cancelled by now, outlive it, so their links say so. The
    account then joins the roster (store.roster.join_roster), which marks its row out of date."""
    db = session()
    _outlive(managed_id)
    db.execute(update(PlanRow).where(PlanRow.owner_id == managed_id).values(owner_id=to_user_id))
    db.execute(delete(User).where(User.id == managed_id))


def open_invites(coach_id: int, now: datetime) -> list[Invite]:
    """The coach's invites that still work (not used, withdrawn or expired), newest first."""
    query = (
        select(Invite)
        .where(Invite.coach_id == coach_id, *_open(now))
        .order_by(Invite.created.desc(), Invite.id.desc())
    )
    return list(session().scalars(query))


def withdraw(coach_id: int, invite_id: int, now: datetime) -> str | None:
    """Void one of the coach's open invites and commit; return its name ("" if none), or None
    if it is not theirs or no longer open. One conditional UPDATE: a join that uses the invite
    at the same moment either comes first (nothing withdrawn) or finds it void."""
    done = session().execute(
        update(Invite)
        .where(
            Invite.id == invite_id,
            Invite.coach_id == coach_id,
            *_open(now),
        )
        .values(cancelled=now)
        .returning(Invite.name)
    )
    name = done.scalar()
    session().commit()
    return name
