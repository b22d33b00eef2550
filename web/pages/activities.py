"""The plan's watch page: upload activity files (several at once, .gz, .zip), see what the watch
recorded, and take the running days to the watch as FIT workouts (a day, or the next 14)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from planner.errors import InputError
from web import store
from web.auth import access
from web.auth.sessions import login_required
from web.core import clock, db, downloads
from web.core.db import reads_first, reads_only
from web.forms import bodies
from web.services import builds, watch_files
from web.store.models import PlanRow

bp = Blueprint("activities", __name__, url_prefix="/plans/<int:plan_id>")
PAGE = "plans/watch.html"
FIT = "application/vnd.ant.fit"
SHOWN = 60  # the latest activities listed on the page; the log export holds them all


@bp.get("/watch")
@reads_only
@login_required
def page(plan_id: int) -> ResponseReturnValue:
    """Show the upload form (to whoever may write the log), the recorded activities and the
    workout downloads."""
    return render_template(PAGE, **page_context(access.readable_row(plan_id)))


def page_context(row: PlanRow) -> dict[str, object]:
    recorded = store.activities.activities_of([row.id])[row.id]
    state = builds.build_state(row, access.owner_timezone(row))
    return {
        "row": row,
        "recorded": tuple(reversed(recorded))[:SHOWN],
        "held": len(recorded),
        "zip_days": watch_files.ZIP_DAYS,
        # the download is offered only when it holds a workout (none: it would answer 404)
        "runs_ahead": watch_files.running_days(state.plan, state.today, watch_files.ZIP_DAYS),
        "result": None,
        "error": None,
    }


@bp.post("/activities")
@reads_first
@login_required
def upload(plan_id: int) -> ResponseReturnValue:
    """Add the activities of the uploaded files, each once: show what was added, what was
    already there, and one line per file that could not be read."""
    row = access.writable_row(plan_id)
    timezone = access.owner_timezone(row)
    refused = bodies.files_refused()
    if refused:
        return _refused(row, refused, 415)
    files = [f for f in request.files.getlist("files") if f.filename]
    if not files:
        return _refused(row, "Choose one or more activity files (.fit, .gpx, .tcx, .gz or .zip).")
    today = clock.today_in(timezone)
    upload = watch_files.read_uploads(
        [(f.filename or "", f.read()) for f in files], timezone, (row.onset, today)
    )
    most = int(current_app.config["MAX_REPORTS_PER_REQUEST"])
    if len(upload.activities) > most:
        return _refused(row, f"At most {most} activities in one upload: send them in parts.")

    def reread() -> PlanRow:
        return access.writable_row(plan_id)

    try:
        added, there = watch_files.add_activities(
            row, list(upload.activities), upload.starts, today, reread
        )
    except InputError as problem:
        db.read_phase()
        return _refused(access.writable_row(plan_id), problem.message)
    db.read_phase()
    context = page_context(access.writable_row(plan_id))
    context["result"] = {"added": added, "there": there, "problems": upload.problems}
    status = 400 if upload.problems and not upload.activities else 200
    return render_template(PAGE, **context), status


def _refused(row: PlanRow, message: str, status: int = 400) -> tuple[str, int]:
    context = page_context(row)
    context["error"] = message
    return render_template(PAGE, **context), status


@bp.get("/days/<when>/workout.fit")
@reads_only
@login_required
def day_workout(plan_id: int, when: str) -> ResponseReturnValue:
    """Download a day's running as a FIT workout; 404 with the reason for a day without."""
    state = access.readable_plan(plan_id)
    try:
        on = date.fromisoformat(when)
    except ValueError:
        abort(404)
    try:
        name = watch_files.fit_name(state.plan, on)
        body = watch_files.day_fit(state.plan, on)
    except InputError as problem:
        abort(404, f"No workout to send to the watch: {problem.message}.")
    return downloads.download(body, FIT, name)


@bp.get("/workouts.zip")
@reads_only
@login_required
def workouts_zip(plan_id: int) -> ResponseReturnValue:
    """Download the FIT workouts of the running days among the next 14, from the owner's today."""
    state = access.readable_plan(plan_id)
    first = state.today
    try:
        body = watch_files.days_zip(state.plan, first, watch_files.ZIP_DAYS)
    except InputError as problem:
        abort(404, f"No workouts to send to the watch: {problem.message}.")
    return downloads.download(body, "application/zip", watch_files.zip_name(first))
