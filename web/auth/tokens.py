"""Personal API tokens: shown once, stored as a SHA-256 hash, sent as a bearer token."""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Any

from web.auth.hashes import hash_secret, new_secret
from web.auth.sessions import Account, account_of
from web.core import clock
from web.store import users
from web.store.models import ApiToken

PREFIX = "rtr_"
LIFETIMES = {"30": 30, "90": 90, "365": 365, "never": None}  # days; the form's choices


def new_token() -> str:
    """Return a fresh token: the prefix and 256 random bits."""
    return PREFIX + new_secret()


def issue(user_id: int, name: str, days: int | None = None) -> str:
    """Create a token for a user, good for `days` (None: until revoked), and return it; only
    its hash is kept. The caller has checked the name's length (MAX_TOKEN_NAME)."""
    token = new_token()
    expires = clock.now() + timedelta(days=days) if days else None
    users.add_token(
        user_id,
        name.strip() or "API token",
        hash_secret(token),
        token[: len(PREFIX) + 4],
        expires,
    )
    return token


def info(token: ApiToken) -> dict[str, Any]:
    """Return what may be shown of a token: never the token, nor its hash."""
    expires = clock.utc(token.expires) if token.expires else None
    return {
        "id": token.id,
        "name": token.name,
        "hint": token.hint,
        "created": clock.utc(token.created).isoformat(),
        "expires": expires.isoformat() if expires else None,
        "expired": expires is not None and expires <= clock.now(),
    }


def account_for(header: str) -> Account | None:
    """Return the web's Account for an `Authorization: Bearer <token>` header, or None."""
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if not hmac.compare_digest(scheme.lower(), "bearer") or not token.startswith(PREFIX):
        return None
    user = users.by_token_hash(hash_secret(token), clock.now())
    if user is None:
        return None
    return account_of(user)
