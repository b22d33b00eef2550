"""Liveness for load balancers: the app answers and so does the database."""

from __future__ import annotations

from flask import Blueprint, jsonify

from web import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Report whether the app and its database are up."""
    if db.ping():
        return jsonify(status="ok", database="ok")
    return jsonify(status="error", database="unavailable"), 503
