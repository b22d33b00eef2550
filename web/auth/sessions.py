"""Log-in sessions (OWASP ASVS V3): signed cookies checked against the user's session version,
a fresh CSRF secret at every log-in and log-out, and an end after IDLE_TIMEOUT_MINUTES without
a request (30 by default: a health record on a phone that may be lost or shared), and
SESSION_MAX_HOURS after logging in however busy (12 by default: ASVS 3.3.2 at level 2)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import flask_login
from flask import Flask, current_app, flash, g, redirect, session
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, UserMixin, login_url, login_user
from sqlalchemy import Row

from web.auth import unsent
from web.auth.keys import signing_keys
from web.core import clock, guards
from web.core.errors import json_error, wants_json
from web.store import users
from web.store.models import User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see your plan."
login_manager.session_protection = "basic"

SESSION_VERSION = "session_version"
SEEN = "seen"  # when this session last made a request, in whole seconds since the epoch
SEEN_STEP = 60  # seconds: a request rewrites the cookie at most once a minute to say so
STARTED = "started"  # when this session logged in, in whole seconds since the epoch
NOBODY = "anon"  # the viewer of a page when no one is logged in


@dataclass(frozen=True)
class Account(UserMixin):  # type: ignore[misc]  # Flask-Login ships no types
    """The logged-in runner as the views see it (the model stays free of Flask)."""

    id: int
    email: str
    timezone: str
    role: str = "runner"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)


@login_manager.user_loader  # type: ignore[untyped-decorator]
def load_account(user_id: str) -> Account | None:
    """Load the session's user, unless the session was idle too long or predates their last
    log-out or new password. A session that loads nobody is emptied, not kept: otherwise each
    request would renew it past the idle limit, holding an id that is nobody's."""
    if not _still_active():
        return None
    user = users.login_state(int(user_id)) if user_id.isdigit() and len(user_id) < 11 else None
    if user is None or session.get(SESSION_VERSION) != user.session_version:
        if user is not None:  # ended elsewhere (a log-out, a new password): keep their report
            g.idle_user = user_id  # (unsent: only they get it back, by logging in again)
        reset()
        return None
    return account_of(user)


@login_manager.unauthorized_handler  # type: ignore[untyped-decorator]
def unauthorized() -> ResponseReturnValue:
    """Send a visitor who is not logged in (or no longer) to the log-in page; a script asking
    for JSON gets 401 instead, since `fetch` would follow the redirect and read the log-in page
    as a success (tick.js would drop a tick made offline)."""
    if wants_json():
        return json_error(401, "You are logged out. Log in again, then this is sent.")
    back = unsent.keep(g.pop("idle_user", None))
    flash(login_manager.login_message)
    return redirect(login_url("auth.login", next_url=back))


def _still_active() -> bool:
    """Note this request in the session; end the session if it was idle too long."""
    now = int(clock.now().timestamp())
    seen = session.get(SEEN)
    idle = int(current_app.config["IDLE_TIMEOUT_MINUTES"]) * 60
    if not isinstance(seen, int) or now - seen > idle:
        return _ended(f"You were logged out after {idle // 60} minutes without activity.")
    started = session.setdefault(STARTED, seen)  # a session from before the limit: from now
    hours = int(current_app.config["SESSION_MAX_HOURS"])
    if not isinstance(started, int) or now - started > hours * 3600:
        return _ended(f"You were logged out {hours} hours after logging in, as every session is.")
    if now - seen >= SEEN_STEP:
        session[SEEN] = now
    return True


def _ended(why: str) -> bool:
    g.idle_user = session.get("_user_id")  # whose form, if this request sent one (unsent)
    reset()
    flash(f"{why} Log in again.")
    return False


def account_of(user: User | Row[Any]) -> Account:
    return Account(user.id, user.email, user.timezone, user.role)


def log_in(user: User) -> None:
    """Start a new session for this user: nothing of the one before (its CSRF secret
    included) carries over but a form they sent after their last session ended (unsent);
    stamp it with their session version and the time."""
    kept = session.get(unsent.UNSENT)
    reset()
    login_user(account_of(user))
    session[SESSION_VERSION] = user.session_version
    session[SEEN] = session[STARTED] = int(clock.now().timestamp())
    unsent.carry(kept, user.id)


def reset() -> None:
    """Empty the session (the log-in and the CSRF secret with it); a new one starts, and for
    the rest of this request nobody is logged in (the page's X-Viewer says so)."""
    session.clear()
    g.pop(current_app.config["WTF_CSRF_FIELD_NAME"], None)  # this request's signed token
    g.pop("_login_user", None)  # Flask-Login's: current_user now reads the empty session


def viewer() -> str:
    """Name whom a page is for without saying who: NOBODY, or a keyed hash of the user's id.
    The service worker keeps Today pages for one viewer and drops them when a page names
    another (web/static/sw.js): a session that idled out or ended elsewhere, a deleted
    account, someone else logging in on the same browser. Keyed with SECRET_KEY, so the name
    cannot be worked out from an id, nor tell a stranger whose pages a browser holds."""
    if not flask_login.current_user.is_authenticated:
        return NOBODY
    mark = f"viewer:{flask_login.current_user.id}".encode()
    return hmac.new(signing_keys()[-1], mark, hashlib.sha256).hexdigest()[:24]


View = TypeVar("View", bound=Callable[..., Any])


def login_required(view: View) -> View:
    """Send a visitor who is not logged in to the log-in page (Flask-Login's, typed); mark the
    view as one that needs a log-in (guards.needs_login)."""
    guarded = flask_login.login_required(view)
    setattr(guarded, guards.NEEDS_LOGIN, True)
    return cast(View, guarded)
