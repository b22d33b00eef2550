"""The return-to-run web app: a Flask factory that reads like a table of contents."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the app; with no configuration it runs on SQLite."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
        instance_relative_config=True,
    )
    from web import config

    config.load(app, test_config)
    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    remember_feed_polls(app)
    from web import hosts

    hosts.init_app(app)  # last: the host check stands in front of the feed memo too
    return app


def trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client address and scheme from their headers."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def remember_feed_polls(app: Flask) -> None:
    """Answer repeat calendar polls from memory while the database has not changed: on SQLite
    by default (exact across processes), on PostgreSQL only if FEED_MEMO_SECONDS is set."""
    from web.db import after_write_commit, sqlite_file
    from web.feed_memo import FeedMemo, sqlite_stamp

    database = sqlite_file(app.extensions["rtr.engine"])
    configured = app.config.get("FEED_MEMO_SECONDS")
    seconds = float(configured if configured is not None else 10 if database else 0)
    if seconds <= 0:
        return
    stamp = sqlite_stamp(database) if database else (lambda: None)
    memo = FeedMemo(app.wsgi_app, seconds, stamp=stamp)
    app.wsgi_app = memo  # type: ignore[method-assign]
    app.extensions["rtr.feed_memo"] = memo
    after_write_commit(app, memo.forget)


def register_extensions(app: Flask) -> None:
    from web import backup, caches, db, guards, headers, mail, page_cache, sessions, templating

    guards.init_app(app)
    headers.init_app(app)
    db.init_app(app)
    backup.init_app(app)  # flask --app web backup / restore
    caches.init_app(app)
    csrf.init_app(app)
    sessions.init_app(app)
    mail.init_app(app)
    templating.init_app(app)
    page_cache.init_app(app)  # after csrf: its template global takes the place of Flask-WTF's


def register_blueprints(app: Flask) -> None:
    from web import (
        account_data,
        auth,
        coach,
        exports,
        halts,
        health,
        history,
        home,
        password_reset,
        plans,
        today,
        wizard,
    )

    for module in (health, home, auth, account_data, password_reset, wizard, today, plans,
                   halts, history, exports, coach):
        app.register_blueprint(module.bp)
    from web import api

    app.register_blueprint(csrf.exempt(api.bp))  # bearer tokens, never cookies: no CSRF
    from web import feeds

    app.register_blueprint(feeds.bp)  # the calendar subscription, SPEC §6
    from web import reminders

    reminders.init_app(app)  # issue 20: its pages, `flask --app web worker` and `scheduler`


def register_errorhandlers(app: Flask) -> None:
    from web import errors

    errors.init_app(app)
