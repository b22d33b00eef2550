"""The API's blueprint: bearer tokens let requests in, and every error answers in one JSON shape."""

from __future__ import annotations

from flask import Blueprint, g, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from planner.errors import InputError
from web.auth import tokens
from web.core.errors import API_PREFIX, ApiError, json_http_error
from web.core.errors import json_error as error

bp = Blueprint("api", __name__, url_prefix=API_PREFIX)
PUBLIC = frozenset({"api.ping", "api.openapi_document"})


@bp.before_request
def require_token() -> ResponseReturnValue | None:
    """Let in only requests with a valid bearer token; a session cookie alone is not enough."""
    if request.endpoint in PUBLIC or request.method == "OPTIONS":
        return None  # OPTIONS says which methods a path takes, and nothing about anyone's data
    account = tokens.account_for(request.headers.get("Authorization", ""))
    if account is None:
        response, status = error(
            401, "Send a valid personal API token: Authorization: Bearer <token>."
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return response, status
    # Flask-Login's current_user reads g._login_user; setting it here (and never the session)
    # makes the web's own authorization functions in web.auth.access see the token's owner.
    g._login_user = account
    return None


@bp.errorhandler(ApiError)
def api_error(problem: ApiError) -> ResponseReturnValue:
    return error(problem.status, problem.message, problem.field)


@bp.errorhandler(InputError)
def input_error(problem: InputError) -> ResponseReturnValue:
    return error(422, problem.message, problem.field)


bp.register_error_handler(HTTPException, json_http_error)
