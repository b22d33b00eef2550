"""Signed unsubscribe links: they work without logging in, and name only a kind and a subject."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from web.store.models import KINDS

SALT = "rtr-reminders-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


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
