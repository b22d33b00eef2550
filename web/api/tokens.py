"""Personal API tokens: shown once, stored as a SHA-256 hash, sent as a bearer token."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from web import users

PREFIX = "rtr_"
MAX_NAME = 80


def new_token() -> str:
    """Return a fresh token: the prefix and 256 random bits."""
    return PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest stored in place of the token."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def issue(user_id: int, name: str) -> str:
    """Create a token for a user and return it; only its hash is kept."""
    token = new_token()
    users.add_token(user_id, name.strip()[:MAX_NAME] or "API token", hash_token(token),
                    token[: len(PREFIX) + 4])
    return token


def account_for(header: str):
    """Return the web's Account for an `Authorization: Bearer <token>` header, or None."""
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if not hmac.compare_digest(scheme.lower(), "bearer") or not token.startswith(PREFIX):
        return None
    user = users.by_token_hash(hash_token(token))
    if user is None:
        return None
    from web.sessions import account_of  # the same Account as a session log-in

    return account_of(user)
