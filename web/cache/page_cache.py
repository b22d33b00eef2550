"""Rendered pages, kept per key, with a hole for each CSRF token.

A page is rendered once per key and kept in `cache.pages()`. The key must name everything
the template reads, as `web.cache` asks of every key: then a hit skips the context's queries
as well as the render. The one thing that differs per request, the session's CSRF token, is
left as a hole in the kept page and filled in every time.

The hole is marked with a string made from the app's secret key: no user text can carry it
without the secret, and every process of one site makes the same one. So a page one process
rendered can be served by another: with SHARED_PAGES (on by default on PostgreSQL, where a site
runs several processes) the Today page a report leads to is kept in the database too
(`keep_for_all`), and a process that has not kept it looks there before building and
rendering it. There its key is a hash of the in-process key, the hole and a stamp of the code
and templates (another release renders its own). A page with flashed messages to show is
rendered afresh, and so is every page while templates reload on change (the development
server).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, render_template, session
from flask_wtf.csrf import generate_csrf

from web import cache, store
from web.core import db

# The project's root, as web.ROOT (not imported from there: web imports this module).
ROOT = Path(__file__).resolve().parents[2]
RENDERING_CODE = ("planner", "web", "templates")  # what a page is made with, under ROOT


def init_app(app: Flask) -> None:
    """Replace Flask-WTF's `csrf_token`, a template global and a context variable, with one
    that can leave holes (a context processor registered later wins)."""
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})
    app.extensions["rtr.signed_csrf"] = cache.LRU(app.config["SESSION_TOKEN_CACHE_SIZE"])
    secret = app.config["SECRET_KEY"]
    secret = secret.encode("utf-8") if isinstance(secret, str) else secret
    app.extensions["rtr.csrf_hole"] = "csrf-" + hmac.digest(secret, b"csrf hole", "sha256").hex()
    if app.config.get("SHARED_PAGES") is None:
        app.config["SHARED_PAGES"] = app.extensions["rtr.engine"].dialect.name == "postgresql"
    if app.config["SHARED_PAGES"]:
        code_stamp(ROOT)  # read once, before a server forks its workers


@functools.cache
def code_stamp(root: Path) -> str:
    """Hash the code and templates pages are rendered with (their paths and bytes), once."""
    digest = hashlib.sha256()
    for folder in RENDERING_CODE:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def csrf_hole() -> str:
    """The mark a kept page holds where the session's CSRF token goes."""
    return str(current_app.extensions["rtr.csrf_hole"])


def csrf_token() -> str:
    """The session's CSRF token, or a hole for it while a page to keep renders."""
    return csrf_hole() if g.get("rendering_to_keep") else session_token()


def session_token() -> str:
    """The session's signed CSRF token, as Flask-WTF's `generate_csrf` makes it.

    Flask-WTF signs the session's secret anew on every request, which costs a kept page more
    than the rest of its work. While tokens never expire (`WTF_CSRF_TIME_LIMIT` None, the
    default here) any signature of the secret is as good as a fresh one, so the first is kept
    per secret; with a time limit every request signs.
    """
    secret = session.get(current_app.config["WTF_CSRF_FIELD_NAME"])
    if secret is None or current_app.config["WTF_CSRF_TIME_LIMIT"] is not None:
        return str(generate_csrf())
    signed: str = current_app.extensions["rtr.signed_csrf"].get_or_make(secret, generate_csrf)
    g.setdefault(current_app.config["WTF_CSRF_FIELD_NAME"], signed)  # as generate_csrf would
    return signed


def render(
    key: Hashable, template: str, context: Callable[[], dict[str, Any]], plan_id: int | None = None
) -> str:
    """Render `template` with the context `context()` returns, or reuse the page kept under
    `key` (here, or for the plan `plan_id` in the database); give it this session's CSRF
    token."""
    if renders_afresh():
        return render_template(template, **context())  # shows (and so takes) the messages
    kept = cache.pages().get(key)
    if kept is None:
        if plan_id is not None and current_app.config["SHARED_PAGES"]:
            kept = store.pages.kept(plan_id, shared_key(key))
        if kept is None:
            kept = render_to_keep(template, context)
        cache.pages().put(key, kept)
    return kept.replace(csrf_hole(), session_token())


def keep_for_all(
    key: Hashable, template: str, context: Callable[[], dict[str, Any]], plan_id: int
) -> None:
    """The last step of a view, after its write: render the page the write leads to, keep it
    here, and keep it in the database for the other processes. The request's own connections
    go back to the pool first (one at a time: the write takes its own). Nothing with
    SHARED_PAGES off, or when messages wait: that page renders afresh."""
    if not current_app.config["SHARED_PAGES"] or renders_afresh():
        return
    kept = render_to_keep(template, context)
    cache.pages().put(key, kept)
    db.close_session()
    store.pages.keep(plan_id, shared_key(key), kept)


def renders_afresh() -> bool:
    """Is this request's page rendered for it alone (messages to show, templates reloading)?"""
    return bool(session.get("_flashes")) or current_app.jinja_env.auto_reload


def render_to_keep(template: str, context: Callable[[], dict[str, Any]]) -> str:
    g.rendering_to_keep = True
    try:
        return render_template(template, **context())
    finally:
        g.rendering_to_keep = False


def shared_key(key: Hashable) -> str:
    """Name a kept page across processes: a hash of its key, the hole and the code's stamp."""
    named = (code_stamp(ROOT), csrf_hole(), key)
    return hashlib.sha256(repr(named).encode("utf-8")).hexdigest()
