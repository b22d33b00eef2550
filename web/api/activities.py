"""Watch activities and workouts: upload activity files, list what was recorded, and take a
running day (or the next 14) to the watch as FIT workouts."""

from __future__ import annotations

from datetime import date

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue

from planner.errors import InputError
from planner.logio import activity_to_dict
from web import store
from web.api.blueprint import bp
from web.auth import access
from web.core import clock, downloads
from web.core.db import reads_first, reads_only
from web.core.errors import ApiError
from web.forms import bodies, shapes
from web.services import watch_files
from web.store.models import PlanRow

PLAN = "/plans/<int:plan_id>"
FIT = "application/vnd.ant.fit"


@bp.get(PLAN + "/activities")
@reads_only
def list_activities(plan_id: int) -> ResponseReturnValue:
    """List the activities a watch recorded on a plan, by date."""
    row = access.readable_row(plan_id)
    recorded = store.activities.activities_of([row.id])[row.id]
    return jsonify(activities=[activity_to_dict(a) for a in recorded])


@bp.post(PLAN + "/activities")
@reads_first
def upload_activities(plan_id: int) -> ResponseReturnValue:
    """Add the activities of the files sent as multipart `files`, each once: 201 when any was
    new, 200 when all were there; 415 when the body is not multipart, 422 when no file could
    be read."""
    row = access.writable_row(plan_id)
    timezone = access.owner_timezone(row)
    refused = bodies.files_refused()
    if refused:
        raise ApiError(415, refused, "files")
    files = [f for f in request.files.getlist("files") if f.filename]
    if not files:
        raise ApiError(
            422, "Send one or more activity files as multipart/form-data field files.", "files"
        )
    today = clock.today_in(timezone)
    upload = watch_files.read_uploads(
        [(f.filename or "", f.read()) for f in files], timezone, (row.onset, today)
    )
    if not upload.activities:
        why = "; ".join(upload.problems) or "the files hold no recorded activity"
        raise ApiError(422, f"No activity could be read: {why}", "files")
    most = int(current_app.config["MAX_REPORTS_PER_REQUEST"])
    if len(upload.activities) > most:
        raise ApiError(422, f"At most {most} activities in one upload: send them in parts.")

    def reread() -> PlanRow:
        return access.writable_row(plan_id)

    added, there = watch_files.add_activities(
        row, list(upload.activities), upload.starts, today, reread
    )
    body = jsonify(
        added=[activity_to_dict(a) for a in added],
        already_there=[activity_to_dict(a) for a in there],
        problems=list(upload.problems),
    )
    return body, 201 if added else 200


@bp.get(PLAN + "/days/<when>/workout.fit")
@reads_only
def day_workout(plan_id: int, when: str) -> ResponseReturnValue:
    """A day's running as a FIT workout; 404 (with the reason) for a day without running."""
    state = access.readable_plan(plan_id)
    on: date = shapes.iso_date("date", when)
    try:
        name = watch_files.fit_name(state.plan, on)
        body = watch_files.day_fit(state.plan, on)
    except InputError as problem:
        raise ApiError(404, f"No workout on this day: {problem.message}.", "date") from None
    return downloads.download(body, FIT, name)


@bp.get(PLAN + "/workouts.zip")
@reads_only
def workouts_zip(plan_id: int) -> ResponseReturnValue:
    """The FIT workouts of the running days among the next 14, from the runner's today."""
    state = access.readable_plan(plan_id)
    try:
        body = watch_files.days_zip(state.plan, state.today, watch_files.ZIP_DAYS)
    except InputError as problem:
        raise ApiError(404, f"No workouts to send: {problem.message}.") from None
    return downloads.download(body, "application/zip", watch_files.zip_name(state.today))
