"""Accounts: sign up, log in, log out, change password or time zone."""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response as BaseResponse

from web.auth import device_cookies, login_limits, passwords, sessions, tokens
from web.auth.sessions import login_required
from web.core import clock
from web.core.db import end_transaction
from web.core.failures import best_effort
from web.forms.accounts import account_errors, clean_email, email_error, signup_errors, zone_error
from web.forms.limits import MAX_TOKEN_NAME
from web.pages import account_data
from web.pages.account_data import account_page
from web.store import logs, users

bp = Blueprint("auth", __name__, url_prefix="/auth")
LOGIN_EMAIL = "login_email"  # filled in on the log-in page after a sign-up
NO_STORE = {"Cache-Control": "no-store"}


SIGNED_UP = (
    "If {email} was new here, its account is ready: log in with the password you "
    "chose. If it had an account already, nothing changed: log in with its password, "
    "or reset it."
)


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> ResponseReturnValue:
    """Create an account, then send everyone to log in with the same words, whether the email
    was new or taken: the answer never tells which emails have an account."""
    form = request.form if request.method == "POST" else {"coach": request.args.get("coach", "")}
    errors = signup_errors(form) if request.method == "POST" else {}
    if request.method == "POST" and not errors:
        email, timezone = clean_email(form["email"]), form.get("timezone") or "UTC"
        with contextlib.suppress(users.EmailTaken):  # the hash is made either way: same time
            users.add_user(
                email,
                passwords.hash_password(form["password"]),
                timezone if clock.valid_timezone(timezone) else "UTC",
                role="coach" if form.get("coach") == "1" else "runner",
            )
        return to_log_in(email, SIGNED_UP.format(email=email))
    status = 400 if errors else 200
    return render_template(
        "auth/signup.html", values=form, errors=errors, zones=clock.timezone_groups()
    ), status


def to_log_in(email: str, message: str) -> BaseResponse:
    """Send the visitor to log in, with a message and their email filled in."""
    flash(message)
    session[LOGIN_EMAIL] = email
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Log in, within the limits of web.auth.login_limits; known and unknown emails answer alike."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        email, ip = clean_email(request.form.get("email", "")), request.remote_addr or "-"
        problem = email_error(email)
        if problem:  # not an address: nothing to look up, nothing to count
            errors["email"] = problem
            return render_template("auth/login.html", values=request.form, errors=errors), 400
        try:
            # A database that cannot write (full, read-only) cannot count the attempt: this
            # process counts it instead; a right password still logs in, and a wrong one is
            # refused with a 503 by failed() below.
            device = device_cookies.device_of(email)
            if not best_effort(login_limits.reserve, email, ip, device):
                login_limits.reserve_here(email, ip)
        except login_limits.TooMany as refused:
            errors["email"] = str(refused)
            return render_template("auth/login.html", values=request.form, errors=errors), 429
        user = users.by_email(email)
        end_transaction()  # hashing takes a while: hold no lock meanwhile
        if (
            passwords.check(user.password_hash if user else None, request.form.get("password", ""))
            and user is not None
        ):
            best_effort(login_limits.succeeded, email, ip)
            sessions.log_in(user)
            answer = redirect(safe_next(request.args.get("next")))
            device_cookies.give(answer, user.id, user.password_hash)
            return answer
        login_limits.failed(email)
        errors["password"] = "That email and password do not match."
    status = 400 if errors else 200
    values = request.form if request.method == "POST" else {"email": session.pop(LOGIN_EMAIL, "")}
    return render_template("auth/login.html", values=values, errors=errors), status


def safe_next(target: str | None) -> str:
    """Follow ?next= only within this site."""
    parts = urlsplit(target or "")
    if (
        target
        and not parts.scheme
        and not parts.netloc
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
    ):
        return target
    return url_for("home.index")


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Log out here and everywhere: any copy of this session's cookie stops working too."""
    if current_user.is_authenticated:
        users.end_sessions(current_user.id)
    logout_user()
    sessions.reset()
    flash("You are logged out.")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> ResponseReturnValue:
    """Change the password or the time zone that decides what "today" is."""
    user = users.existing(current_user.id)
    form, errors = request.form, {}
    if request.method == "POST":
        errors = account_errors(form, check=current_password_problem)
        zone = zone_error(form.get("timezone", ""), user.timezone, logs.latest_day(user.id))
        if zone:
            errors.setdefault("timezone", zone)
        if not errors:
            changes = {"timezone": form["timezone"]}
            if form.get("new_password"):
                changes["password_hash"] = passwords.hash_password(form["new_password"])
            users.update(user, **changes)
            revoked = 0
            if "password_hash" in changes:  # every other session (a stolen cookie) ends
                session[sessions.SESSION_VERSION] = users.end_sessions(user.id)
                if form.get("revoke_tokens") == "yes":  # and a token made with the old one
                    revoked = users.revoke_tokens(user.id)
            saved = (
                "Your password is changed."
                if "password_hash" in changes
                else "Your account is saved."
            )
            flash(saved + REVOKED.get(min(revoked, 2), "").format(revoked))
            answer = redirect(url_for("auth.account"))
            if "password_hash" in changes:  # this browser stays a known device of the account
                device_cookies.give(answer, user.id, changes["password_hash"])
            return answer

    values = form if request.method == "POST" else None
    return render_template(
        "auth/account.html", **account_page(values, errors)
    ), 400 if errors else 200


REVOKED = {
    1: " Your API token is revoked: make a new one below if a script needs it.",
    2: " Your {} API tokens are revoked: make new ones below for the scripts that need them.",
}


def current_password_problem(password: str) -> str | None:
    """Say what is wrong with the current password given to change it, counted like a log-in:
    a stolen session must not be able to guess it without limit (the delete form's check).
    A box left empty (a new password typed, the current one forgotten) is no guess."""
    if not password:
        return "Enter your current password."
    try:
        account_data.confirm_password(password, request.remote_addr or "-")
    except account_data.WrongPassword:
        return "That is not your current password."
    except login_limits.TooMany as problem:
        return str(problem)
    return None


# Personal API tokens (the JSON API under /api/v1): created and revoked from the account page.


@bp.post("/tokens")
@login_required
def create_token() -> ResponseReturnValue:
    """Create a personal API token and show it this once; only its hash is stored."""
    lifetime = request.form.get("expires", "90")
    if lifetime not in tokens.LIFETIMES:
        abort(400, "Choose from the list how long the token works.")
    name = request.form.get("name", "").strip()
    if len(name) > MAX_TOKEN_NAME:  # the field's maxlength: only a hand-made request gets here
        abort(
            400, f"The token was not made: give it a name of at most {MAX_TOKEN_NAME} characters."
        )
    token = tokens.issue(current_user.id, name, tokens.LIFETIMES[lifetime])
    # The page shows the token this once: no cache or back-forward history may keep it.
    return render_template("auth/token_created.html", token=token), 201, NO_STORE


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> ResponseReturnValue:
    """Revoke one of the runner's API tokens at once."""
    if users.revoke_token(current_user.id, token_id):
        flash("The API token is revoked.")
    return redirect(url_for("auth.account"))
