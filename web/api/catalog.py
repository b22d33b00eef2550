"""Read-only data and plumbing: the condition catalog, the exercise library, ping, OpenAPI."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue

from planner import conditions
from planner.errors import InputError
from planner.exercises import LIBRARY
from planner.model import Condition, Exercise
from web.api import openapi
from web.api.blueprint import bp
from web.core.errors import ApiError


def condition_info(condition: Condition) -> dict[str, Any]:
    return {
        "id": condition.id,
        "name": condition.name,
        "locations": list(condition.locations),
        "feels": condition.feels,
        "tissue": condition.tissue,
        "protocol": condition.protocol.value,
        "risk": condition.risk.value if condition.risk else None,
        "recovery_weeks": list(condition.recovery_weeks),
        "pain_ceiling": condition.pain_ceiling,
        "floor_only": condition.floor_only,
    }


def exercise_info(exercise: Exercise) -> dict[str, Any]:
    return {
        "id": exercise.id,
        "name": exercise.name,
        "how_to": exercise.how_to,
        "dose": exercise.dose,
        "protocols": [p.value for p in exercise.protocols],
        "phases": [p.value for p in exercise.phases],
        "equipment": exercise.equipment,
        "progression": exercise.progression,
        "regression": exercise.regression,
        "impact": exercise.impact,
        "source": exercise.source,
    }


@bp.get("/ping")
def ping() -> ResponseReturnValue:
    """Answer without touching the database: the bare route benchmarks compare against."""
    return jsonify(status="ok")


@bp.get("/openapi.json")
def openapi_document() -> ResponseReturnValue:
    """Return the OpenAPI 3 description of this API."""
    return jsonify(openapi.DOCUMENT)


@bp.get("/conditions")
def list_conditions() -> ResponseReturnValue:
    """List the condition catalog (SPEC §4)."""
    return jsonify(conditions=[condition_info(c) for c in conditions.CATALOG.values()])


@bp.get("/conditions/<condition_id>")
def read_condition(condition_id: str) -> ResponseReturnValue:
    """Show one condition; aliases such as 'mtss' work too."""
    try:
        return jsonify(condition_info(conditions.get(condition_id)))
    except InputError as problem:
        raise ApiError(404, problem.message, "condition_id") from None


@bp.get("/exercises")
def list_exercises() -> ResponseReturnValue:
    """List the exercise library (SPEC §3.5)."""
    return jsonify(exercises=[exercise_info(e) for e in LIBRARY.values()])
