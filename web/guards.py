"""Input the database cannot take is refused at the door: ids past 32 bits, and NUL bytes."""

from __future__ import annotations

import re

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # id columns are 32-bit: a larger id names nothing (and must not reach SQL)
NUL_MESSAGE = "The request contains a NUL character (\\x00), which no field may hold."


class IdConverter(IntegerConverter):
    """`<int:...>` in every URL: a number past the id columns' range is a plain 404."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Bound every `<int:...>` URL part (before any route is added) and refuse NUL bytes."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul_bytes)


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
    fields = [*request.args.keys(), *request.args.values(), *request.form.keys(),
              *request.form.values(), *(f.filename or "" for f in request.files.values())]
    if any("\x00" in value for value in fields):
        abort(400, NUL_MESSAGE)
