"""The log: reports (one per day, upserted), check-offs, and the whole log in SPEC §5 form."""

from __future__ import annotations

from datetime import date

from flask import jsonify
from flask.typing import ResponseReturnValue

from planner.errors import InputError
from planner.logio import log_to_dict
from planner.model import Log
from planner.protocol import RED_FLAGS
from web import store
from web.api.blueprint import bp
from web.api.plans import PLAN
from web.auth import access
from web.core.db import reads_first, reads_only
from web.core.errors import ApiError
from web.forms import bodies, shapes
from web.forms.limits import MAX_ITEM
from web.services import builds, log_merge, plan_changes
from web.store import records
from web.store.models import PlanRow


@bp.get(PLAN + "/reports")
@reads_only
def list_reports(plan_id: int) -> ResponseReturnValue:
    """List a plan's reports, oldest first."""
    return jsonify(
        reports=log_to_dict(store.logs.load_log(access.readable_row(plan_id)))["reports"]
    )


@bp.post(PLAN + "/reports")
@reads_first
def save_report(plan_id: int) -> ResponseReturnValue:
    """Store a day's report; sending the same day again replaces it, keeping its red flags.

    A red flag new to its day is saved only once confirmed (409), as the web form asks first."""
    row = access.writable_row(plan_id)
    today = access.owner_today(row)
    data = bodies.body()
    confirmed = red_flag_confirmed(data)
    report = bodies.report_from(data, onset=row.onset, today=today)
    try:
        stored = plan_changes.save_report(
            row, report, today, confirmed=confirmed, reread=lambda: access.writable_row(plan_id)
        )
    except plan_changes.FlagsToConfirm as asked:
        labels = ", ".join(f"“{RED_FLAGS[flag].label}”" for flag in asked.flags)
        raise ApiError(409, UNCONFIRMED_FLAG.format(flags=labels), "confirm") from None
    return jsonify(log_to_dict(Log(reports=(stored,)))["reports"][0])


def red_flag_confirmed(data: dict[str, object]) -> bool:
    """Take `confirm` out of a report's body: "red_flag" confirms its red flags, nothing else."""
    if "confirm" not in data:
        return False
    if data.pop("confirm") != CONFIRM:
        raise InputError(
            "confirm", f'Send "confirm": "{CONFIRM}" to record a red flag, or leave it out.'
        )
    return True


CONFIRM = "red_flag"
UNCONFIRMED_FLAG = (
    "Nothing was saved: this report carries a red flag ({flags}), and a red flag stops the "
    "plan. Running is off until a doctor or physiotherapist clears the runner, and the flag "
    'stays on the record. To record it, send the same report again with "confirm": "red_flag".'
)


@bp.delete(PLAN + "/reports/<when>")
def delete_report(plan_id: int, when: str) -> ResponseReturnValue:
    """Delete a day's report, unless it carries a red flag (those stay on the record)."""
    row = access.writable_row(plan_id)
    day = shapes.iso_date("date", when)
    with plan_changes.plan_change(row, access.owner_today(row), since=day) as change:
        outcome = records.delete_report(row.id, day)
        change.written = outcome == "deleted"
    if outcome == "missing":
        raise ApiError(404, f"There is no report on {when}.", "date")
    if outcome == "flagged":
        raise ApiError(409, KEPT_FLAG.format(when=when, plan_id=plan_id), "date")
    return "", 204


KEPT_FLAG = (
    "The report on {when} carries a red flag, and red flags stay on the record. A "
    "stopped plan resumes when you record a clinician's clearance "
    "(POST /plans/{plan_id}/clearances) or, if the flag was a mistake, confirm that "
    "(POST /plans/{plan_id}/retractions)."
)


@bp.post(PLAN + "/clearances")
def add_clearance(plan_id: int) -> ResponseReturnValue:
    """Record a clinician's clearance: 201 the first time, 200 when it was already recorded."""
    row = access.writable_row(plan_id)
    today = access.owner_today(row)
    clearance = bodies.clearance_from(bodies.body(), onset=row.onset, today=today)
    with plan_changes.plan_change(row, today, since=clearance.date) as change:
        created = change.written = records.add_clearance(row.id, clearance)
    return jsonify(date=clearance.date.isoformat(), note=clearance.note), 201 if created else 200


@bp.post(PLAN + "/retractions")
def add_retraction(plan_id: int) -> ResponseReturnValue:
    """Record, confirmed, that a red flag was a mistake: 201, or 200 when already recorded."""
    row = access.writable_row(plan_id)
    today = access.owner_today(row)
    retraction = bodies.retraction_from(bodies.body(), stored=store.logs.load_log(row), today=today)
    with plan_changes.plan_change(row, today, since=retraction.date) as change:
        created = change.written = records.add_retraction(row.id, retraction)
    return jsonify(
        log_to_dict(Log(retractions=(retraction,)))["retractions"][0]
    ), 201 if created else 200


@bp.get(PLAN + "/completions")
@reads_only
def list_completions(plan_id: int) -> ResponseReturnValue:
    """List a plan's check-offs by day and item."""
    log = store.logs.load_log(access.readable_row(plan_id))
    return jsonify(completions=log_to_dict(log)["completions"])


@bp.post(PLAN + "/completions")
def add_completion(plan_id: int) -> ResponseReturnValue:
    """Tick an item off: 201 the first time, 200 when it was already ticked."""
    state = access.writable_plan(plan_id)

    def keys_on(when: date) -> set[str]:
        day = state.plan.day_on(when)
        return {item.key for item in day.items} if day else set()

    when, item = bodies.completion_from(
        bodies.body(), keys_on=keys_on, onset=state.spec.onset, today=state.today
    )
    created = store.logs.add_completion(state.row.id, when, item)
    return jsonify(date=when.isoformat(), item=item), 201 if created else 200


@bp.delete(PLAN + "/completions/<when>/<item>")
def delete_completion(plan_id: int, when: str, item: str) -> ResponseReturnValue:
    """Untick an item; unticking what is not ticked is harmless."""
    row = access.writable_row(plan_id)
    day = shapes.iso_date("date", when)
    store.logs.set_done(row.id, day, bodies.text("item", item, MAX_ITEM), False)
    return "", 204


@bp.get(PLAN + "/log")
@reads_only
def export_log(plan_id: int) -> ResponseReturnValue:
    """Return the whole log in the SPEC §5 format."""
    return jsonify(log_to_dict(store.logs.load_log(access.readable_row(plan_id))))


@bp.put(PLAN + "/log")
@reads_first
def import_log(plan_id: int) -> ResponseReturnValue:
    """Merge a log into the plan's (nothing is deleted); a bad log changes nothing.

    Checked before the write lock is taken: a log of thousands of records keeps nobody else's
    writes waiting."""
    data = bodies.body()

    def read(onset: date, today: date) -> Log:
        log_merge.check_request_size(data)
        return bodies.log_from(data, onset=onset, today=today)

    def row_of() -> PlanRow:
        return access.writable_row(plan_id)

    row = row_of()
    today = access.owner_today(row)
    try:
        with plan_changes.plan_change(row, today, reread=row_of) as change:
            result = builds.merge_log(row_of, read, today)
            change.written = not result.empty
    except log_merge.LogChanged:
        raise ApiError(
            409, "The log kept changing while this one was checked; send it again."
        ) from None
    return jsonify(log_to_dict(result.log))
