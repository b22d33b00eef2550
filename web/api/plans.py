"""Plans: create, list, read, change settings, delete, and the built plan as SPEC §5 JSON."""

from __future__ import annotations

from datetime import UTC

from flask import Response, current_app, jsonify, url_for
from flask_login import current_user

from planner.serialize import plan_to_dict
from web import caches, clock, service, store
from web.api import bp, parse
from web.db import reads_only
from web.models import PlanRow

PLAN = "/plans/<int:plan_id>"


def plan_info(row: PlanRow) -> dict:
    """Return a stored plan's settings as the API shows them."""
    pace = row.easy_pace
    return {
        "id": row.id, "condition": row.condition, "onset": row.onset.isoformat(),
        "weekly_volume": row.baseline, "unit": row.unit,
        "start": row.start.isoformat() if row.start else None, "goal": row.goal,
        "runs_per_week": row.runs_per_week,
        "easy_pace": None if pace is None else _pace(pace),
        "run_days": [int(d) for d in row.run_days.split(",") if d],
        "calendar_time": row.calendar_time.strftime("%H:%M") if row.calendar_time else None,
        "clearance": row.clearance.isoformat() if row.clearance else None,
        "created": row.created.replace(tzinfo=row.created.tzinfo or UTC).isoformat(),
    }


def _pace(minutes: float) -> str:
    seconds = round(minutes * 60)
    return f"{seconds // 60}:{seconds % 60:02d}"


@bp.get("/plans")
@reads_only
def list_plans():
    """List the runner's plans, newest first."""
    return jsonify(plans=[plan_info(row) for row in store.plans_of(current_user.id)])


@bp.post("/plans")
def create_plan():
    """Create a plan from the same fields as the wizard; a coach may name an athlete of theirs."""
    data = parse.body()
    owner = service.new_plan_owner(parse.optional_id("athlete_id", data.pop("athlete_id", None)))
    spec, at = parse.spec_from(data, service.runner_today())
    row = store.add_plan(owner, spec, calendar_time=at)
    response = jsonify(plan_info(row))
    response.headers["Location"] = url_for("api.read_plan", plan_id=row.id)
    return response, 201


@bp.get(PLAN)
@reads_only
def read_plan(plan_id: int):
    """Show one plan's settings."""
    return jsonify(plan_info(service.readable_row(plan_id)))


@bp.patch(PLAN)
def update_plan(plan_id: int):
    """Change a plan's clearance date or calendar time; other fields stay as they were."""
    row = service.readable_row(plan_id)
    changes = parse.settings_from(parse.body(), onset=row.onset, today=service.runner_today())
    store.update_settings(row, clearance=changes.get("clearance", row.clearance),
                          calendar_time=changes.get("calendar_time", row.calendar_time))
    return jsonify(plan_info(row))


@bp.delete(PLAN)
def delete_plan(plan_id: int):
    """Delete a plan with its log."""
    store.delete_plan(service.writable_row(plan_id))
    return "", 204


@bp.get(PLAN + "/plan")
@reads_only
def built_plan(plan_id: int):
    """Return the plan built for the runner's today, in the SPEC §5 JSON shape.

    The text is kept per build key (log version included), so a client that polls an
    unchanged plan costs one query and no serialising.
    """
    row = service.readable_row(plan_id)
    timezone = service.owner_timezone(row)
    today = clock.today_in(timezone)

    def serialise() -> str:
        plan = service.build_state(row, timezone, today).plan
        return current_app.json.dumps(plan_to_dict(plan)) + "\n"

    body = caches.documents().get_or_make(service.plan_key(row, today), serialise)
    return Response(body, mimetype=current_app.json.mimetype)
