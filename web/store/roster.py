"""Rosters: a coach's athletes, managed profiles and the notes coaches leave on a plan's days."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, select

from web.core import clock
from web.core.db import rowcount, session
from web.store import invites, roster_rows
from web.store.models import (
    NO_PASSWORD,
    CoachNote,
    RosterEntry,
    User,
)
from web.store.plans import new_plan_row, touch
from web.store.roster_rows import stale_athlete


def roster_entry(coach_id: int, athlete_id: int) -> RosterEntry | None:
    """Return the coach's roster entry for this athlete, or None if not theirs."""
    return session().scalar(
        select(RosterEntry).where(
            RosterEntry.coach_id == coach_id, RosterEntry.athlete_id == athlete_id
        )
    )


def roster_of(coach_id: int, athlete_id: int | list[int] | None = None) -> list[Any]:
    """Return (entry, user) for every athlete on a coach's roster (or just one, or those
    listed), by name."""
    query = select(RosterEntry, User).join(User, User.id == RosterEntry.athlete_id)
    query = query.where(RosterEntry.coach_id == coach_id).order_by(RosterEntry.name)
    if isinstance(athlete_id, list):
        query = query.where(RosterEntry.athlete_id.in_(athlete_id))
    elif athlete_id is not None:
        query = query.where(RosterEntry.athlete_id == athlete_id)
    return [tuple(row) for row in session().execute(query)]


def coach_of(athlete_id: int) -> tuple[Any, ...] | None:
    """Return (entry, coach user) for an athlete's current coach, or None."""
    query = select(RosterEntry, User).join(User, User.id == RosterEntry.coach_id)
    row = session().execute(query.where(RosterEntry.athlete_id == athlete_id)).first()
    return tuple(row) if row else None


def add_managed_athlete(coach_id: int, name: str, email: str, *, commit: bool = True) -> User:
    """Create a profile with no usable password, owned by the coach, in the coach's time zone
    until the coach sets the athlete's own; return the user."""
    now = clock.now()
    db = session()
    coach = db.get(User, coach_id)
    zone = coach.timezone if coach is not None else "UTC"
    user = User(email=email, password_hash=NO_PASSWORD, timezone=zone, role="runner", created=now)
    db.add(user)
    db.flush()
    db.add(RosterEntry(athlete_id=user.id, coach_id=coach_id, name=name, managed=True, joined=now))
    if commit:
        db.commit()
    return user


def move_profile(athlete_id: int, timezone: str) -> None:
    """Set where a managed profile's athlete lives (their "today"); their line on the
    dashboard is out of date."""
    athlete = session().get(User, athlete_id)
    if athlete is not None:
        athlete.timezone = timezone
    stale_athlete(athlete_id)
    session().commit()


def join_roster(coach_id: int, athlete_id: int, name: str) -> None:
    """Put an athlete on a coach's roster, replacing any coach they had; their stored row is
    out of date (another coach's, or made before a profile's plans became theirs)."""
    db = session()
    db.execute(delete(RosterEntry).where(RosterEntry.athlete_id == athlete_id))
    db.add(
        RosterEntry(
            athlete_id=athlete_id,
            coach_id=coach_id,
            name=name,
            managed=False,
            joined=clock.now(),
        )
    )
    stale_athlete(athlete_id)


def remove_athlete(entry: RosterEntry) -> None:
    """Take an athlete off their coach's roster. A managed profile exists only on the roster:
    it is deleted with its plans and logs (the database cascades). An athlete with an account
    keeps it and their plans; the coach loses access."""
    db = session()
    if entry.managed:
        invites.profile_going(entry.athlete_id, clock.now())
        db.execute(delete(User).where(User.id == entry.athlete_id))
    else:
        mine = (RosterEntry.athlete_id == entry.athlete_id, RosterEntry.coach_id == entry.coach_id)
        roster_rows.forget(select(RosterEntry.athlete_id).where(*mine))
        db.execute(delete(RosterEntry).where(*mine))
    db.commit()


def leave_coach(athlete_id: int) -> bool:
    """Take an athlete off their coach's roster; return whether they had one."""
    db = session()
    mine = (RosterEntry.athlete_id == athlete_id, RosterEntry.managed.is_(False))
    roster_rows.forget(select(RosterEntry.athlete_id).where(*mine))
    gone = db.execute(delete(RosterEntry).where(*mine))
    db.commit()
    return bool(rowcount(gone))


def add_note(plan_id: int, coach_id: int, when: date, text: str) -> None:
    """Store a coach's note on a day of a plan (the plan shows it: its version goes up)."""
    touch(plan_id)
    db = session()
    db.add(CoachNote(plan_id=plan_id, coach_id=coach_id, date=when, text=text, created=clock.now()))
    db.commit()


def notes_going(coach_id: int) -> None:
    """Before a coach's account is deleted (their notes go with it, by the database's cascade):
    bump the version of every plan they left a note on, as adding one did, so that no kept
    page or build still shows them."""
    noted = select(CoachNote.plan_id).where(CoachNote.coach_id == coach_id).distinct()
    for plan_id in session().scalars(noted).all():
        touch(plan_id)


_NOTES = CoachNote.__table__.c


_NOTES_ON = (  # Today and every day page ask: built once, sent past the ORM
    select(_NOTES.text)
    .where(_NOTES.plan_id == bindparam("plan_id"), _NOTES.date == bindparam("date"))
    .order_by(_NOTES.id)
)


def notes_on(plan_id: int, when: date) -> list[Any]:
    """Return the notes coaches left on a plan's day, oldest first, as rows with their text."""
    return list(session().connection().execute(_NOTES_ON, {"plan_id": plan_id, "date": when}))


def notes_of(plan_ids: list[int]) -> dict[int, list[CoachNote]]:
    """Return the notes left on these plans in one query, by plan, the latest day first."""
    found: dict[int, list[CoachNote]] = {plan_id: [] for plan_id in plan_ids}
    query = select(CoachNote).where(CoachNote.plan_id.in_(plan_ids))
    for note in session().scalars(query.order_by(CoachNote.date.desc(), CoachNote.id.desc())):
        found[note.plan_id].append(note)
    return found


def placeholder_email() -> str:
    """Return an address for a managed profile that has none: unique, and never delivered."""
    return f"managed-{secrets.token_hex(8)}@athletes.invalid"


def add_roster(coach_id: int, athletes: list[Any]) -> None:
    """Create managed athletes with a plan each, all in one transaction."""
    db = session()
    try:
        for name, email, spec in athletes:
            user = add_managed_athlete(coach_id, name, email or placeholder_email(), commit=False)
            db.add(new_plan_row(user.id, spec))
        db.commit()
    except Exception:
        db.rollback()
        raise
