"""Files the browser saves rather than shows: JSON and CSV exports, FIT workouts and zips."""

from __future__ import annotations

from flask import Response


def download(body: str | bytes, mimetype: str, filename: str) -> Response:
    """Return `body` as an attachment named `filename`."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
