"""The account through the API: download everything, delete it all, list and revoke tokens."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from planner.errors import InputError
from web.api.blueprint import bp
from web.auth import login_limits, tokens
from web.core.db import reads_only
from web.core.errors import ApiError
from web.forms import bodies
from web.forms.accounts import MAX_PASSWORD
from web.pages import account_data
from web.store import users


@bp.get("/account/export")
@reads_only
def export_account() -> ResponseReturnValue:
    """Return everything the account holds, as the Account page's download does."""
    return jsonify(account_data.export(current_user.id))


@bp.delete("/account")
def delete_account() -> ResponseReturnValue:
    """Delete the account and everything it owns; the body must carry its password."""
    data = bodies.only(bodies.body(), frozenset({"password"}), ("password",))
    if not isinstance(data["password"], str) or not data["password"]:
        raise InputError("password", "Give the account's password, as a string.")
    password = bodies.text("password", data["password"], MAX_PASSWORD)  # no hash takes a NUL
    try:
        account_data.confirm_password(password, request.remote_addr or "-")
    except account_data.WrongPassword as wrong:
        raise ApiError(403, str(wrong), "password") from None
    except login_limits.TooMany as refused:
        raise ApiError(429, str(refused), "password") from None
    account_data.delete_account(current_user.id)
    return "", 204


@bp.get("/tokens")
@reads_only
def list_tokens() -> ResponseReturnValue:
    """List the account's API tokens (names, hints and dates; never a token), newest first."""
    return jsonify(tokens=[tokens.info(t) for t in users.tokens_of(current_user.id)])


@bp.delete("/tokens/<int:token_id>")
def revoke_token(token_id: int) -> ResponseReturnValue:
    """Revoke one of the account's API tokens at once (the one in use too)."""
    if not users.revoke_token(current_user.id, token_id):
        raise ApiError(404, "There is no such token of yours.", "token_id")
    return "", 204
