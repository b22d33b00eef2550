"""The API's blueprint: bearer tokens let requests in, and every error answers in one JSON shape."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from planner.errors import InputError
from web.auth import tokens
from web.core.errors import ApiError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC = frozenset({"api.ping", "api.openapi_document"})


def error(status: int, message: str, field: str | None = None) -> tuple[Response, int]:
    """Return the API's one error shape."""
    body: dict[str, Any] = {"message": message}
    if field is not None:
        body["field"] = field
    return jsonify(error=body), status


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


@bp.errorhandler(HTTPException)
def http_error(problem: HTTPException) -> ResponseReturnValue:
    """Answer an HTTP error in JSON; a 405 says in `Allow` which methods the path takes.

    Also called for API paths that match no route (web.errors): the blueprint's own handlers
    never see a request that routing refused."""
    messages = {
        403: "You may read this plan but not change its log: only its runner can.",
        404: "There is nothing here, or it is not yours.",
        405: "This endpoint does not accept that method.",
    }
    code = problem.code or 500
    response, status = error(code, messages.get(code, problem.description or problem.name))
    for name, value in problem.get_headers():
        if name == "Allow":
            response.headers[name] = value
    return response, status


def owns_path(path: str) -> bool:
    """Is this request path the API's (so its errors answer in JSON)?"""
    return path == bp.url_prefix or path.startswith(f"{bp.url_prefix}/")
