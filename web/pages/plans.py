"""The plan as a whole: the calendar, one day, the printable plan, and its settings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from planner import conditions
from planner import protocol as P
from planner.errors import InputError
from planner.model import Clearance, Day, Log, Phase, Plan, PlanSpec, Report
from planner.rules import Rule
from planner.units import in_unit
from planner.validation import parse_date, parse_pace, parse_unit, parse_volume
from planner.wording import percent
from web import store
from web.auth import access, unsent
from web.auth.sessions import login_required
from web.core.db import reads_only
from web.core.templating import long_date, tenth
from web.forms.checks import Checks, at_pace, errors_of
from web.forms.reports import clearance_lifting, settings_clearance
from web.forms.shapes import pace_text
from web.forms.wizard import (
    check_onset,
    check_start,
    decimal_point,
    parse_time,
    runs_and_days,
    whole_minutes,
)
from web.pages import today_card
from web.services import builds, plan_changes
from web.services.builds import PlanState
from web.store import records
from web.store.models import PlanRow

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
    # As Today counts: ticks of what may be ticked off (no note), still on the day.
    items = {day.date: {i.key for i in day.items if i.tickable} for day in state.plan.days}
    done_by_day: dict[date, set[str]] = {}
    for completion in state.log.completions:
        if completion.item in items.get(completion.date, ()):
            done_by_day.setdefault(completion.date, set()).add(completion.item)
    reported = {r.date: r for r in state.log.reports}
    laid_out = weeks(state.plan.days)
    return {
        "state": state,
        "plan": state.plan,
        "weeks": laid_out,
        "totals": [week_total(week) for week in laid_out],
        "changed": changed_days(state.plan),
        "done_by_day": done_by_day,
        "tickable": {when: len(keys) for when, keys in items.items()},
        "reported": reported,
        "condition": conditions.get(state.spec.condition),
        "open_flags": open_flags(state.log, state.plan),
        "resuming": builds.resumes_tomorrow(state),
        "status": builds.status_of(state),
        "status_words": builds.STATUS_WORDS,
        "ramp_from": next((d.date for d in state.plan.days if d.phase == Phase.RAMP), None),
        "growth": percent(P.RAMP_WEEKLY_GROWTH),
    }


def open_flags(log: Log, plan: Plan) -> list[tuple[date, str]]:
    """Return the (day, flag) of every red flag of the stop in force not yet recorded as a
    mistake: those reported since it began (a flag of an earlier stop, lifted, is not its; a
    condition to refer is stopped from the start, and its flags told before it are its)."""
    if not plan.stopped_by:
        return []
    began = date.min if plan.stopped_for == Rule.REFER else plan.stopped_by[0].date
    return [(day, flag) for day, flag in log.standing_flags() if day >= began]


def changed_days(plan: Plan) -> set[date]:
    """Return the days whose plan a decision changed; a projected day's reasoning is no change."""
    return {d.date for d in plan.decisions if not _projected(plan, d.date)}


def _projected(plan: Plan, on: date) -> bool:
    day = plan.day_on(on)
    return day is not None and day.projected


@dataclass(frozen=True)
class WeekTotal:
    """A calendar week's running in minutes: planned, and run when the watch recorded any."""

    planned: float
    ran: float | None


def week_total(week: Sequence[Day | None]) -> WeekTotal:
    days = [d for d in week if d is not None]
    recorded = [d.actual for d in days if d.actual is not None]
    return WeekTotal(
        planned=sum(d.run_minutes for d in days),
        ran=sum(a.run_minutes for a in recorded) if recorded else None,
    )


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
    values = form_values(state.report_on(on))
    shown = day_page(state, on)
    kept = unsent.take("today.report", when, plan_id=plan_id) if shown["can_report"] else None
    if kept is not None:  # sent for this day after the session ended
        flash(unsent.message(kept))
        values = kept
    return render_template("plans/day.html", **shown, values=values, errors={})


def day_page(state: PlanState, on: date) -> dict[str, Any]:
    """Gather what the day page shows; a past day without Today's page takes a report."""
    plan_day = state.plan.day_on(on)
    projected = plan_day is not None and plan_day.projected
    neighbours = [state.plan.day_on(on + timedelta(days=d)) for d in (-1, 1)]
    done = state.done_on(on)
    return {
        "state": state,
        "plan": state.plan,
        "day": plan_day,
        "done": done,
        "off_list": today_card.off_list(state.plan, plan_day, done),
        "report": state.report_on(on),
        # A projected day's decisions say how it was worked out; they change nothing yet.
        "changes": () if projected else state.plan.decisions_on(on),
        "reasons": state.plan.decisions_on(on) if projected else (),
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
    """Fill the report form with a saved report, or leave it empty; with the mark of what the
    day held (`seen`), so that a save from another page meanwhile is not overwritten."""
    if report is None:
        return {"flags": [], "seen": store.logs.report_mark(None)}
    values = {k: "" if v is None else str(v) for k, v in vars(report).items()}
    return {**values, "flags": list(report.flags), "seen": store.logs.report_mark(report)}


@bp.get("/print")
@reads_only
@login_required
def printable(plan_id: int) -> ResponseReturnValue:
    """Show the coming weeks of the plan (4 unless asked otherwise) as a list of days for paper."""
    state = access.readable_plan(plan_id)
    weeks = request.args.get("weeks", "4")
    count = int(weeks) if weeks in PRINT_WEEKS else 4
    end = state.today + timedelta(weeks=count)
    today = [d for d in (state.plan.day_on(state.today),) if d is not None]
    # A stop lifted by a clearance of today: today as it stands, then the days it resumes with.
    resumed = builds.resumed_tomorrow(state)
    coming = [d for d in (resumed[1] if resumed else state.plan).days if state.today < d.date < end]
    return render_template(
        "plans/print.html",
        state=state,
        plan=state.plan,
        resuming=resumed[0] if resumed else None,
        days=today + ([replace(d, projected=True) for d in coming] if resumed else coming),
        weeks=count,
        choices=PRINT_WEEKS,
        condition=conditions.get(state.spec.condition),
    )


PRINT_WEEKS = ("1", "2", "4", "8")


@bp.get("/more")
@reads_only
@login_required
def more(plan_id: int) -> ResponseReturnValue:
    """List the plan's pages that the phone's tab bar has no room for."""
    row = access.readable_row(plan_id)
    return render_template("plans/more.html", row=row)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings(plan_id: int) -> ResponseReturnValue:
    """Change the usual week, runs, run days and goal, a clearance and the calendar's time of
    day: the runner's settings, and their coach's (the one page to edit a plan on)."""
    row = access.readable_row(plan_id)  # a coach may change the settings too
    today = access.owner_today(row)
    settled = store.plans.holds_records(row.id) or row.clearance is not None
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            first_days = moved(row, request.form)
            spec, clearance, at = _settings_from(row, request.form, today, settled, first_days)
            before = store.plans.spec_of(row)
            with plan_changes.plan_change(row, today, since=clearance.date if clearance else None):
                _save(row, spec, clearance, at, today, first_days)
            if spec is not None and access.coaches_account(row):
                plan_changes.tell_athlete(row.id, current_user.id, before, spec, today)
        except InputError as error:
            errors.update(errors_of(error))
        else:
            flash("Plan settings saved." + (cleared_words(clearance) if clearance else ""))
            return redirect(url_for("plans.settings", plan_id=plan_id))
    values = (
        request.form
        if request.method == "POST"
        else {
            "onset": row.onset.isoformat(),
            "start": (row.start or row.onset).isoformat(),
            "clearance": row.clearance.isoformat() if row.clearance else "",
            "calendar_time": row.calendar_time.strftime("%H:%M") if row.calendar_time else "",
            "baseline": tenth(row.baseline),
            "runs_per_week": str(row.runs_per_week),
            "goal": tenth(row.goal) if row.goal is not None else "",
            "unit": row.unit,
            "easy_pace": pace_text(row.easy_pace),
        }
    )
    days = request.form.getlist("run_days") if request.method == "POST" else row.run_days.split(",")
    return render_template(
        "plans/settings.html",
        may_record=access.may_write_log(row),
        settled=settled,
        today=today,
        clearances=recorded_clearances(row),
        row=row,
        values=values,
        days=days,
        errors=errors,
        condition=conditions.get(row.condition),
    ), 400 if errors else 200


def _save(
    row: PlanRow,
    spec: PlanSpec | None,
    clearance: Clearance | None,
    at: time | None,
    today: date,
    first_days: bool,
) -> None:
    """Store what the settings form changed; corrected first days go first, as the one write
    that can still be refused (a record saved meanwhile), before anything else is stored."""
    if spec is not None and first_days:  # made again from day one
        if not store.plans.correct_first_days(row, spec):
            raise InputError("onset", SETTLED)
    elif spec is not None:  # the new routine holds from today; the days before stay
        store.plans.update_plan(row, spec, today)
    if at != row.calendar_time:
        store.plans.update_settings(row, clearance=row.clearance, calendar_time=at)
    if clearance is not None:  # on the safety record, with who gave it
        records.add_clearance(row.id, clearance)


SETTLED = (
    "The day the pain began and the plan's first day can no longer change: the plan holds "
    "reports or ticks dated against them. Start a new plan for new dates."
)


def cleared_words(clearance: Clearance) -> str:
    """Say which clearance was recorded, as the settings list it."""
    return f" Clearance recorded: {long_date(clearance.date)}, {clearance.note}."


def recorded_clearances(row: PlanRow) -> list[Clearance]:
    """The plan's clearances on record, oldest first (an older plan's single date included)."""
    stored = list(store.logs.lifting_events([row.id])[row.id][0])
    if row.clearance is not None and all(c.date != row.clearance for c in stored):
        stored.append(Clearance(date=row.clearance))
    return sorted(stored, key=lambda c: c.date)


def _settings_from(
    row: PlanRow, form: Any, today: date, settled: bool, first_days: bool
) -> tuple[PlanSpec | None, Clearance | None, time | None]:
    """Read the settings form: a new routine and day the pain began (None if not sent), the
    calendar's time of day and a new clearance (`new_clearance`); `first_days`: the form
    moves the day the pain began or the plan's first day (`moved`)."""
    checks = Checks()  # every bad field at once
    spec = checks(lambda: _routine(row, form), None) if "baseline" in form else None
    days = checks(lambda: _first_days(row, form, today, settled), None) if first_days else None
    if days is not None:  # with the routine sent, or else the one the plan has
        spec = replace(spec or store.plans.spec_of(row), onset=days[0], start=days[1])
    at = checks(lambda: parse_time("calendar_time", form.get("calendar_time", "")), None)
    clearance = checks(lambda: new_clearance(row, form, today), None)
    if clearance is not None and first_days:  # it would be checked against the old dates
        checks.refuse("clearance", CLEARANCE_AFTER_DATES)
    checks.done()
    return spec, clearance, at


def new_clearance(row: PlanRow, form: Any, today: date) -> Clearance | None:
    """Read the clearance fields of a plan's settings, the runner's or their coach's plan edit
    (`settings_clearance`): None when none is given; refused when it could not lift the plan's
    stop; 403 to someone who may not write the plan's log (a coach of an athlete with an
    account: the clearance is the runner's record, as the plan page's form says)."""
    clearance = settings_clearance(form, recorded=row.clearance, onset=row.onset, today=today)
    if clearance is None:
        return None
    if not access.may_write_log(row):
        abort(403)
    state = builds.build_state(row, access.owner_timezone(row), today)
    return clearance_lifting(clearance, state.plan, open_flags(state.log, state.plan), "clearance")


def _first_days(row: PlanRow, form: Any, today: date, settled: bool) -> tuple[date, date]:
    """Read a corrected day the pain began and first day of the plan, as the wizard reads
    them: the runner's own account, so only someone who may write the plan's log may (403
    otherwise); refused once the plan holds a record, its days lived and dated against them."""
    if not access.may_write_log(row):
        abort(403)
    if settled:
        raise InputError("onset", SETTLED)
    onset = parse_date("onset", check_onset(form, {}, today)["onset"])
    start = check_start(form, {"onset": onset.isoformat()}, today)["start"]
    return onset, parse_date("start", start)


CLEARANCE_AFTER_DATES = (
    "Save the corrected dates first, then record the clearance: it is checked against the day "
    "the pain began."
)


def moved(row: PlanRow, form: Any) -> bool:
    """Does the settings form change the day the pain began or the plan's first day?"""
    sent = (form.get("onset", "").strip(), form.get("start", "").strip())
    shown = (row.onset.isoformat(), (row.start or row.onset).isoformat())
    return sent != ("", "") and sent != shown


def _routine(row: PlanRow, form: Any) -> PlanSpec:
    """Read a new usual week, runs per week, run days, goal, easy pace and unit into the plan's
    spec. The figures are read in the unit the page showed them in, then the whole plan is said
    in the new unit (planner/units.py), each day keeping its minutes; a figure sent back as the
    page showed it (to a tenth: 18.6 for a converted 18.6411 mi) keeps the stored one."""
    spec, checks = store.plans.spec_of(row), Checks()
    if form.get("shown_unit", spec.unit) != spec.unit:  # a page opened before a new unit
        checks.refuse("unit", UNIT_MOVED.format(unit=spec.unit))
    unit = checks(lambda: parse_unit("unit", form.get("unit", spec.unit)), spec.unit)
    pace = checks(lambda: _pace(form, spec), spec.easy_pace)
    runs, days = runs_and_days(checks, form)
    volume: float = checks(lambda: _volume(form, "baseline", spec) or 0.0, 0.0)
    goal = spec.goal  # a form without the field (an older page) leaves the goal as it is
    if "goal" in form:
        goal = checks(lambda: _volume(form, "goal", spec), None)
    checks.done()
    if pace != spec.easy_pace:  # the figures were checked at the old pace: now at the new one
        checks(lambda: _at_pace("baseline", volume, spec.unit, pace), None)
        if goal is not None:
            checks(lambda: _at_pace("goal", goal, spec.unit, pace), None)
    checks.done()
    changed = replace(spec, baseline=volume, runs_per_week=runs, run_days=days, goal=goal)
    return in_unit(replace(changed, easy_pace=pace), unit)


UNIT_MOVED = (
    "The plan's figures are now in {unit}, changed since this page was opened: check the "
    "figures below, now in {unit}, and save again."
)


def _pace(form: Any, spec: PlanSpec) -> float | None:
    """Read the easy pace as the wizard does ("6" is 6:00; blank is the default)."""
    typed = whole_minutes(form.get("easy_pace", pace_text(spec.easy_pace)))
    return spec.easy_pace if typed == pace_text(spec.easy_pace) else parse_pace("easy_pace", typed)


def _volume(form: Any, field: str, spec: PlanSpec) -> float | None:
    """Read the usual week or the goal in the plan's unit; blank is no goal."""
    typed = decimal_point(form.get(field))
    stored = getattr(spec, field)
    if stored is not None and typed in (f"{stored:g}", tenth(stored)):
        return float(stored)
    if field == "goal" and not typed:
        return None
    return parse_volume(field, typed, spec.unit, spec.easy_pace)


def _at_pace(field: str, value: float | None, unit: str, pace: float | None) -> None:
    """Refuse a new easy pace that makes the usual week or goal impossible, on the pace."""
    at_pace(field, value, unit, pace, f"change the {WEEK[field]}")


WEEK = {"baseline": "usual week", "goal": "goal"}
