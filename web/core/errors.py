"""One error page for every HTTP error; a CSRF failure is a plain 400 with a hint. A page's
script that asks for JSON gets its errors in JSON: a redirect or an HTML page would be read
as the answer."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadHost, HTTPException

from web.core import guards, hosts

MESSAGES = {
    400: "The request could not be understood. Go back, reload the page and try again.",
    403: "You are not allowed to do that.",
    404: "There is nothing here, or it is not yours.",
    405: "That page does not accept this kind of request.",
    413: "That file is too large.",
    429: "Too many attempts. Please wait a few minutes and try again.",
    500: "Something went wrong on our side. Your last change may not have been saved.",
}
BAD_HOST = "This server does not answer for that host name: check the address."


class App(Flask):
    """The app's Flask: an unhandled error is logged by its route, never by its path, since a
    feed's, a password reset's and an invite's path carry a secret (never logged)."""

    def log_exception(
        self, exc_info: tuple[type, BaseException, TracebackType] | tuple[None, None, None]
    ) -> None:
        rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
        self.logger.error("Exception on %s [%s]", rule, request.method, exc_info=exc_info)


class ApiError(Exception):
    """An answer other than success: the HTTP status, a message and the field at fault."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


# An error's own headers that its answer keeps: the methods a path takes (405), and when to
# try again (503).
PASSED_ON = ("Allow", "Retry-After")
API_PREFIX = "/api/v1"  # under it every error answers in JSON


def owns_api_path(path: str) -> bool:
    """Is this request path the API's (so its errors answer in JSON)?"""
    return path == API_PREFIX or path.startswith(f"{API_PREFIX}/")


def wants_json() -> bool:
    """Does this request ask for JSON first (a page's script, such as tick.js)?"""
    return request.accept_mimetypes.best == "application/json"


def json_error(status: int, message: str, field: str | None = None) -> tuple[Response, int]:
    """Return the API's one error shape."""
    body: dict[str, Any] = {"message": message}
    if field is not None:
        body["field"] = field
    return jsonify(error=body), status


def json_http_error(problem: HTTPException) -> ResponseReturnValue:
    """Answer an HTTP error in JSON; a 405 says in `Allow` which methods the path takes.

    The API blueprint's handler, and this module's for API paths that match no route: the
    blueprint's own handlers never see a request that routing refused."""
    code = problem.code or 500
    response, status = json_error(code, _json_message(problem, code))
    for name, value in problem.get_headers():
        if name in PASSED_ON:
            response.headers[name] = value
    return response, status


JSON_MESSAGES = {
    403: "You may read this plan but not change its log: only its runner can.",
    404: "There is nothing here, or it is not yours.",
    405: "This endpoint does not accept that method.",
}


def _json_message(problem: HTTPException, code: int) -> str:
    most = current_app.config.get("MAX_CONTENT_LENGTH")
    if isinstance(problem, BadHost):
        return BAD_HOST
    if code == 413 and most and problem.description == type(problem).description:
        return f"The body is too large: send at most {most} bytes ({size_words(most)})."
    return JSON_MESSAGES.get(code, problem.description or problem.name)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(HTTPException, render_error)


def render_error(error: HTTPException) -> ResponseReturnValue:
    """Render the error page for any HTTP error (JSON under the API); a 405 names in `Allow`
    the methods the page takes."""
    if owns_api_path(request.path):
        return json_http_error(error)
    if isinstance(request.routing_exception, BadHost):
        return unroutable(error)
    code = error.code or 500
    custom = error.description != type(error).description  # abort(code, "what went wrong")
    message = error.description if custom else MESSAGES.get(code, error.description)
    if code == 413 and not custom:
        message = too_large_message() or message
    headers = {k: v for k, v in error.get_headers() if k in PASSED_ON}
    page = render_template("error.html", code=code, name=error.name, message=message)
    return page, code, headers


def unroutable(error: HTTPException) -> ResponseReturnValue:
    """Answer a request whose Host header no link can be built for ("a..b") in plain text:
    the error page's links (url_for) need the host the request could not give."""
    code = error.code or 500
    message = BAD_HOST if isinstance(error, BadHost) else MESSAGES.get(code, error.description)
    body = f"{code} {error.name}: {message}\n"
    return Response(body, code, mimetype="text/plain")


def too_large_message() -> str | None:
    """Say how much may be sent: an upload form (multipart) may carry files, any other form
    only what was typed into it. None when there is no limit to state."""
    most = current_app.config.get("MAX_CONTENT_LENGTH")
    if not most:
        return None
    if request.mimetype == "multipart/form-data":
        return (
            f"That file is too large: one upload may hold {size_words(most)} at most. "
            "Go back and choose a smaller file (or fewer files at once)."
        )
    return (
        f"What you sent is too large: one form may send {size_words(most)} at most. Go back, "
        "shorten what you typed (a note, say) and send it again."
    )


def size_words(size: int) -> str:
    """A byte count as people read it: 2 MB, 1 kB."""
    return f"{size / 2**20:g} MB" if size >= 2**20 else f"{max(1, round(size / 1024))} kB"


CSRF_MESSAGE = (
    "This form has expired or was not sent from this site. Reload the page and try again."
)


PLAIN_HTTP_MESSAGE = (
    "This site keeps you logged in with a cookie that travels over HTTPS only, and this page "
    "came over plain HTTP, so your browser did not keep it. Open the site at its https:// "
    "address (docs/deploying.md says how to serve it so)."
)
LOOPBACK = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


def cookie_dropped() -> bool:
    """Would a browser have dropped this site's session cookie here? It sends it over HTTPS
    only, and browsers keep such a cookie over plain HTTP on this machine alone. A request
    from this machine that names another host came through a proxy here, which may have
    spoken HTTPS to the browser (TRUSTED_PROXIES tells): no claim then."""
    secure = current_app.config.get("SESSION_COOKIE_SECURE")
    host = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
    peer = request.remote_addr or ""
    return bool(secure) and not request.is_secure and LOOPBACK.isdisjoint({host, peer})


LOGGED_OUT_MESSAGE = (
    "You are logged out (here, or everywhere from another device), so this form was not "
    "saved. Log in, then send it again."
)


def render_csrf_error(_error: CSRFError) -> ResponseReturnValue:
    """Answer a missing or stale CSRF token: 400, in JSON (field `csrf_token`) to a script. A
    form that needs a log-in, sent after its browser logged out (its CSRF secret went with the
    session), says so, with the way back in."""
    message = PLAIN_HTTP_MESSAGE if cookie_dropped() else CSRF_MESSAGE
    if wants_json() or owns_api_path(request.path):
        return json_error(400, message, field="csrf_token")
    if "_user_id" not in session and guards.needs_login(request.endpoint):
        came = hosts.came_from()
        back = url_for("auth.login", next=None if came and came.startswith("/auth/") else came)
        return render_template(
            "error.html",
            code=400,
            name="Logged out",
            message=LOGGED_OUT_MESSAGE,
            action=(back, "Log in"),
        ), 400
    return render_template("error.html", code=400, name="Bad Request", message=message), 400
