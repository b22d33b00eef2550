"""Rendered pages, kept per key, with a hole for each CSRF token.

A page is rendered once per key and kept in `cache.pages()`. The key must name everything
the template reads, as `web.cache` asks of every key: then a hit skips the context's queries
as well as the render. The one thing that differs per request, the session's CSRF token, is
left as a hole in the kept page and filled in every time.

The hole is marked with a random string made when the process starts: no user text can carry
it, and no other process knows it. A page with flashed messages to show is rendered afresh, and
so is every page while templates reload on change (the development server).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable
from typing import Any

from flask import Flask, current_app, g, render_template, session
from flask_wtf.csrf import generate_csrf

from web import cache

CSRF_HOLE = f"csrf-{secrets.token_hex(16)}"


def init_app(app: Flask) -> None:
    """Replace Flask-WTF's `csrf_token`, a template global and a context variable, with one
    that can leave holes (a context processor registered later wins)."""
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})
    app.extensions["rtr.signed_csrf"] = cache.LRU(app.config["SESSION_TOKEN_CACHE_SIZE"])


def csrf_token() -> str:
    """The session's CSRF token, or a hole for it while a page to keep renders."""
    return CSRF_HOLE if g.get("rendering_to_keep") else session_token()


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


def render(key: Hashable, template: str, context: Callable[[], dict[str, Any]]) -> str:
    """Render `template` with the context `context()` returns, or reuse the page kept under
    `key`; give it this session's CSRF token."""
    if session.get("_flashes") or current_app.jinja_env.auto_reload:
        return render_template(template, **context())  # shows (and so takes) the messages
    kept = cache.pages().get(key)
    if kept is None:
        g.rendering_to_keep = True
        try:
            kept = render_template(template, **context())
        finally:
            g.rendering_to_keep = False
        cache.pages().put(key, kept)
    return kept.replace(CSRF_HOLE, session_token())
