"""Input the database cannot take is refused at the door: ids past 32 bits, and NUL bytes. And
which views need a log-in (web/auth/sessions.login_required marks them), for the error pages."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, abort, current_app, request

MAX_ID = 2**31 - 1  # id columns are 32-bit: a larger id names nothing (and must not reach SQL)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NUL_MESSAGE = "The request contains a NUL character (\\x00), which no field may hold."


def init_app(app: Flask) -> None:
    """Bound every `<int:...>` URL part and refuse NUL bytes, for every blueprint."""
    app.url_value_preprocessor(bounded_ids)
    app.before_request(refuse_nul_bytes)


def bounded_ids(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    """404 for an `<int:...>` past the id columns' range, before any query sees it.

    Done after routing, not by the converter: a converter refusing a value makes werkzeug try
    the other rules and answer 405 for methods the id route has, outside the API's handlers.
    """
    if values and any(type(v) is int and v > MAX_ID for v in values.values()):
        abort(404)


def parse_id(text: str | None) -> int | None:
    """Read an id from a form field: ASCII digits within the id range, else None."""
    if text is None or not re.fullmatch(r"[0-9]{1,10}", text) or int(text) > MAX_ID:
        return None
    return int(text)


def refuse_nul_bytes() -> None:
    """Answer 400 to a NUL in any form field or query argument (PostgreSQL text cannot store
    one) before a view sees it. The JSON API and uploaded logs name the field at fault
    instead: web.api.parse.text checks every string they store."""
    if request.blueprint == "api":
        return
    fields = [*request.args.keys(), *request.args.values()]
    if request.mimetype in FORM_TYPES:  # no other body has form fields or files to look at
        fields += [
            *request.form.keys(),
            *request.form.values(),
            *(f.filename or "" for f in request.files.values()),
        ]
    if any("\x00" in value for value in fields):
        abort(400, NUL_MESSAGE)


NEEDS_LOGIN = "rtr_needs_login"  # the mark login_required leaves on a view (kept by @wraps)


def needs_login(endpoint: str | None) -> bool:
    """Does the view at this endpoint need a log-in?"""
    view = current_app.view_functions.get(endpoint or "")
    return bool(getattr(view, NEEDS_LOGIN, False))
