"""Forgotten passwords: a single-use link by email, good for an hour.

The request form answers the same for every email, and mails only an account that has a
password (a coach's managed profile is claimed through its invite, never here). Setting the new
password ends every session of the account. With no mail server the page says to ask an
administrator, who can make a link with `flask --app web reset-link EMAIL`.
"""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask.cli import with_appcontext
from flask.typing import ResponseReturnValue

from web.auth import login_limits, passwords
from web.auth.hashes import hash_secret, new_secret
from web.core import clock, mail
from web.core.db import session
from web.forms.accounts import clean_email, email_error, password_error
from web.pages.accounts import NO_STORE, to_log_in
from web.store import users
from web.store.models import NO_PASSWORD

bp = Blueprint("reset", __name__, url_prefix="/auth")
LIFETIME = timedelta(hours=1)
RESET_WINDOW = timedelta(hours=1)
MAX_PER_EMAIL, MAX_PER_ADDRESS = 3, 10  # mails an hour, so nobody's inbox is flooded
SENT = (
    "If an account uses {email}, we have sent it a link to choose a new password. The link "
    "works once, for an hour. Nothing arrived? Look in your spam folder, or ask again."
)
GONE = "This reset link has expired or was already used. Ask for a new one."
CHANGED = (
    "Your password is changed, and every session of your account has ended: log in "
    "with the new password."
)


@bp.route("/forgot", methods=["GET", "POST"])
def forgot() -> ResponseReturnValue:
    """Ask for a reset link; the answer never tells whether the email has an account."""
    form, errors, sent = request.form, {}, None
    if request.method == "POST" and mail.enabled():
        email = clean_email(form.get("email", ""))
        problem = email_error(email)
        if problem:
            errors["email"] = problem
        elif (
            login_limits.bump("reset-address", request.remote_addr or "-", RESET_WINDOW)
            > MAX_PER_ADDRESS
        ):
            abort(429)
        else:
            if login_limits.bump("reset", email, RESET_WINDOW) <= MAX_PER_EMAIL:
                send_link(email)
            sent = SENT.format(email=email)
    return render_template(
        "auth/forgot.html", values=form, errors=errors, sent=sent, mail_on=mail.enabled()
    ), 400 if errors else 200


def send_link(email: str) -> None:
    """Mail a reset link to the account with this email, if it has a password."""
    user = users.by_email(email)
    if user is None or user.password_hash == NO_PASSWORD:
        return
    link = url_for("reset.choose", token=new_link(user.id), _external=True)
    mail.send(
        email,
        "Reset your return-to-run password",
        (
            f"Someone, we hope you, asked to reset the password of the return-to-run account "
            f"for {email}.\n\nTo choose a new password, open this link within an hour. It works "
            f"once:\n\n{link}\n\nIf you did not ask, ignore this mail: your password stays as it "
            f"is.\n"
        ),
    )


def new_link(user_id: int) -> str:
    """Make a reset token for a user and return it; only its hash is stored."""
    token = new_secret()
    users.add_reset(user_id, hash_secret(token), clock.now() + LIFETIME)
    return token


@bp.route("/reset/<token>", methods=["GET", "POST"])
def choose(token: str) -> ResponseReturnValue:
    """Choose a new password through a reset link."""
    reset = users.reset_by_hash(hash_secret(token)) if len(token) <= 100 else None
    if reset is None or reset.used is not None or clock.utc(reset.expires) <= clock.now():
        return render_template("error.html", code=410, name="Gone", message=GONE), 410, NO_STORE
    errors: dict[str, str] = {}
    if request.method == "POST":
        problem = password_error(request.form.get("password", ""), request.form.get("confirm", ""))
        if problem:
            errors["password"] = problem
        else:
            user = users.existing(reset.user_id)
            if not users.use_reset(
                reset, passwords.hash_password(request.form["password"]), clock.now()
            ):
                return (
                    render_template("error.html", code=410, name="Gone", message=GONE),
                    410,
                    NO_STORE,
                )
            login_limits.forget_account(user.email)  # counted failures no longer slow them
            session().commit()
            return to_log_in(user.email, CHANGED)
    return render_template("auth/reset.html", errors=errors), 400 if errors else 200, NO_STORE


@click.command("reset-link")
@click.argument("email")
@with_appcontext
def reset_link(email: str) -> None:
    """Print a one-hour password reset link for an account (for an administrator to pass on)."""
    user = users.by_email(clean_email(email))
    if user is None or user.password_hash == NO_PASSWORD:
        raise click.ClickException(f"No account with a password uses {email}.")
    path = current_app.url_map.bind("").build("reset.choose", {"token": new_link(user.id)})
    click.echo(f"Give this link to its owner; it works once, for an hour: <this site>{path}")
