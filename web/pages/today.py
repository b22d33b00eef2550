"""Today: the day's items to tick off, the pain report, and what changed and why."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from planner import halts
from planner.errors import InputError
from planner.model import Plan, Report
from planner.protocol import RED_FLAGS
from planner.reports import with_report
from planner.rules import Rule
from web import store
from web.auth import access, unsent
from web.auth.sessions import login_required
from web.cache import keys, page_cache
from web.core import clock
from web.core.db import reads_first, reads_only
from web.core.errors import wants_json
from web.core.templating import short_date
from web.forms.reports import changed_meanwhile, completion_from, report_from
from web.pages import today_banner, today_card
from web.pages.plans import day_page, form_values
from web.services import builds, plan_changes
from web.services.builds import PlanState
from web.store.models import PlanRow

bp = Blueprint("today", __name__, url_prefix="/plans/<int:plan_id>")


@bp.get("/today")
@reads_only
@login_required
def show(plan_id: int) -> ResponseReturnValue:
    """Show what to do today; a report sent after the session ended comes back filled in."""
    row = access.readable_row(plan_id)
    on = unsent.day_of("today.report", plan_id=plan_id)
    if on is not None:
        return kept_report(row, on)
    reported = request.args.get("reported") == "1"
    key, context = today_page(row, reported)
    # Only the page a report leads to is kept for every process (`report` below).
    return page_cache.render(key, PAGE, context, plan_id if reported else None)


def kept_report(row: PlanRow, on: str) -> ResponseReturnValue:
    """A report sent after the session ended (for the day `on`, "" for today), back on the
    page of its own day to be sent again: Today's, or a missed day's (after midnight,
    yesterday's report is not today's)."""
    state = builds.build_state(row, access.owner_timezone(row))
    if on not in ("", state.today.isoformat()):
        return redirect(url_for("plans.day", plan_id=row.id, when=on))
    kept = unsent.take("today.report", on, plan_id=row.id)
    assert kept is not None  # day_of found it a moment ago
    flash(unsent.message(kept))
    return render_template(PAGE, **page(state), values=kept, errors={}, reported=False)


def today_page(row: PlanRow, reported: bool) -> tuple[Hashable, Callable[[], dict[str, Any]]]:
    """Name the Today page of a plan for this viewer, and give its context (made only when
    the page is not kept: the plan is built for it alone)."""
    timezone = access.owner_timezone(row)
    today = clock.today_in(timezone)

    def context() -> dict[str, Any]:
        state = builds.build_state(row, timezone, today)
        return {
            **page(state),
            "values": form_values(state.report_on(today)),
            "errors": {},
            "reported": reported,
        }

    viewer = (current_user.id, current_user.role, current_user.timezone)
    key = keys.today_page_key(
        request.script_root, row, access.athlete_entry(row), viewer, today, reported
    )
    return key, context


PAGE = "today/show.html"


def page(state: PlanState) -> dict[str, Any]:
    plan, today = state.plan, state.today
    day, done = plan.day_on(today), state.done_on(today)
    reported = [r.date for r in state.log.reports if r.date <= today]
    return {
        "state": state,
        "plan": plan,
        "today": today,
        "day": day,
        "done": done,
        "card": today_card.card(plan, day, done, state.report_on(today)) if day else None,
        "bands": today_card.pain_bands(plan, day),
        "banner": today_banner.banner(
            plan,
            today,
            reported,
            lambda on: builds.without_report(state, on),
            state.log,
        ),
        "timeline": today_card.timeline(plan, day),
        "off_list": today_card.off_list(plan, day, done),
        "notes": store.roster.notes_on(state.row.id, today),
        "resuming": builds.resumes_tomorrow(state),
    }


@bp.post("/report")
@reads_first
@login_required
def report(plan_id: int) -> ResponseReturnValue:
    """Save a report (today's or a missed day's), then build the plan with it and show what
    changed. The form is read before anything is built, and without the write lock; a new red
    flag is asked about before anything is saved; the build after the save is the one the
    redirect shows (cached), made from the log of the build kept for the page before, with
    the report put in, when the report is the one write since (builds.build_after_own_write),
    and with SHARED_PAGES the page it leads to is rendered here and kept for every process."""
    row = access.writable_row(plan_id)
    timezone = access.owner_timezone(row)
    today = clock.today_in(timezone)
    new, errors = report_from(request.form, onset=row.onset, today=today)
    if new is None:
        return refused_report(builds.build_state(row, timezone, today), errors)
    confirmed = request.form.get("confirm") == "red_flag"
    try:
        stored = plan_changes.save_report(
            row,
            new,
            today,
            confirmed=confirmed,
            reread=lambda: access.writable_row(plan_id),
            seen=request.form.get("seen"),
        )
    except plan_changes.FlagsToConfirm as asked:  # nothing is saved until confirmed
        return refused_report(builds.build_state(row, timezone, today), {}, new, asked.flags)
    except store.logs.ReportChanged as changed:  # another page saved the day meanwhile
        refused = {"date": changed_meanwhile(changed.now, new.date)}
        state = builds.build_state(access.writable_row(plan_id), timezone, today)
        return refused_report(state, refused, new, seen=store.logs.report_mark(changed.now))
    after = access.writable_row(plan_id)
    builds.build_after_own_write(row, after, today, lambda log: with_report(log, stored))
    state = builds.build_state(after, timezone, today)
    kept = [flag for flag in stored.flags if flag not in new.flags]
    if kept:  # unticked: say why the flag stays, and how a stop lifts when there is one
        flash(kept_flags(kept, state.plan))
    if state.plan.day_on(new.date) is None:  # before the plan's first day: no page of its own
        return redirect(url_for("history.show", plan_id=plan_id))
    if new.date != today:
        flash(f"Report for {short_date(new.date)} saved.")
        return redirect(url_for("plans.day", plan_id=plan_id, when=new.date.isoformat()))
    key, context = today_page(after, reported=True)  # rendered once, for every process
    page_cache.keep_for_all(key, PAGE, context, plan_id)
    return redirect(url_for("today.show", plan_id=plan_id, reported=1, _anchor="changes"))


def kept_flags(kept: list[str], plan: Plan) -> str:
    """Why an unticked red flag stays; how the stop lifts, when the plan is stopped (a tender
    bone alone switches a tendon plan to the bone rules without stopping it: no form to lift;
    a stop for pain lifts only with a clearance; a condition to refer never runs)."""
    names = ", ".join(f"“{RED_FLAGS[f].label}”" for f in kept)
    said = (
        f"The red flag{'s' if len(kept) > 1 else ''} {names} "
        f"{'stay' if len(kept) > 1 else 'stays'} on the record: a flag once reported is never "
        "removed by saving the day again."
    )
    if plan.stopped_for in (None, Rule.REFER):
        return said
    if plan.stopped_for == Rule.RED_FLAG:
        return f"{said} {KEPT_STOPPED}"
    return f"{said} The plan is stopped for pain: it resumes when a clinician's clearance is recorded on the plan's page."


KEPT_STOPPED = (
    "A stopped plan resumes when a clinician's clearance, or that the flag was a mistake, is "
    "recorded on the plan's page."
)


def refused_report(
    state: builds.PlanState,
    errors: dict[str, str],
    new: Report | None = None,
    confirm: tuple[str, ...] = (),
    seen: str | None = None,
) -> tuple[str, int]:
    """Show the form again, as typed, on the page it came from: with a message per bad field
    (400), with the question a new red flag asks before it is saved (200), or, `seen` given,
    saying that the day's report changed since the page was opened (409; the form then holds
    the new mark, so that a second save replaces the day's report knowingly)."""
    values = {**request.form.to_dict(), "flags": request.form.getlist("flags")}
    if new is not None:  # the day it was read as, should the runner confirm after midnight
        values["date"] = new.date.isoformat()
    if seen is not None:
        values["seen"] = seen
    switching = new is not None and halts.switches_to_bone(new.flags, state.plan.protocol)
    asked = {"values": values, "errors": errors, "confirm": confirm, "switching": switching}
    status = 409 if seen is not None else 400 if errors else 200
    missed = missed_day(state, request.form.get("date", ""))
    if missed is not None:
        return render_template("plans/day.html", **day_page(state, missed), **asked), status
    return render_template(PAGE, **page(state), **asked, reported=False), status


def missed_day(state: PlanState, text: str) -> date | None:
    """Return the past plan day a report form came from, or None (Today's form)."""
    try:
        on = date.fromisoformat(text)
    except ValueError:
        return None
    return on if state.plan.day_on(on) is not None and on < state.today else None


@bp.post("/done")
@login_required
def done(plan_id: int) -> ResponseReturnValue:
    """Tick an item off (or untick it); answers JSON to the page's script, else redirects."""
    state = access.writable_plan(plan_id)

    def keys_on(when: date) -> set[str]:
        day = state.plan.day_on(when)
        return {item.key for item in day.items} if day else set()

    try:
        when, item, is_done = completion_from(
            request.form, keys_on=keys_on, onset=state.spec.onset, today=state.today
        )
    except InputError as error:
        if wants_json():
            return jsonify(ok=False, field=error.field, message=error.message), 400
        return render_template(
            "error.html", code=400, name="Bad Request", message=error.message
        ), 400
    store.logs.set_done(state.row.id, when, item, is_done)
    if wants_json():
        return jsonify(ok=True, item=item, date=when.isoformat(), done=is_done)
    if when == state.today:
        return redirect(url_for("today.show", plan_id=plan_id, _anchor=f"item-{item}"))
    return redirect(url_for("plans.day", plan_id=plan_id, when=when.isoformat()))
