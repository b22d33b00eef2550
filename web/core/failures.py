"""When the database cannot write: a 503 that says so, a health check that notices, and
bookkeeping that does not stop people from logging in and reading.

A full disk (SQLite "database or disk is full", PostgreSQL SQLSTATE 53100) or a database that
has become read-only (SQLite's read-only file or mount, a PostgreSQL standby or
default_transaction_read_only) is an outage, not a bug: nothing was saved, the answer is
503 with Retry-After, and the pages that only read keep working.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError

from web.core.db import session, sqlite_file
from web.core.errors import json_error, owns_api_path
from web.store.models import WriteProbe

FULL = "The server's disk is full, so nothing can be saved right now."
READ_ONLY = "The database is read-only at the moment, so nothing can be saved right now."
AFTER = "Nothing was saved. You can still read your plan; please try again later."
PG_STATES = {"53100": FULL, "25006": READ_ONLY}  # disk_full, read_only_sql_transaction
SQLITE_NAMES = {"SQLITE_FULL": FULL, "SQLITE_READONLY": READ_ONLY}
PROBE = bytes(16 * 1024)  # several pages: a write that has to grow the database


def init_app(app: Flask) -> None:
    app.register_error_handler(DBAPIError, answer_refusal)


def refusal(error: BaseException) -> str | None:
    """Say why the database refused a write, if it did so for want of space or permission."""
    original = getattr(error, "orig", error)
    name = getattr(original, "sqlite_errorname", "")
    if name in SQLITE_NAMES:
        return SQLITE_NAMES[name]
    return PG_STATES.get(getattr(original, "sqlstate", None) or "")


def answer_refusal(error: DBAPIError) -> ResponseReturnValue:
    """Answer 503 with Retry-After to a write the database refused; anything else is a 500."""
    reason = refusal(error)
    if reason is None:
        raise error
    _roll_back()
    current_app.logger.error("database refused a write: %s", reason)
    headers = {"Retry-After": str(current_app.config["DATABASE_RETRY_AFTER"])}
    if owns_api_path(request.path):
        body, status = json_error(503, f"{reason} {AFTER}")
        return body, status, headers
    page = render_template(
        "error.html", code=503, name="Service Unavailable", message=f"{reason} {AFTER}"
    )
    return page, 503, headers


def _roll_back() -> None:
    db_session = g.get("db_session")
    if db_session is not None:
        db_session.rollback()


def best_effort(write: Callable[..., object], *args: Any) -> bool:
    """Run a write that is only bookkeeping; if the database refuses it, roll back and go on."""
    try:
        write(*args)
        return True
    except DBAPIError as error:
        if refusal(error) is None:
            raise
        _roll_back()
        current_app.logger.warning("skipped bookkeeping the database refused: %s", refusal(error))
        return False


def write_problem() -> str | None:
    """Try a write that grows the database, roll it back; return why it failed, or None."""
    db = session()
    try:
        db.execute(insert(WriteProbe).values(filler=PROBE))
    except DBAPIError as error:
        db.rollback()
        return refusal(error) or f"the database refused a write ({type(error.orig).__name__})"
    db.rollback()
    return _disk_problem()


def _disk_problem() -> str | None:
    """On SQLite, report a disk with less room than MIN_FREE_DISK_BYTES left."""
    database = sqlite_file(current_app.extensions["rtr.engine"])
    if database is None:
        return None
    folder = Path(database).parent
    free, least = shutil.disk_usage(folder).free, current_app.config["MIN_FREE_DISK_BYTES"]
    if free < least:
        return (
            f"the disk holding the database has {free // 2**20} MB free (less than "
            f"{least // 2**20} MB)"
        )
    return None
