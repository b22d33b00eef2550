"""A stopped plan resumes only on the record: a clinician's clearance, or a confirmed mistake.

Both forms sit on the plan's page while it is halted; each stores a record that nothing else
deletes (web/store/records.py), and the engine writes the decision that resumes the plan into its
history (rules `clearance_resumes` and `flag_withdrawn`).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from planner.errors import InputError
from planner.model import Clearance, Status
from planner.rules import Rule
from web.auth import access
from web.auth.sessions import login_required
from web.forms.reports import clearance_from, clearance_lifting, retraction_from
from web.pages.plans import calendar_page, open_flags
from web.services import builds, plan_changes
from web.services.builds import PlanState
from web.store import records

bp = Blueprint("halts", __name__, url_prefix="/plans/<int:plan_id>")


@bp.post("/clearances")
@login_required
def clearance(plan_id: int) -> ResponseReturnValue:
    """Record that a doctor or physiotherapist cleared running; the plan resumes from then."""
    state = access.writable_plan(plan_id)
    try:
        record = clearance_lifting(
            clearance_from(request.form, onset=state.spec.onset, today=state.today),
            state.plan,
            open_flags(state.log, state.plan),
        )
        with plan_changes.plan_change(state.row, state.today, since=record.date) as change:
            change.written = records.add_clearance(state.row.id, record)
    except InputError as error:
        return again(state, "clearance", error)
    flash(cleared_words(access.writable_plan(plan_id), record))  # the plan with the clearance
    return redirect(url_for("history.show", plan_id=plan_id))


def cleared_words(after: PlanState, record: Clearance) -> str:
    """Say what a clearance just recorded did, as the engine builds the plan with it."""
    if after.plan.status != Status.HALTED:
        return "The clearance is recorded. Below is what it changed."
    if builds.resumes_tomorrow(after):
        return SAME_DAY
    if any(d.rule == Rule.REFER for d in after.plan.decisions):
        return REFER_KEPT
    flagged = any(day == record.date for day, _ in after.log.standing_flags())
    return NOT_LIFTED if flagged else STILL_STOPPED


SAME_DAY = (
    "The clearance is recorded. A stop holds for the whole day it began (a clearance dated "
    "that day cannot show it came after what stopped it), so the plan resumes tomorrow."
)
STILL_STOPPED = (
    "The clearance is recorded, but the plan stays stopped: what stopped it, said above, "
    "came after the clearance's date. Record the clearance given after it."
)
NOT_LIFTED = (
    "The clearance is recorded, but the plan stays stopped: a red flag was reported on its day "
    "after the stop began, and may have come after the clearance (a day's entries have no "
    "order). Once a clinician has seen that flag, record the clearance they give, dated after "
    "it."
)
REFER_KEPT = (
    "The clearance is recorded. This condition is one for a professional to manage: its plan "
    "holds no running whatever is recorded. If the clinician finds an injury this app plans "
    "for, start a new plan for it."
)


@bp.post("/retractions")
@login_required
def retraction(plan_id: int) -> ResponseReturnValue:
    """Record, confirmed and with a reason, that a reported red flag was a mistake."""
    state = access.writable_plan(plan_id)
    try:
        record = retraction_from(
            request.form,
            reports=state.log.reports,
            today=state.today,
            confirmed=request.form.get("confirm") == "yes",
        )
        with plan_changes.plan_change(state.row, state.today, since=record.date) as change:
            change.written = records.add_retraction(state.row.id, record)
    except InputError as error:
        form = f"retraction:{request.form.get('date', '')}:{request.form.get('flag', '')}"
        return again(state, form, error)
    flash("The mistake is recorded; the red flag stays in the history, marked as a mistake.")
    return redirect(url_for("history.show", plan_id=plan_id))


def again(state: PlanState, form: str, error: InputError) -> tuple[str, int]:
    """Show the plan's page again with the form as it was sent and what is wrong with it."""
    lift = {
        "form": form,
        "field": error.field,
        "message": error.message,
        "values": request.form.to_dict(),
    }
    return render_template("plans/calendar.html", **calendar_page(state), lift=lift), 400
