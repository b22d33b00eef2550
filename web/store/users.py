"""The account repository: users and their API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, delete, select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError

from web.core import clock
from web.core.db import read_first, rowcount, session
from web.store.models import ApiToken, PasswordReset, User


class EmailTaken(Exception):
    """Another account already uses this email."""


def add_user(email: str, password_hash: str, timezone: str, role: str = "runner") -> User:
    """Create a runner's (or coach's) account; raise EmailTaken if the email is in use."""
    db = session()
    user = User(
        email=email,
        password_hash=password_hash,
        timezone=timezone,
        role=role,
        created=clock.now(),
    )
    db.add(user)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise EmailTaken(email) from None
    return user


def by_email(email: str) -> User | None:
    return session().scalar(select(User).where(User.email == email))


def by_id(user_id: int) -> User | None:
    return session().get(User, user_id)


def existing(user_id: int) -> User:
    """Return a user who must exist: the one logged in (their session was checked this request)."""
    user = by_id(user_id)
    if user is None:
        raise LookupError(f"user {user_id} is gone")
    return user


_LOGIN_STATE = select(
    *(User.__table__.c[name] for name in ("id", "email", "timezone", "role", "session_version"))
).where(User.__table__.c.id == bindparam("user_id"))


def login_state(user_id: int) -> Row[Any] | None:
    """Return what a request's log-in needs of a user (id, email, timezone, role,
    session_version) as one plain row, or None: every signed-in request asks, so no ORM."""
    return read_first(_LOGIN_STATE, {"user_id": user_id})


def update(user: User, **changes: str) -> None:
    """Change a user's password hash or time zone; a new password uses up their open reset
    links, as a reset does: a link mailed before must not set a password over the new one."""
    for name, value in changes.items():
        setattr(user, name, value)
    if "password_hash" in changes:
        use_up_resets(user.id, clock.now())
    session().commit()


def end_sessions(user_id: int) -> int:
    """Invalidate every session of a user (a copied cookie too); return the new version."""
    db = session()
    db.execute(
        sql_update(User)
        .where(User.id == user_id)
        .values(session_version=User.session_version + 1)
        .execution_options(synchronize_session="fetch")
    )
    db.commit()
    return session().scalar(select(User.session_version).where(User.id == user_id)) or 0


def add_token(
    user_id: int, name: str, token_hash: str, hint: str, expires: datetime | None = None
) -> ApiToken:
    """Store a new API token's hash for a user; it works until `expires` (None: until revoked)."""
    db = session()
    token = ApiToken(
        user_id=user_id,
        name=name,
        token_hash=token_hash,
        hint=hint,
        created=clock.now(),
        expires=expires,
    )
    db.add(token)
    db.commit()
    return token


def tokens_of(user_id: int) -> list[ApiToken]:
    """Return a user's API tokens, newest first."""
    query = select(ApiToken).where(ApiToken.user_id == user_id)
    return list(session().scalars(query.order_by(ApiToken.id.desc())))


def revoke_token(user_id: int, token_id: int) -> bool:
    """Delete one of this user's API tokens; False when there is no such token of theirs."""
    db = session()
    result = db.execute(
        delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
    )
    db.commit()
    return rowcount(result) == 1


def revoke_tokens(user_id: int) -> int:
    """Delete every API token of this user; return how many there were."""
    db = session()
    result = db.execute(delete(ApiToken).where(ApiToken.user_id == user_id))
    db.commit()
    return rowcount(result)


def by_token_hash(token_hash: str, now: datetime) -> User | None:
    """Return the user an API token hash belongs to, unless the token has expired."""
    query = select(User).join(ApiToken, ApiToken.user_id == User.id)
    return session().scalar(
        query.where(
            ApiToken.token_hash == token_hash, ApiToken.expires.is_(None) | (ApiToken.expires > now)
        )
    )


# Password reset links: single use, kept as the SHA-256 of their token.


def add_reset(user_id: int, token_hash: str, expires: datetime) -> None:
    """Store a reset link's hash for a user; the caller commits (with what else it writes)."""
    session().add(
        PasswordReset(user_id=user_id, token_hash=token_hash, created=clock.now(), expires=expires)
    )


def reset_by_hash(token_hash: str) -> PasswordReset | None:
    return session().scalar(select(PasswordReset).where(PasswordReset.token_hash == token_hash))


def use_reset(reset: PasswordReset, password_hash: str, now: datetime) -> bool:
    """Set the new password through a reset link, once: the link and every other open one of
    the account are used up, all its sessions end and its API tokens are revoked (a reset
    says the old password may be known: a token made with it is no safer). False if the link
    was used meanwhile."""
    db = session()
    used = db.execute(
        sql_update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used.is_(None))
        .values(used=now)
    )
    if not rowcount(used):
        db.rollback()
        return False
    use_up_resets(reset.user_id, now)
    db.execute(
        sql_update(User)
        .where(User.id == reset.user_id)
        .values(password_hash=password_hash, session_version=User.session_version + 1)
    )
    db.execute(delete(ApiToken).where(ApiToken.user_id == reset.user_id))
    db.commit()
    return True


def use_up_resets(user_id: int, now: datetime) -> None:
    """Mark every open reset link of a user used, in the caller's transaction: each path that
    sets a password calls it before its commit."""
    session().execute(
        sql_update(PasswordReset)
        .where(PasswordReset.user_id == user_id, PasswordReset.used.is_(None))
        .values(used=now)
    )
