"""Signed unsubscribe links: they work without logging in, and name only a kind and a subject."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

from web.auth import keys
from web.store.models import KINDS

# A plan's or account's id is never given again (migration 0017); links signed before that
# could name an id freed then and taken by someone else since, so they are signed under a new
# salt and the old ones are refused (each new message brings a working link).
SALT = "rtr-reminders-unsubscribe-ids-kept"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(keys.signing_keys(), salt=SALT)


def make(kind: str, subject: int) -> str:
    """Return a token that turns off one kind of message for one plan (or coach)."""
    return str(_serializer().dumps([kind, subject]))


def read(token: str) -> tuple[str, int] | None:
    """Return (kind, subject) of a genuine token, None for anything else."""
    try:
        kind, subject = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if kind not in KINDS or not isinstance(subject, int) or isinstance(subject, bool):
        return None
    return kind, subject
