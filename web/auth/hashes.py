"""Secrets sent in links and headers (API tokens, invites, password resets, calendar feeds):
256 random bits, stored only as their SHA-256 hash, so a copy of the database opens nothing."""

from __future__ import annotations

import hashlib
import secrets


def new_secret() -> str:
    """Return 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_secret(token: str) -> str:
    """Return the SHA-256 hex digest stored in place of a secret (any string hashes: a URL
    may carry bytes that are not UTF-8)."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()
