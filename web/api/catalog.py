"""Read-only data and plumbing: the condition catalog, the exercise library, ping, OpenAPI."""

from __future__ import annotations

from flask import jsonify

from planner import conditions
from planner.errors import InputError
from planner.exercises import LIBRARY
from web.api import openapi
from web.api.blueprint import bp
from web.core.errors import ApiError


def condition_info(condition) -> dict:
    return {
        "id": condition.id, "name": condition.name, "locations": list(condition.locations),
        "feels": condition.feels, "tissue": condition.tissue,
        "protocol": condition.protocol.value,
        "risk": condition.risk.value if condition.risk else None,
        "recovery_weeks": list(condition.recovery_weeks), "pain_ceiling": condition.pain_ceiling,
        "floor_only": condition.floor_only,
    }


def exercise_info(exercise) -> dict:
    return {
        "id": exercise.id, "name": exercise.name, "how_to": exercise.how_to,
        "dose": exercise.dose, "protocols": [p.value for p in exercise.protocols],
        "phases": [p.value for p in exercise.phases], "equipment": exercise.equipment,
        "progression": exercise.progression, "regression": exercise.regression,
        "impact": exercise.impact, "source": exercise.source,
    }


@bp.get("/ping")
def ping():
    """Answer without touching the database: the bare route benchmarks compare against."""
    return jsonify(status="ok")


@bp.get("/openapi.json")
def openapi_document():
    """Return the OpenAPI 3 description of this API."""
    return jsonify(openapi.DOCUMENT)


@bp.get("/conditions")
def list_conditions():
    """List the condition catalog (SPEC §4)."""
    return jsonify(conditions=[condition_info(c) for c in conditions.CATALOG.values()])


@bp.get("/conditions/<condition_id>")
def read_condition(condition_id: str):
    """Show one condition; aliases such as 'mtss' work too."""
    try:
        return jsonify(condition_info(conditions.get(condition_id)))
    except InputError as problem:
        raise ApiError(404, problem.message, "condition_id") from None


@bp.get("/exercises")
def list_exercises():
    """List the exercise library (SPEC §3.5)."""
    return jsonify(exercises=[exercise_info(e) for e in LIBRARY.values()])
