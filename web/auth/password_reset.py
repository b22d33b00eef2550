"""Password reset links: a single-use token, good for an hour, kept only as its hash; mailed to
an account that has a password, or made for an administrator (`flask --app web reset-link`).
The pages that ask for and use a link are web/pages/password_reset.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from web.auth import login_limits
from web.auth.hashes import hash_secret, new_secret
from web.core import clock, hosts, mail
from web.core.db import session
from web.forms.accounts import clean_email
from web.store import users
from web.store.models import NO_PASSWORD, PasswordReset, User

LIFETIME = timedelta(hours=1)
RESET_WINDOW = timedelta(hours=1)
MAX_PER_EMAIL, MAX_PER_ADDRESS = 3, 10  # mails an hour, so nobody's inbox is flooded


def by_mail() -> bool:
    """Can links go out by mail? Only with a mail server and an address the site vouches for
    (PUBLIC_URL, or a host on ALLOWED_HOSTS): a link built from whatever Host header a request
    carried would mail a valid token to an address an attacker chose."""
    return mail.enabled() and bool(hosts.public_url())


def link_mail(email: str) -> Callable[[], object] | None:
    """Store a reset link for the account with this email, if it has a password, and return
    what mails it, for the caller to call once it has committed (with the count of asks it
    writes for any email: an account costs no commit of its own, so the answer's time does
    not tell that the email has one)."""
    user = users.by_email(email)
    if user is None or user.password_hash == NO_PASSWORD or not by_mail():
        return None
    link = hosts.url_at(hosts.public_url(), "reset.choose", token=new_link(user.id))
    body = (
        f"Someone, we hope you, asked to reset the password of the return-to-run account "
        f"for {email}.\n\nTo choose a new password, open this link within an hour. It works "
        f"once:\n\n{link}\n\nA new password ends every session of the account and "
        f"revokes its API tokens: make new ones on the account page.\n\nIf you did not "
        f"ask, ignore this mail: your password stays as it is.\n"
    )
    return lambda: mail.send(email, "Reset your return-to-run password", body)


def new_link(user_id: int) -> str:
    """Make a reset token for a user and return it; only its hash is stored (the caller
    commits)."""
    token = new_secret()
    users.add_reset(user_id, hash_secret(token), clock.now() + LIFETIME)
    return token


def open_link(token: str) -> PasswordReset | None:
    """Return the reset a link's token names, if it is unused and unexpired."""
    reset = users.reset_by_hash(hash_secret(token)) if len(token) <= 100 else None
    if reset is None or reset.used is not None or clock.utc(reset.expires) <= clock.now():
        return None
    return reset


def use_link(reset: PasswordReset, password_hash: str) -> User | None:
    """Set the new password through a reset, end every session of the account and revoke its
    API tokens; None if the link was used meanwhile. Counted log-in failures no longer slow its owner down."""
    user = users.existing(reset.user_id)
    if not users.use_reset(reset, password_hash, clock.now()):
        return None
    login_limits.forget_account(user.email)
    session().commit()
    return user


@click.command("reset-link")
@click.argument("email")
@with_appcontext
def reset_link(email: str) -> None:
    """Print a one-hour password reset link for an account (for an administrator to pass on)."""
    user = users.by_email(clean_email(email))
    if user is None or user.password_hash == NO_PASSWORD:
        raise click.ClickException(f"No account with a password uses {email}.")
    path = current_app.url_map.bind("").build("reset.choose", {"token": new_link(user.id)})
    session().commit()
    click.echo(f"Give this link to its owner; it works once, for an hour: <this site>{path}")
