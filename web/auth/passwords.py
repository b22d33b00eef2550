"""Password hashes: scrypt, and the same work for an email that has no password to check.

The method is the setting `PASSWORD_HASH_METHOD` (scrypt unless set): the test suite sets a
cheap one, since every sign-up and log-in would otherwise cost ~200 ms. A stored hash names
its own method, so changing the setting never locks anyone out."""

from __future__ import annotations

import secrets
import unicodedata
from functools import cache

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

METHOD = "scrypt"


def method() -> str:
    """The configured hash method, or scrypt outside an app (scripts, benchmarks)."""
    return current_app.config.get("PASSWORD_HASH_METHOD", METHOD) if has_app_context() else METHOD


def normal(password: str) -> str:
    """The password in Unicode's NFKC form (NIST SP 800-63B 5.1.1.2): "á" typed as one
    character on one keyboard and as "a" plus an accent on another is one password."""
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    """Return the stored form of a new password (of its normal form)."""
    return generate_password_hash(normal(password), method=method())


@cache
def _dummy_hash(method: str) -> str:
    # A hash of a random password, made once per process with the same method and cost as
    # a real one, so that checking against it takes as long.
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def check(stored: str | None, password: str) -> bool:
    """Check a password against a stored hash. With no account, or one that cannot log in
    (a managed profile), check against a dummy hash and say no: the answer takes as long as
    for a real account, so timing does not tell which emails have one."""
    if stored is None or "$" not in stored:
        check_password_hash(_dummy_hash(method()), password)
        return False
    typed = normal(password)
    if check_password_hash(stored, typed):
        return True
    # A hash stored before passwords were normalised holds the password as it was typed.
    return typed != password and check_password_hash(stored, password)
