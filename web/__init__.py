"""The return-to-run web app: a Flask factory that reads like a table of contents.

Where things live: pages/ (one blueprint each), api/ (the JSON API), forms/ (parsing and checks
shared by both), services/ (what they do, given ids), auth/ (who may do it), store/ (the
database, one module per subject), cache/ (every cache and its keys), core/ (clock, config,
database engine, errors, headers, hosts, mail, templating, failures). The reminders (issue 20)
follow the same folders: pages/reminders.py, forms/reminders.py, auth/unsubscribe_tokens.py,
services/reminder_*.py, store/reminders.py; their commands are in pages/cli.py.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

ROOT = Path(__file__).resolve().parent.parent


class CSRF(CSRFProtect):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """Flask-WTF's check. Over HTTPS it compares the Referer's origin with the host's, and a
    Referer it cannot parse ("https://[::1/") raised out of it as a server error: here it is
    refused as any bad referrer is (400)."""

    def protect(self, apply_exemptions: bool = False) -> None:
        try:
            super().protect(apply_exemptions)
        except ValueError:  # urllib's "Invalid IPv6 URL"; a CSRFError is no ValueError
            self._error_response("The referrer header is malformed.")


csrf = CSRF()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the app; with no configuration it runs on SQLite."""
    from web.core.errors import App

    app = App(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
        instance_relative_config=True,
    )
    from web.core import config

    config.load(app, test_config)
    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    remember_while_quiet(app)
    from web.core import hosts

    hosts.init_app(app)  # last: the host check stands in front of the feed memo too
    from web.core import memory

    memory.settle(app)  # after everything start-up makes
    return app


def trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client address and scheme from their headers."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    """The database, sessions, CSRF, caches, mail and templates; the request guards and headers."""
    from web import cache
    from web.auth import sessions
    from web.cache import page_cache
    from web.core import db, guards, headers, mail, templating

    guards.init_app(app)
    headers.init_app(app)
    db.init_app(app)
    cache.init_app(app)
    csrf.init_app(app)
    sessions.init_app(app)
    mail.init_app(app)
    templating.init_app(app)
    page_cache.init_app(app)  # after csrf: its template global takes the place of Flask-WTF's


def register_blueprints(app: Flask) -> None:
    """The pages, the JSON API, the calendar feed and the reminders."""
    from web import api
    from web.pages import (
        account_data,
        accounts,
        activities,
        coach,
        exports,
        feeds,
        halts,
        health,
        history,
        home,
        password_reset,
        plans,
        today,
        wizard,
    )

    for module in (
        health,
        home,
        accounts,
        account_data,
        password_reset,
        wizard,
        today,
        plans,
        halts,
        history,
        exports,
        coach,
        activities,
    ):
        app.register_blueprint(module.bp)
    app.register_blueprint(csrf.exempt(api.bp))  # bearer tokens, never cookies: no CSRF
    app.register_blueprint(feeds.bp)  # the calendar subscription, SPEC §6
    from web.pages import reminders

    app.register_blueprint(reminders.bp)  # issue 20: choices, unsubscribe links, push endpoints
    csrf.exempt(reminders.unsubscribe)  # RFC 8058: a mail client's one-click POST has no form token
    mimetypes.add_type("application/manifest+json", ".webmanifest")  # the installable app's


def register_errorhandlers(app: Flask) -> None:
    """One error page for the site, JSON errors for the API, a 503 when nothing can be saved."""
    from web.core import errors, failures

    errors.init_app(app)
    failures.init_app(app)  # a database that cannot write: 503, not 500


def register_commands(app: Flask) -> None:
    """`flask --app web ...`: db-upgrade, backup, restore, import-roster, reset-link, and the
    reminders' worker and scheduler."""
    from web.auth import password_reset
    from web.core import backup, db
    from web.pages import cli

    for command in (
        db.upgrade_command,
        backup.backup_command,
        backup.restore_command,
        cli.import_roster_command,
        password_reset.reset_link,
        cli.worker_command,
        cli.scheduler_command,
    ):
        app.cli.add_command(command)


def remember_while_quiet(app: Flask) -> None:
    """Answer from memory while the database has not changed: a calendar's repeat poll
    (web/cache/feed_memo.py, unless FEED_MEMO_SECONDS is 0) and the log-in check and plan row a
    signed-in page starts with (web/cache/quiet_reads.py, unless READ_MEMO_SECONDS is 0). On
    SQLite the WAL files show every commit, on PostgreSQL every process hears every commit's
    write notice (web/cache/write_watch.py); a commit in this process forgets both at once."""
    from sqlalchemy import event

    from web.cache import sqlite_stamp
    from web.cache.feed_memo import FeedMemo
    from web.cache.quiet_reads import QuietReads
    from web.cache.write_watch import postgres_watch
    from web.core.db import after_write_commit, sqlite_file

    feed, reads = (memo_seconds(app, name) for name in ("FEED_MEMO_SECONDS", "READ_MEMO_SECONDS"))
    if feed <= 0 and reads <= 0:
        return
    engine = app.extensions["rtr.engine"]
    forgets: list[Callable[[], None]] = []

    def forget() -> None:
        for each in forgets:
            each()

    database = sqlite_file(engine)
    if database is not None:
        stamp = sqlite_stamp(database)
    elif engine.dialect.name == "postgresql":
        watch = postgres_watch(app.config["DATABASE_URL"], forget)
        stamp = watch.stamp
        app.extensions["rtr.write_watch"] = watch
        event.listen(engine, "engine_disposed", lambda _engine: watch.stop())
    else:
        return  # an in-memory SQLite database: one process, and no file to stamp
    if feed > 0:
        memo = FeedMemo(app.wsgi_app, feed, stamp=stamp)
        app.wsgi_app = memo  # type: ignore[method-assign]
        app.extensions["rtr.feed_memo"] = memo
        forgets.append(memo.forget)
    if reads > 0:
        kept = QuietReads(stamp, reads)
        app.extensions["rtr.quiet_reads"] = kept
        forgets.append(kept.forget)
    after_write_commit(app, forget)


def memo_seconds(app: Flask, name: str) -> float:
    """A memo's longest life in seconds: None means 10, 0 turns it off."""
    configured = app.config.get(name)
    return float(configured if configured is not None else 10)
