"""Liveness for load balancers: the app answers, and the database answers and can write."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from web.core import db, failures

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Report whether the app and its database are up, and whether the database can write."""
    if not db.ping():
        return jsonify(status="error", database="unavailable"), 503
    problem = failures.write_problem()
    if problem is not None:
        return jsonify(status="error", database="cannot write", reason=problem), 503
    return jsonify(status="ok", database="ok")
