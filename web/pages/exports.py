"""Take the log away (JSON in the SPEC §5 format, or CSV) and bring it back (JSON import)."""

from __future__ import annotations

import codecs
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from planner.errors import InputError
from planner.logio import log_to_dict
from planner.model import Log
from planner.validation import PAIN_FIELDS
from web import store
from web.auth import access
from web.auth.sessions import login_required
from web.core import db, downloads, guards
from web.core.db import reads_first, reads_only
from web.core.spreadsheet import csv_text
from web.core.templating import PAIN_LABELS
from web.forms import bodies
from web.services import builds, log_merge, plan_changes
from web.store.models import PlanRow

bp = Blueprint("exports", __name__, url_prefix="/plans/<int:plan_id>")
CSV_COLUMNS = (
    "record",
    "date",
    *PAIN_FIELDS,
    "flags",
    "note",
    "item",
    "recorded",
    "sport",
    "minutes",
    "distance_km",
)


@bp.get("/export.json")
@reads_only
@login_required
def export_json(plan_id: int) -> ResponseReturnValue:
    """Download the log as JSON."""
    row = access.readable_row(plan_id)
    body = json.dumps(log_to_dict(store.logs.load_log(row)), indent=2, ensure_ascii=False)
    return downloads.download(body + "\n", "application/json", f"plan-{plan_id}-log.json")


@bp.get("/export.csv")
@reads_only
@login_required
def export_csv(plan_id: int) -> ResponseReturnValue:
    """Download the log as CSV: one row per report, check-off, clearance, retraction or
    activity recorded by a watch (its file's name as the note)."""
    data = log_to_dict(store.logs.load_log(access.readable_row(plan_id)))
    rows = [
        {**report, "record": "report", "flags": " ".join(report["flags"])}
        for report in data["reports"]
    ]
    rows += [{**completion, "record": "completion"} for completion in data["completions"]]
    rows += [{**clearance, "record": "clearance"} for clearance in data.get("clearances", [])]
    rows += [
        {
            "record": "retraction",
            "date": r["date"],
            "flags": r["flag"],
            "note": r["reason"],
            "recorded": r["recorded"],
        }
        for r in data.get("retractions", [])
    ]
    rows += [
        {
            "record": "activity",
            "date": a["date"],
            "sport": a["sport"],
            "minutes": a["moving_minutes"],
            "distance_km": a["distance_km"],
            "note": a["source"],
        }
        for a in data.get("activities", [])
    ]
    return downloads.download(csv_text(CSV_COLUMNS, rows), "text/csv", f"plan-{plan_id}-log.csv")


@bp.route("/import", methods=["GET", "POST"])
@reads_only
@login_required
def import_log(plan_id: int) -> ResponseReturnValue:
    """Show the exports; show what an uploaded JSON log would add and change (nothing yet).

    A coach who may only read the plan sees the exports without the import form."""
    if request.method == "GET":
        return render_template(IMPORT, row=access.readable_row(plan_id), error=None)
    row = access.writable_row(plan_id)
    try:
        result = builds.planned_merge(row, reader(_read_upload()), access.owner_today(row))
    except InputError as problem:
        return render_template(IMPORT, row=row, error=_message(problem)), 400
    return preview(row, result)


@bp.post("/import/confirm")
@reads_first
@login_required
def confirm_import(plan_id: int) -> ResponseReturnValue:
    """Merge the previewed log into the plan's: added and changed, nothing deleted."""
    row = access.writable_row(plan_id)
    today = access.owner_today(row)
    try:
        data = bodies.loads(request.form.get("log", "").encode("utf-8", "replace"), "file")
        result = builds.planned_merge(row, reader(data), today)
    except InputError as problem:
        return render_template(IMPORT, row=row, error=_message(problem)), 400
    seen = guards.parse_id(request.form.get("version"))
    if seen == row.log_version and _merged(
        row, result, today, lambda: access.writable_row(plan_id)
    ):
        flash(
            f"Imported: {counted(len(result.added), 'report')} added, "
            f"{len(result.changed)} changed, {counted(len(result.completions), 'check-off')} "
            f"added, {counted(len(result.activities), 'watch activity', 'watch activities')} "
            "added. Everything already stored was kept."
        )
        return redirect(url_for("plans.calendar", plan_id=plan_id))
    if seen == row.log_version:  # the log changed between the check and the write
        db.read_phase()
        row = access.writable_row(plan_id)
        result = builds.planned_merge(row, reader(data), access.owner_today(row))
    return preview(row, result, changed=True), 409


IMPORT = "exports/import.html"


def _merged(
    row: PlanRow, result: store.records.Merge, today: date, reread: Callable[[], PlanRow]
) -> bool:
    """Write a checked merge, telling a change of plan; False if the log changed meanwhile."""
    with plan_changes.plan_change(row, today, reread=reread) as change:
        merged = builds.write_merge(row, result)
        change.written = merged and not result.empty
    return merged


def reader(data: object) -> Callable[[date, date], Log]:
    """Return how an import reads its log, once the plan's onset and today are known."""

    def read(onset: date, today: date) -> Log:
        log_merge.check_request_size(data)
        return bodies.storable_log(data, onset=onset, today=today)

    return read


def preview(row: PlanRow, result: store.records.Merge, changed: bool = False) -> str:
    """Show what the import would add, change and keep, and ask to confirm."""
    log = json.dumps(log_to_dict(result.incoming), ensure_ascii=False)
    days = Counter(report.date for report in result.incoming.reports)
    combined = sorted(day for day, count in days.items() if count > 1)
    return render_template(
        "exports/preview.html", row=row, result=result, log=log, changed=changed, combined=combined
    )


def _message(problem: InputError) -> str:
    """Name the entry at fault in words ("report 1, pain at rest: ..."), not as a JSON path."""
    where = _place(problem.field)
    return f"{where}: {problem.message}" if where else problem.message


ENTRIES = {
    "reports": "report",
    "completions": "check-off",
    "activities": "watch activity",
    "clearances": "clearance",
    "retractions": "red flag recorded as a mistake",
}
_PATH = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?$")


def _place(field: str) -> str:
    """A log field's path as words: "reports[0].pain_rest" is "report 1, pain at rest"."""
    if field == "file":
        return ""
    found = _PATH.match(field)
    if found is None or found.group(1) not in ENTRIES:
        return field.replace("_", " ")
    entry, number, name = found.groups()
    words = f"{ENTRIES[entry]} {int(number) + 1}"
    if name:
        label = PAIN_LABELS.get(name, name.replace("_", " ")).lower()
        words += f", {label}"
    return words.capitalize()


NOT_JSON = "This is not a JSON log. The import takes a plan's JSON export (a .json file)."
CSV_EXPORT = " The CSV export is for spreadsheets and cannot be imported."


def _read_upload() -> object:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InputError("file", "Choose a JSON file exported from this app.")
    data = upload.read().removeprefix(codecs.BOM_UTF8)  # as some editors save UTF-8
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Notepad's "Unicode"
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError(
                "file", "This UTF-16 text cannot be read: save the file as UTF-8 and import that."
            ) from None
    if not data.strip():
        raise InputError("file", "This file is empty: choose a plan's JSON export.")
    if not data.lstrip().startswith((b"{", b"[")):
        table = data.lstrip().split(b"\n", 1)[0].count(b",") >= 2  # a spreadsheet's first row
        raise InputError("file", NOT_JSON + (CSV_EXPORT if table else ""))
    return bodies.loads(data, "file")


def counted(count: int, one: str, many: str = "") -> str:
    """ "1 report", "2 reports": a count with its noun."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
