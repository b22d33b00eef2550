"""Invite links to a coach's roster: a random token, kept only as its hash, single use."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from web import clock, store, users
from web.db import session
from web.models import Invite, RosterEntry, User

LIFETIME = timedelta(days=14)


class InviteGone(Exception):
    """The invite was used, expired, or never existed."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(coach_id: int, *, name: str = "", athlete_id: int | None = None) -> str:
    """Make an invite and return its token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    store.add_invite(coach_id, hash_token(token), clock.now() + LIFETIME, name=name,
                     athlete_id=athlete_id)
    return token


def find(token: str) -> Invite | None:
    """Return the open invite for a token, or None."""
    if not 20 <= len(token) <= 100:
        return None
    return store.open_invite(hash_token(token), clock.now())


def accept(invite: Invite, user_id: int) -> None:
    """Link an existing account to the coach; a handed-over profile's plans become theirs."""
    if user_id == invite.coach_id:
        raise InviteGone("A coach cannot join their own roster.")
    db = session()
    if db.get(User, user_id).role == "coach":
        raise InviteGone("A coach account cannot join a roster or take over an athlete's profile.")
    if not store.use_invite(invite.id, clock.now()):
        db.rollback()
        raise InviteGone("This invite has already been used.")
    name = invite.name
    if invite.athlete_id is not None:
        profile = db.get(RosterEntry, invite.athlete_id)
        name = profile.name if profile else name
        store.hand_over(invite.athlete_id, user_id)
    user = db.get(User, user_id)
    store.join_roster(invite.coach_id, user_id, name or user.email)
    db.commit()


def sign_up(invite: Invite, email: str, password_hash: str, timezone: str) -> User:
    """Create the athlete's account through the invite (claiming a managed profile) and link it."""
    if invite.athlete_id is None:
        user = users.add_user(email, password_hash, timezone)
        accept(invite, user.id)
        return user
    db = session()
    if not store.use_invite(invite.id, clock.now()):
        db.rollback()
        raise InviteGone("This invite has already been used.")
    user, entry = db.get(User, invite.athlete_id), db.get(RosterEntry, invite.athlete_id)
    user.email, user.password_hash, user.timezone = email, password_hash, timezone
    entry.managed = False
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise users.EmailTaken(email) from None
    return user
