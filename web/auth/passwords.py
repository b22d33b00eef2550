"""Password hashes: scrypt, and the same work for an email that has no password to check."""

from __future__ import annotations

import secrets
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

METHOD = "scrypt"


def hash_password(password: str) -> str:
    """Return the stored form of a new password."""
    return generate_password_hash(password, method=METHOD)


@cache
def _dummy_hash() -> str:
    # A hash of a random password, made once per process with the same method and cost as
    # a real one, so that checking against it takes as long.
    return hash_password(secrets.token_urlsafe(16))


def check(stored: str | None, password: str) -> bool:
    """Check a password against a stored hash. With no account, or one that cannot log in
    (a managed profile), check against a dummy hash and say no: the answer takes as long as
    for a real account, so timing does not tell which emails have one."""
    if stored is None or "$" not in stored:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(stored, password)
