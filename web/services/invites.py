"""Invite links to a coach's roster: a random token, kept only as its hash, single use."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from web import store
from web.auth.hashes import hash_secret, new_secret
from web.core import clock
from web.core.db import session
from web.core.templating import long_date
from web.forms.accounts import day_not_begun
from web.store import logs, users
from web.store.models import NO_PASSWORD, Invite, RosterEntry, User

LIFETIME = timedelta(days=14)


class InviteGone(Exception):
    """The invite cannot be used by anyone: it was used, cancelled or expired (the message
    says which, plainly)."""


class InviteRefused(Exception):
    """The invite is open, but not for this account (a coach's)."""


USED = "This invite link has already been used. Ask your coach for a new one if you still need it."
CANCELLED = (
    "This invite link no longer works: your coach withdrew it, or the profile it was for has "
    "been handed over (through another link) or deleted. Ask your coach for a new one if you "
    "need it."
)
EXPIRED = "This invite link has expired. Ask your coach for a new one."


def create(coach_id: int, *, name: str = "", athlete_id: int | None = None) -> str:
    """Make an invite and return its token; only its hash is stored."""
    token = new_secret()
    store.invites.add_invite(
        coach_id, hash_secret(token), clock.now() + LIFETIME, name=name, athlete_id=athlete_id
    )
    return token


def find(token: str) -> Invite | None:
    """Return the invite for a token, open or not; None if there is none."""
    if not 20 <= len(token) <= 100:
        return None
    return store.invites.invite_by_hash(hash_secret(token))


def check_open(invite: Invite) -> None:
    """Raise InviteGone, saying why, unless the invite can still be used."""
    if invite.cancelled is not None:
        raise InviteGone(CANCELLED)
    if invite.used is not None:
        raise InviteGone(USED)
    if clock.utc(invite.expires) <= clock.now():
        raise InviteGone(EXPIRED)


def _claim(invite: Invite) -> RosterEntry | None:
    """Use the invite in the caller's transaction; for a managed profile, lock it first, check
    it is still managed and void its other invites. Return the profile's roster entry, if any.

    Claims of one profile queue on its lock, so whichever comes second finds it handed over.
    """
    check_open(invite)
    profile = None
    if invite.athlete_id is not None:
        profile = store.invites.lock_managed_profile(invite.athlete_id)
        if profile is None:
            raise InviteGone(CANCELLED)
    now = clock.now()
    if not store.invites.use_invite(invite.id, now):
        session().refresh(invite)
        check_open(invite)
        raise InviteGone(USED)
    if profile is not None:
        store.invites.cancel_invites(profile.athlete_id, now)
    return profile


def accept(invite: Invite, user_id: int) -> None:
    """Link an existing account to the coach; a handed-over profile's plans become theirs."""
    if user_id == invite.coach_id:
        raise InviteRefused("A coach cannot join their own roster.")
    db = session()
    if users.existing(user_id).role == "coach":
        raise InviteRefused(
            "A coach account cannot join a roster or take over an athlete's profile."
        )
    if invite.athlete_id is not None:
        _refuse_going_back(invite.athlete_id, users.existing(user_id).timezone)
    try:
        profile = _claim(invite)
    except InviteGone:
        db.rollback()
        raise
    name = profile.name if profile is not None else invite.name
    if profile is not None:
        store.invites.hand_over(profile.athlete_id, user_id)
    if not name:  # an unnamed link keeps the name the coach already gave this athlete
        entry = store.roster.roster_entry(invite.coach_id, user_id)
        name = entry.name if entry is not None else ""
    user = users.existing(user_id)
    store.roster.join_roster(invite.coach_id, user_id, name or user.email)
    db.commit()


def _refuse_going_back(profile_id: int, timezone: str) -> None:
    """Refuse to hand a profile over to an account whose today is before a day the profile's
    plans hold: they would go back a day, and a red flag reported on it would stop counting."""
    latest = logs.latest_day(profile_id)
    there = day_not_begun(timezone, latest)
    if there is not None and latest is not None:
        raise InviteRefused(
            f"This profile's plans already hold {long_date(latest)}, and where you are it is "
            f"still {long_date(there)}: a plan cannot go back to a day before one it holds. "
            f"Open the link again once {long_date(latest)} has begun where you are."
        )


def sign_up(invite: Invite, email: str, password_hash: str, timezone: str) -> User:
    """Create the athlete's account through the invite (claiming a managed profile) and link it.

    A managed profile becomes the account: it gets credentials only while it has none, so an
    account that exists is never written over. It keeps the profile's time zone while its
    plans hold a day not begun in the one chosen (the account page says when it may change)."""
    if invite.athlete_id is None:
        check_open(invite)
        user = users.add_user(email, password_hash, timezone)
        accept(invite, user.id)
        return user
    db = session()
    try:
        profile = _claim(invite)
        claimed = db.get(User, profile.athlete_id) if profile is not None else None
        if profile is None or claimed is None or claimed.password_hash != NO_PASSWORD:
            raise InviteGone(CANCELLED)
    except InviteGone:
        db.rollback()
        raise
    user = claimed
    if day_not_begun(timezone, logs.latest_day(user.id)) is not None:
        timezone = user.timezone  # its plans hold a day not begun there: changed once it has
    user.email, user.password_hash, user.timezone = email, password_hash, timezone
    users.use_up_resets(user.id, clock.now())  # as every path that sets a password does
    profile.managed = False
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise users.EmailTaken(email) from None
    return user
