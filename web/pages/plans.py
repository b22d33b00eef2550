"""The plan as a whole: the calendar, one day, the printable plan, and its settings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from planner import conditions
from planner.errors import InputError
from planner.model import Day, Log, Report
from planner.validation import parse_date
from web import store
from web.auth import access
from web.auth.sessions import login_required
from web.core import clock
from web.core.db import reads_only
from web.forms.wizard import parse_time
from web.services.builds import PlanState

bp = Blueprint("plans", __name__, url_prefix="/plans/<int:plan_id>")


@bp.get("")
@reads_only
@login_required
def calendar(plan_id: int) -> ResponseReturnValue:
    """Show the whole plan week by week, phases in colour and in words."""
    state = access.readable_plan(plan_id)
    return render_template("plans/calendar.html", **calendar_page(state), lift={})


def calendar_page(state: PlanState) -> dict[str, Any]:
    """Gather what the plan's page shows; a halted plan adds what may lift the halt."""
    done_by_day: dict[date, set[str]] = {}
    for completion in state.log.completions:
        done_by_day.setdefault(completion.date, set()).add(completion.item)
    reported = {r.date: r for r in state.log.reports}
    return {
        "state": state,
        "plan": state.plan,
        "weeks": weeks(state.plan.days),
        "done_by_day": done_by_day,
        "reported": reported,
        "condition": conditions.get(state.spec.condition),
        "open_flags": open_flags(state.log),
    }


def open_flags(log: Log) -> list[tuple[date, str]]:
    """Return the (day, flag) of every reported red flag not yet recorded as a mistake."""
    retracted = {(r.date, r.flag) for r in log.retractions}
    return [
        (r.date, flag)
        for r in sorted(log.reports, key=lambda r: r.date)
        for flag in r.flags
        if (r.date, flag) not in retracted
    ]


def weeks(days: Sequence[Day]) -> list[list[Any]]:
    """Lay the days out Monday to Sunday; None pads the first and last weeks."""
    if not days:
        return []
    padded = [None] * days[0].date.weekday() + list(days)
    padded += [None] * (-len(padded) % 7)
    return [padded[i : i + 7] for i in range(0, len(padded), 7)]


@bp.get("/days/<when>")
@reads_only
@login_required
def day(plan_id: int, when: str) -> ResponseReturnValue:
    """Show one day: its items, its report and the decisions made on it."""
    state = access.readable_plan(plan_id)
    try:
        on = date.fromisoformat(when)
    except ValueError:
        abort(404)
    if state.plan.day_on(on) is None:
        abort(404)
    return render_template(
        "plans/day.html", **day_page(state, on), values=form_values(state.report_on(on)), errors={}
    )


def day_page(state: PlanState, on: date) -> dict[str, Any]:
    """Gather what the day page shows; a past day without Today's page takes a report."""
    plan_day = state.plan.day_on(on)
    neighbours = [state.plan.day_on(on + timedelta(days=d)) for d in (-1, 1)]
    return {
        "state": state,
        "plan": state.plan,
        "day": plan_day,
        "done": state.done_on(on),
        "report": state.report_on(on),
        "changes": state.plan.decisions_on(on),
        "today": state.today,
        "previous": neighbours[0],
        "following": neighbours[1],
        "notes": store.roster.notes_on(state.row.id, on),
        "can_report": on < state.today
        and plan_day is not None
        and not plan_day.projected
        and access.may_write_log(state.row),
    }


def form_values(report: Report | None) -> dict[str, Any]:
    """Fill the report form with a saved report, or leave it empty."""
    if report is None:
        return {"flags": []}
    values = {k: "" if v is None else str(v) for k, v in vars(report).items()}
    return {**values, "flags": list(report.flags)}


@bp.get("/print")
@reads_only
@login_required
def printable(plan_id: int) -> ResponseReturnValue:
    """Show the plan as a list of days for paper."""
    state = access.readable_plan(plan_id)
    return render_template(
        "plans/print.html",
        state=state,
        plan=state.plan,
        condition=conditions.get(state.spec.condition),
    )


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings(plan_id: int) -> ResponseReturnValue:
    """Record a clinician's clearance and the time the plan sits in the calendar."""
    row = access.readable_row(plan_id)  # a coach may change the settings too
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            clearance = _clearance(request.form.get("clearance", ""), row.onset)
            at = parse_time("calendar_time", request.form.get("calendar_time", ""))
        except InputError as error:
            errors[error.field] = error.message
        else:
            store.plans.update_settings(row, clearance=clearance, calendar_time=at)
            flash("Plan settings saved.")
            return redirect(url_for("plans.settings", plan_id=plan_id))
    values = (
        request.form
        if request.method == "POST"
        else {
            "clearance": row.clearance.isoformat() if row.clearance else "",
            "calendar_time": row.calendar_time.strftime("%H:%M") if row.calendar_time else "",
        }
    )
    return render_template(
        "plans/settings.html",
        row=row,
        values=values,
        errors=errors,
        condition=conditions.get(row.condition),
    ), 400 if errors else 200


def _clearance(text: str, onset: date) -> date | None:
    if not text.strip():
        return None
    cleared = parse_date("clearance", text)
    if cleared < onset:
        raise InputError("clearance", "A clearance cannot come before the pain began.")
    if cleared > clock.runner_today():
        raise InputError("clearance", "Record a clearance once you have it (not in the future).")
    return cleared
