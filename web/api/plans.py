"""Plans: create, list, read, change settings, delete, and the built plan as SPEC §5 JSON."""

from __future__ import annotations

from flask import Response, abort, current_app, jsonify, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from planner.serialize import plan_to_dict
from web import cache, store
from web.api.blueprint import bp
from web.auth import access
from web.cache import keys
from web.core import clock
from web.core.db import reads_only
from web.forms import bodies
from web.services import builds, plan_changes
from web.services.plan_info import plan_info

PLAN = "/plans/<int:plan_id>"


@bp.get("/plans")
@reads_only
def list_plans() -> ResponseReturnValue:
    """List the runner's plans, newest first."""
    return jsonify(plans=[plan_info(row) for row in store.plans.plans_of(current_user.id)])


@bp.post("/plans")
def create_plan() -> ResponseReturnValue:
    """Create a plan from the same fields as the wizard; a coach may name an athlete of theirs."""
    data = bodies.body()
    owner = access.new_plan_owner(bodies.optional_id("athlete_id", data.pop("athlete_id", None)))
    spec, at = bodies.spec_from(data, access.owners_today(owner))
    row = store.plans.add_plan(owner, spec, calendar_time=at)
    response = jsonify(plan_info(row))
    response.headers["Location"] = url_for("api.read_plan", plan_id=row.id)
    return response, 201


@bp.get(PLAN)
@reads_only
def read_plan(plan_id: int) -> ResponseReturnValue:
    """Show one plan's settings."""
    return jsonify(plan_info(access.readable_row(plan_id)))


@bp.patch(PLAN)
def update_plan(plan_id: int) -> ResponseReturnValue:
    """Change a plan's routine (usual week, runs, run days, goal, easy pace, unit) from today
    on, as its settings page does, and its calendar time; a coach may too. Everything is
    checked before anything is stored. A clearance is refused unless it is the one the plan
    has: it goes through POST .../clearances, on the record, by whom may write."""
    data = bodies.body()
    # The plan's row is locked before it is read for the merge: a PATCH sent at the same time
    # waits here, then merges its fields with this one's, instead of writing back the ones it
    # read before.
    row = store.plans.locked(access.readable_row(plan_id).id) or abort(404)
    today, now = access.owner_today(row), store.plans.spec_of(row)
    changes = bodies.settings_from(data, plan_id=plan_id, recorded=row.clearance)
    routine = bodies.routine_from(data, now)
    with plan_changes.plan_change(row, today):
        if routine is not None and routine != now:
            store.plans.update_plan(row, routine, today)
        store.plans.update_settings(
            row,
            clearance=row.clearance,
            calendar_time=changes.get("calendar_time", row.calendar_time),
        )
    if routine is not None and access.coaches_account(row):
        plan_changes.tell_athlete(row.id, current_user.id, now, routine, today)
    return jsonify(plan_info(row))


@bp.delete(PLAN)
def delete_plan(plan_id: int) -> ResponseReturnValue:
    """Delete a plan with its log."""
    store.plans.delete_plan(access.writable_row(plan_id))
    return "", 204


@bp.get(PLAN + "/plan")
@reads_only
def built_plan(plan_id: int) -> ResponseReturnValue:
    """Return the plan built for the runner's today, in the SPEC §5 JSON shape; the text is
    kept beside the build, by the same key (the plan's log version and settings, the day)."""
    row = access.readable_row(plan_id)
    timezone = access.owner_timezone(row)
    today = clock.today_in(timezone)

    def text() -> str:
        plan = builds.build_state(row, timezone, today).plan
        return str(current_app.json.dumps(plan_to_dict(plan))) + "\n"

    body = cache.plan_json().get_or_make(keys.plan_key(row, today), text)
    return Response(body, mimetype="application/json")
