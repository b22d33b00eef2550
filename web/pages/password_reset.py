"""Forgotten passwords, the pages: ask for a single-use link by email, then choose a new password
through it (the links themselves: web/auth/password_reset.py).

The request form answers the same for every email, and mails only an account that has a
password (a coach's managed profile is claimed through its invite, never here). Setting the new
password ends every session of the account. With no mail server the page says to ask an
administrator, who can make a link with `flask --app web reset-link EMAIL`.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from web.auth import login_limits, password_reset, passwords
from web.core.db import session
from web.forms.accounts import clean_email, email_error, password_error
from web.pages.accounts import NO_STORE, to_log_in

bp = Blueprint("reset", __name__, url_prefix="/auth")
SENT = (
    "If an account uses {email}, we have sent it a link to choose a new password. The link "
    "works once, for an hour. Nothing arrived? Look in your spam folder, or ask again."
)
GONE = "This reset link has expired or was already used. Ask for a new one."
CHANGED = (
    "Your password is changed, every session of your account has ended and its API tokens "
    "are revoked: log in with the new password, and make new tokens if you need them."
)


@bp.route("/forgot", methods=["GET", "POST"])
def forgot() -> ResponseReturnValue:
    """Ask for a reset link; the answer never tells whether the email has an account."""
    form, errors, sent = request.form, {}, None
    if request.method == "POST" and password_reset.by_mail():
        email = clean_email(form.get("email", ""))
        problem = email_error(email)
        if problem:
            errors["email"] = problem
        elif (
            login_limits.bump(
                "reset-address",
                login_limits.network(request.remote_addr or "-"),
                password_reset.RESET_WINDOW,
            )
            > password_reset.MAX_PER_ADDRESS
        ):
            abort(429)
        else:
            mailing = None
            if (
                login_limits.bump("reset", email, password_reset.RESET_WINDOW, commit=False)
                <= password_reset.MAX_PER_EMAIL
            ):
                mailing = password_reset.link_mail(email)
            session().commit()  # one for any email: the count, and the link if there is one
            if mailing is not None:
                mailing()
            sent = SENT.format(email=email)
    return render_template(
        "auth/forgot.html", values=form, errors=errors, sent=sent, mail_on=password_reset.by_mail()
    ), 400 if errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def choose(token: str) -> ResponseReturnValue:
    """Choose a new password through a reset link."""
    reset = password_reset.open_link(token)
    if reset is None:
        return render_template("error.html", code=410, name="Gone", message=GONE), 410, NO_STORE
    errors: dict[str, str] = {}
    if request.method == "POST":
        problem = password_error(request.form.get("password", ""), request.form.get("confirm", ""))
        if problem:
            errors["password"] = problem
        else:
            user = password_reset.use_link(reset, passwords.hash_password(request.form["password"]))
            if user is None:
                return (
                    render_template("error.html", code=410, name="Gone", message=GONE),
                    410,
                    NO_STORE,
                )
            return to_log_in(user.email, CHANGED)
    return render_template("auth/reset.html", errors=errors), 400 if errors else 200, NO_STORE
