"""A form sent after its session ended: kept for the same person's next log-in, so a pain
report typed in full is not lost to the idle time-out. It comes back filled in, to check and
send again: nothing is saved without a live session (and its CSRF token). It waits in the
session cookie sealed (web/auth/sealed.py): the browser cannot show it to anyone."""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

from flask import current_app, request, session, url_for

from web.auth import sealed
from web.core import clock, hosts

UNSENT = "unsent_form"
KEPT = frozenset({"today.report"})  # forms worth keeping: a report typed in full
MAX_BYTES = 2_000  # the session is a cookie (4 kB at most, sealed included): the form's UTF-8
KEEP_SECONDS = 3600  # then it is dropped: the cookie of a shared browser holds it no longer
MESSAGE = (
    "You were logged out before your report was saved. It is filled in below as you sent "
    "it: check it and save it again."
)
NOTE_LOST = (
    " Its note was too long to keep through the log-out: the scores and red flags are here, "
    "the note needs writing again."
)
NOTE_DROPPED = "note_dropped"  # in the values `take` returns when the note could not be kept


def keep(user_id: str | None) -> str:
    """After a request that found no live session: keep its form if it is worth keeping and
    the session named someone; return the page to come back to after logging in (a form's
    own address takes no GET: the page it was sent from, or the start page)."""
    if request.method in ("GET", "HEAD"):
        return request.url
    if user_id and request.endpoint in KEPT:
        csrf = current_app.config["WTF_CSRF_FIELD_NAME"]
        form = {k: request.form.getlist(k) for k in request.form if k != csrf}
        kept = {
            "user": user_id,
            "endpoint": request.endpoint,
            "args": request.view_args or {},
            "at": _now(),
            **_packed(form),
        }
        session[UNSENT] = sealed.seal(kept)
    return hosts.came_from() or url_for("home.index")


def _packed(form: dict[str, list[str]]) -> dict[str, Any]:
    """The form as it fits the cookie: as is, or compressed (a long note in Greek, say), or,
    when even that is too long, without its note (the scores and flags always fit): never
    lost without a word."""
    text = json.dumps(form, ensure_ascii=False)
    if len(text.encode()) <= MAX_BYTES:
        return {"form": form}
    packed = base64.b64encode(zlib.compress(text.encode(), 9)).decode("ascii")
    if len(packed) <= MAX_BYTES:
        return {"packed": packed}
    return {"form": {k: v for k, v in form.items() if k != "note"}, NOTE_DROPPED: True}


def message(values: dict[str, Any]) -> str:
    """What the page says over a kept report `take` gave back."""
    return MESSAGE + (NOTE_LOST if values.get(NOTE_DROPPED) else "")


def carry(kept: Any, user_id: int) -> None:
    """Put a kept form (as the session held it, sealed) into the session a log-in starts, for
    the person who sent it only."""
    opened = sealed.unseal(kept)
    if _fresh(opened) and opened.get("user") == str(user_id):
        session[UNSENT] = kept


def day_of(endpoint: str, **args: Any) -> str | None:
    """The day (ISO) of the kept form sent to this endpoint with these arguments, "" when it
    named none (the day it was sent for is then today's), or None when none is kept."""
    kept = _kept(endpoint, args)
    return None if kept is None else _values(kept).get("date", "")


def take(endpoint: str, on: str, **args: Any) -> dict[str, Any] | None:
    """The kept form sent to this endpoint with these arguments for the day `on`, as form
    values, once: shown only on the page of its own day, it is never saved under another."""
    kept = _kept(endpoint, args)
    if kept is None or _values(kept).get("date", "") != on:
        return None
    session.pop(UNSENT)
    return _values(kept)


def _kept(endpoint: str, args: dict[str, Any]) -> dict[str, Any] | None:
    kept = sealed.unseal(session.get(UNSENT))
    if not isinstance(kept, dict) or not _fresh(kept):
        if UNSENT in session:  # stale: dropped (touching the session only then: no new cookie)
            session.pop(UNSENT)
        return None
    return kept if (kept.get("endpoint"), kept.get("args")) == (endpoint, args) else None


def _fresh(kept: Any) -> bool:
    return isinstance(kept, dict) and _now() - int(kept.get("at", 0)) <= KEEP_SECONDS


def _values(kept: dict[str, Any]) -> dict[str, Any]:
    form: dict[str, list[str]] = kept.get("form") or {}
    if isinstance(kept.get("packed"), str):
        form = json.loads(zlib.decompress(base64.b64decode(kept["packed"])))
    values = {**{k: v[0] for k, v in form.items() if v}, "flags": form.get("flags", [])}
    return {**values, NOTE_DROPPED: True} if kept.get(NOTE_DROPPED) else values


def _now() -> int:
    return int(clock.now().timestamp())
