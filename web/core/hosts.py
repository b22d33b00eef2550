"""The site's own address: PUBLIC_URL for links that leave the page, ALLOWED_HOSTS at the door.

A request's Host header is the client's to choose. Nothing that outlives the request (a
calendar feed, a link in it, an invite) takes its address from it: those use PUBLIC_URL. With
ALLOWED_HOSTS set, a request for any other host is refused with 400 before the app (or the feed
memo in front of it) sees it, so the address a page shows is always one of the site's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for
from werkzeug.exceptions import SecurityError
from werkzeug.wsgi import get_host

REFUSED = b"400 Bad Request: this server does not answer for that host name.\n"


def init_app(app: Flask) -> None:
    """Put the host check in front of everything else (call it last)."""
    names = allowed(app)
    if names:
        app.wsgi_app = AllowedHosts(app.wsgi_app, names)  # type: ignore[method-assign]


def checked_address(address: str) -> str:
    """Return PUBLIC_URL without its trailing slash; ValueError when it is no http(s) address."""
    parts = urlsplit(address.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ValueError(
            f"PUBLIC_URL must be the site's address, like https://rtr.example (got {address!r})"
        )
    return address.strip().rstrip("/")


def allowed(app: Flask) -> list[str]:
    """Return the host names the site answers for (ALLOWED_HOSTS, a list or comma-separated)."""
    names = app.config.get("ALLOWED_HOSTS") or []
    if isinstance(names, str):
        names = names.split(",")
    return [name.strip() for name in names if name.strip()]


class AllowedHosts:
    """WSGI middleware: a request for a host that is not on the list gets a plain 400."""

    def __init__(self, app: Callable[..., Iterable[bytes]], names: list[str]) -> None:
        self.app, self.names = app, names

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        try:
            get_host(environ, trusted_hosts=self.names)
        except SecurityError:
            start_response(
                "400 BAD REQUEST",
                [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Length", str(len(REFUSED))),
                    ("X-Content-Type-Options", "nosniff"),
                ],
            )
            return [REFUSED]
        return self.app(environ, start_response)


def public_url() -> str:
    """Return the configured address for what outlives the request, or "" when none is set.

    Without PUBLIC_URL the host asked for is trusted only when ALLOWED_HOSTS vouched for it.
    """
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return str(configured)
    return request.host_url.rstrip("/") if allowed(current_app) else ""


def url_at(base: str, endpoint: str, **values: Any) -> str:
    """Return an absolute link at `base` (a scheme and host, as PUBLIC_URL), for what outlives
    the request that made it: a mail, a reminder."""
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)


def external_url(endpoint: str, **values: Any) -> str:
    """Return an absolute link to show on a page: at the public address if there is one, else
    at the address this page was asked for (its reader typed it)."""
    return (public_url() or request.host_url.rstrip("/")) + url_for(endpoint, **values)


def came_from() -> str | None:
    """The page (path and query) a form was sent from, when it is one of this site's."""
    try:
        came = urlsplit(request.referrer or "")
    except ValueError:  # "http://[": no address to go back to
        return None
    if came.netloc != request.host or not came.path.startswith("/"):
        return None
    return came.path + (f"?{came.query}" if came.query else "")
