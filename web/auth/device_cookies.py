"""Device cookies: a browser that has logged in to an account keeps logging in to it while
guesses from elsewhere have slowed the account down (web/auth/login_limits.py), as OWASP's
"Slow down online guessing attacks with device cookies" describes.

A log-in gives its browser a signed cookie naming the account (by its id: the cookie is signed,
not sealed, and outlives a log-out), a random name for the device and a fingerprint of the
password it logged in with; a browser keeps one such entry for each of its last few accounts.
A log-in to that account from a browser that shows it skips the account-wide slowdown, never
the password check or the per-address limits; the device's own attempts are counted before
the password is checked, and past LOGIN_MAX_FAILURES within the window it is trusted no more
(login_limits.reserve). A new password (a change or a reset) ends the trust of every entry
made with the old one: someone who knew that password and logged in with it keeps no way
around the slowdown.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta
from typing import Any

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from web.auth import keys
from web.store import users

COOKIE = "rtr_device"
SALT = "rtr-device-cookie"
LIFETIME = timedelta(days=180)  # a browser unused this long is a new device again
PATH = "/auth/"  # sent only to the forms that check a password
ACCOUNTS = 4  # entries a browser keeps: its last few accounts, each trusted on its own


def give(response: Response, user_id: int, password_hash: str) -> None:
    """Give the browser of a log-in that just succeeded a new device entry for the account,
    beside those it keeps for its other accounts."""
    others = [e for e in _entries() if e[0] != user_id]
    entry = [user_id, secrets.token_urlsafe(16), _fingerprint(password_hash), int(time.time())]
    _set(response, [entry, *others][:ACCOUNTS])


def forget(response: Response, user_id: int) -> None:
    """Drop the account's entry from the browser (a deleted account)."""
    _set(response, [e for e in _entries() if e[0] != user_id])


def device_of(email: str) -> str | None:
    """The device this request's browser is, for the account of this email: its random name,
    when the browser shows a genuine, unexpired entry of the account made with its current
    password; else None."""
    entries = _entries()
    if not entries:
        return None
    user = users.by_email(email)
    if user is None:
        return None
    for user_id, device, fingerprint, _ in entries:
        if user_id == user.id and fingerprint == _fingerprint(user.password_hash):
            return str(device)
    return None


def _entries() -> list[list[Any]]:
    """The browser's genuine, unexpired entries: [user id, device, fingerprint, issued]."""
    sent = request.cookies.get(COOKIE)
    if not sent:
        return []
    try:
        entries = _serializer().loads(sent, max_age=int(LIFETIME.total_seconds()))
    except (BadSignature, ValueError, TypeError):
        return []
    if not isinstance(entries, list):
        return []
    oldest = time.time() - LIFETIME.total_seconds()
    return [
        e
        for e in entries
        if isinstance(e, list)
        and len(e) == 4
        and isinstance(e[0], int)
        and isinstance(e[1], str)
        and isinstance(e[3], int)
        and e[3] >= oldest
    ]


def _set(response: Response, entries: list[list[Any]]) -> None:
    if not entries:
        response.delete_cookie(COOKIE, path=PATH)
        return
    response.set_cookie(
        COOKIE,
        _serializer().dumps(entries),
        max_age=int(LIFETIME.total_seconds()),
        path=PATH,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )


def _fingerprint(password_hash: str) -> str:
    """Tell one password from the next, and nothing about either (the hash is salted)."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(keys.signing_keys(), salt=SALT)
