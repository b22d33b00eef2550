"""Input the database cannot take is stopped at the door: ids past 32 bits are refused, NUL
bytes taken out of form fields (and said so). And which views need a log-in (web/auth/sessions.login_required marks them), for the error pages."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, abort, current_app, flash, request
from werkzeug.datastructures import ImmutableMultiDict

MAX_ID = 2**31 - 1  # id columns are 32-bit: a larger id names nothing (and must not reach SQL)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NUL_MESSAGE = "The request contains a NUL character (\\x00), which no field may hold."


def init_app(app: Flask) -> None:
    """Bound every `<int:...>` URL part and keep NUL bytes out, for every blueprint."""
    app.url_value_preprocessor(bounded_ids)
    app.before_request(keep_nul_bytes_out)


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


def keep_nul_bytes_out() -> None:
    """Keep NUL bytes (which PostgreSQL text cannot store) from every view. A form field's
    value loses them, and the page says which fields: a person cannot see the character, so
    could not find it to take it out, and what they typed is kept. A NUL in a query argument
    (a search, typed again in a moment), a field's name or a file's name: 400. The JSON API and uploaded logs name the
    field at fault instead: web.api.parse.text checks every string they store."""
    if request.blueprint == "api":
        return
    names = [*request.args.keys(), *request.args.values()]
    if request.mimetype in FORM_TYPES:  # no other body has form fields or files to look at
        names += [*request.form.keys(), *(f.filename or "" for f in request.files.values())]
    if any("\x00" in name for name in names):
        abort(400, NUL_MESSAGE)
    if request.mimetype not in FORM_TYPES:
        return
    fields = list(request.form.items(multi=True))
    cleaned = list(dict.fromkeys(key for key, value in fields if "\x00" in value))
    if cleaned:
        # werkzeug keeps the parsed form on the request (a cached property): replace it
        request.form = ImmutableMultiDict((key, value.replace("\x00", "")) for key, value in fields)
        if request.accept_mimetypes.best != "application/json":  # a page's script: no page
            flash(nul_removed(cleaned))


def nul_removed(fields: list[str]) -> str:
    """Say which fields lost a NUL character, by the words their names are made of."""
    named = ", ".join(field.replace("_", " ") for field in fields)
    return (
        f"An invisible character (NUL, \\x00) was taken out of what you sent ({named}). "
        "Check that it reads as you meant."
    )


NEEDS_LOGIN = "rtr_needs_login"  # the mark login_required leaves on a view (kept by @wraps)


def needs_login(endpoint: str | None) -> bool:
    """Does the view at this endpoint need a log-in?"""
    view = current_app.view_functions.get(endpoint or "")
    return bool(getattr(view, NEEDS_LOGIN, False))
