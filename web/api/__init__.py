"""The JSON API under /api/v1: bearer tokens, JSON errors, and one module per resource."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import PathConverter

from planner.errors import InputError
from web.api import tokens

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC = frozenset({"api.ping", "api.openapi_document"})


class ApiError(Exception):
    """An answer other than success: the HTTP status, a message and the field at fault."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


def error(status: int, message: str, field: str | None = None):
    """Return the API's one error shape."""
    body: dict = {"message": message}
    if field is not None:
        body["field"] = field
    return jsonify(error=body), status


@bp.before_request
def require_token():
    """Let in only requests with a valid bearer token; a session cookie alone is not enough."""
    if request.endpoint in PUBLIC:
        return None
    account = tokens.account_for(request.headers.get("Authorization", ""))
    if account is None:
        response, status = error(401, "Send a valid personal API token: Authorization: Bearer <token>.")
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return response, status
    # Flask-Login's current_user reads g._login_user; setting it here (and never the session)
    # makes the web's own authorization functions in web.service see the token's owner.
    g._login_user = account
    return None


@bp.errorhandler(ApiError)
def api_error(problem: ApiError):
    return error(problem.status, problem.message, problem.field)


@bp.errorhandler(InputError)
def input_error(problem: InputError):
    return error(422, problem.message, problem.field)


@bp.errorhandler(HTTPException)
def http_error(problem: HTTPException):
    messages = {403: "You may read this plan but not change its log: only its runner can.",
                404: "There is nothing here, or it is not yours.",
                405: "This endpoint does not accept that method."}
    code = problem.code or 500
    return error(code, messages.get(code, problem.description or problem.name))


class RestConverter(PathConverter):
    """Any rest of a path, newlines included (the path converter stops at them)."""

    regex = "(?s:[^/].*?)"


bp.record_once(lambda state: state.app.url_map.converters.setdefault("rest", RestConverter))


@bp.route("/<rest:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(rest: str):
    """Answer unknown API paths (and ids out of range) in JSON rather than the HTML page."""
    return error(404, "There is no such API endpoint, or nothing here is yours.")


from web.api import accounts, catalog, logs, plans, roster  # noqa: E402,F401 - routes register on bp
