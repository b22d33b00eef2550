"""Today: the day's items to tick off, the pain report, and what changed and why."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from planner.errors import InputError
from planner.protocol import RED_FLAGS
from web import clock, page_cache, service, store
from web.db import reads_only
from web.models import PlanRow, column_values
from web.plans import day_page, form_values
from web.reports import completion_from, report_from
from web.templating import short_date

bp = Blueprint("today", __name__, url_prefix="/plans/<int:plan_id>")


@bp.get("/today")
@reads_only
@login_required
def show(plan_id: int):
    """Show what to do today."""
    row = service.readable_row(plan_id)
    timezone = service.owner_timezone(row)
    today = clock.today_in(timezone)
    reported = request.args.get("reported") == "1"

    def context() -> dict:  # only when the page is not kept: the plan is built for it alone
        state = service.build_state(row, timezone, today)
        return {**page(state), "values": form_values(state.report_on(today)), "errors": {},
                "reported": reported}

    return page_cache.render(page_key(row, today, reported), PAGE, context)


PAGE = "today/show.html"


def page_key(row: PlanRow, today: date, reported: bool) -> tuple:
    """Name all that Today shows (web.page_cache): the stored plan with its log version (which
    coach notes bump too) and settings, the viewer, their roster entry for its runner, the
    day, and whether a report has just been saved."""
    return (PAGE, request.script_root, column_values(row),
            column_values(service.athlete_entry(row)),
            (current_user.id, current_user.role, current_user.timezone), today, reported)


def page(state) -> dict:
    plan, today = state.plan, state.today
    earlier = [d for d in plan.decisions if d.date < today]
    return {"state": state, "plan": plan, "today": today, "day": plan.day_on(today),
            "done": state.done_on(today), "changes": plan.decisions_on(today),
            "last_change": earlier[-1] if earlier else None,
            "notes": store.notes_on(state.row.id, today)}


@bp.post("/report")
@login_required
def report(plan_id: int):
    """Save a report (today's or a missed day's), rebuild the plan and show what changed."""
    state = service.writable_plan(plan_id)
    new, errors = report_from(request.form, onset=state.spec.onset, today=state.today)
    fresh = new_flags(state, new)
    if errors or (fresh and request.form.get("confirm") != "red_flag"):
        # Nothing is saved: a bad field is named, and a new red flag is asked about first.
        values = {**request.form.to_dict(), "flags": request.form.getlist("flags")}
        if new is not None:  # the day it was read as, should the runner confirm after midnight
            values["date"] = new.date.isoformat()
        asked = {"values": values, "errors": errors, "confirm": () if errors else fresh}
        missed = missed_day(state, request.form.get("date", ""))
        if missed is not None:
            return render_template("plans/day.html", **day_page(state, missed), **asked), \
                400 if errors else 200
        return render_template(PAGE, **page(state), **asked, reported=False), \
            400 if errors else 200
    stored = store.save_report(state.row.id, new)
    kept = [flag for flag in stored.flags if flag not in new.flags]
    if kept:  # unticked: say why the flag stays and how a halt lifts
        flash(KEPT_FLAGS.format(flags=", ".join(f"“{RED_FLAGS[f].label}”" for f in kept),
                                s="s" if len(kept) > 1 else "",
                                stay="stay" if len(kept) > 1 else "stays"))
    if state.plan.day_on(new.date) is None:  # before the plan's first day: no page of its own
        return redirect(url_for("history.show", plan_id=plan_id))
    if new.date != state.today:
        flash(f"Report for {short_date(new.date)} saved.")
        return redirect(url_for("plans.day", plan_id=plan_id, when=new.date.isoformat()))
    return redirect(url_for("today.show", plan_id=plan_id, reported=1, _anchor="changes"))


KEPT_FLAGS = ("The red flag{s} {flags} {stay} on the record: a flag once reported is never removed "
              "by saving the day again. A stopped plan resumes when a clinician's clearance, or "
              "that the flag was a mistake, is recorded on the plan's page.")


def new_flags(state, new) -> tuple[str, ...]:
    """Return the red flags of a report that its day does not carry yet (none on a bad one)."""
    if new is None:
        return ()
    earlier = state.report_on(new.date)
    return tuple(f for f in new.flags if earlier is None or f not in earlier.flags)


def missed_day(state, text: str):
    """Return the past plan day a report form came from, or None (Today's form)."""
    try:
        on = date.fromisoformat(text)
    except ValueError:
        return None
    return on if state.plan.day_on(on) is not None and on < state.today else None


@bp.post("/done")
@login_required
def done(plan_id: int):
    """Tick an item off (or untick it); answers JSON to the page's script, else redirects."""
    state = service.writable_plan(plan_id)

    def keys_on(when):
        day = state.plan.day_on(when)
        return {item.key for item in day.items} if day else set()

    try:
        when, item, is_done = completion_from(request.form, keys_on=keys_on,
                                              onset=state.spec.onset, today=state.today)
    except InputError as error:
        if wants_json():
            return jsonify(ok=False, field=error.field, message=error.message), 400
        return render_template("error.html", code=400, name="Bad Request",
                               message=error.message), 400
    store.set_done(state.row.id, when, item, is_done)
    if wants_json():
        return jsonify(ok=True, item=item, date=when.isoformat(), done=is_done)
    if when == state.today:
        return redirect(url_for("today.show", plan_id=plan_id, _anchor=f"item-{item}"))
    return redirect(url_for("plans.day", plan_id=plan_id, when=when.isoformat()))


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"
