"""Take the log away (JSON in the SPEC §5 format, or CSV) and bring it back (JSON import)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import login_required

from planner.errors import InputError
from planner.logio import log_to_dict
from planner.validation import PAIN_FIELDS
from web import service, store
from web.api import parse
from web.db import reads_only
from web.spreadsheet import csv_text

bp = Blueprint("exports", __name__, url_prefix="/plans/<int:plan_id>")
CSV_COLUMNS = ("record", "date", *PAIN_FIELDS, "flags", "note", "item")


@bp.get("/export.json")
@reads_only
@login_required
def export_json(plan_id: int):
    """Download the log as JSON."""
    row = service.readable_row(plan_id)
    body = json.dumps(log_to_dict(store.load_log(row)), indent=2, ensure_ascii=False)
    return _download(body + "\n", "application/json", f"plan-{plan_id}-log.json")


@bp.get("/export.csv")
@reads_only
@login_required
def export_csv(plan_id: int):
    """Download the log as CSV: one row per report or check-off."""
    data = log_to_dict(store.load_log(service.readable_row(plan_id)))
    rows = [{**report, "record": "report", "flags": " ".join(report["flags"])}
            for report in data["reports"]]
    rows += [{**completion, "record": "completion"} for completion in data["completions"]]
    return _download(csv_text(CSV_COLUMNS, rows), "text/csv; charset=utf-8",
                     f"plan-{plan_id}-log.csv")


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_log(plan_id: int):
    """Show the exports; replace the log with an uploaded JSON file (a bad file changes nothing).

    A coach who may only read the plan sees the exports without the import form."""
    row = service.readable_row(plan_id) if request.method == "GET" else service.writable_row(plan_id)
    error = None
    if request.method == "POST":
        try:
            log = parse.storable_log(_read_upload(), onset=row.onset, today=service.runner_today())
        except InputError as problem:
            error = f"{problem.field}: {problem.message}"
        else:
            store.replace_log(row, log)
            flash(f"Imported {len(log.reports)} reports and {len(log.completions)} check-offs.")
            return redirect(url_for("plans.calendar", plan_id=plan_id))
    return render_template("exports/import.html", row=row, error=error), 400 if error else 200


def _read_upload() -> object:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InputError("file", "Choose a JSON file exported from this app.")
    return parse.loads(upload.read(), "file")
