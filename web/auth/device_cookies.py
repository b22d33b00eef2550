"""Device cookies: a browser that has logged in to an account keeps logging in to it while
guesses from elsewhere have slowed the account down (web/auth/login_limits.py), as OWASP's
"Slow down online guessing attacks with device cookies" describes.

A log-in gives its browser a signed cookie naming the account, a random name for the device
and a fingerprint of the password it logged in with. A log-in to that account from a browser
that shows it skips the account-wide slowdown, never the password check or the per-address
limits; the device's own wrong passwords are counted, and past LOGIN_MAX_FAILURES within the
window it is trusted no more. A new password (a change or a reset) ends the trust of every
device cookie made with the old one: someone who knew that password and logged in with it
keeps no way around the slowdown.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from web.store import users

COOKIE = "rtr_device"
SALT = "rtr-device-cookie"
LIFETIME = timedelta(days=180)  # a browser unused this long is a new device again
PATH = "/auth/"  # sent only to the forms that check a password


def give(response: Response, email: str, password_hash: str) -> None:
    """Give the browser of a log-in that just succeeded a new device cookie for the account."""
    value = _serializer().dumps([email, secrets.token_urlsafe(16), _fingerprint(password_hash)])
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(LIFETIME.total_seconds()),
        path=PATH,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )


def device_of(email: str) -> str | None:
    """The device this request's browser is, for this account: its random name, when the
    browser shows a genuine, unexpired device cookie of the account made with its current
    password; else None."""
    sent = request.cookies.get(COOKIE)
    if not sent:
        return None
    try:
        named, device, fingerprint = _serializer().loads(
            sent, max_age=int(LIFETIME.total_seconds())
        )
    except (BadSignature, ValueError, TypeError):
        return None
    if named != email or not isinstance(device, str):
        return None
    user = users.by_email(email)
    if user is None or fingerprint != _fingerprint(user.password_hash):
        return None
    return device


def _fingerprint(password_hash: str) -> str:
    """Tell one password from the next, and nothing about either (the hash is salted)."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)
