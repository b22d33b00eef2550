"""Why did my plan change? The reports, the engine's decisions, and charts of both."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from web.auth import access
from web.auth.sessions import login_required
from web.core.db import reads_only
from web.services import builds, charts

bp = Blueprint("history", __name__, url_prefix="/plans/<int:plan_id>")


@bp.get("/history")
@reads_only
@login_required
def show(plan_id: int) -> ResponseReturnValue:
    """List every report next to the decisions made that day, newest first."""
    state = access.readable_plan(plan_id)
    dates = sorted(
        {r.date for r in state.log.reports}
        | {d.date for d in state.plan.decisions if d.date <= state.today},
        reverse=True,
    )
    # A report may predate the plan's first day: it has no day page to link to.
    entries = [
        (
            when,
            state.report_on(when),
            state.plan.decisions_on(when),
            state.plan.day_on(when) is not None,
        )
        for when in dates
    ]
    retracted = {(r.date, r.flag): r for r in state.log.retractions}
    return render_template(
        "history/show.html",
        state=state,
        plan=state.plan,
        entries=entries,
        retracted=retracted,
        resuming=builds.resumes_tomorrow(state),
    )


@bp.get("/charts")
@reads_only
@login_required
def charts_page(plan_id: int) -> ResponseReturnValue:
    """Chart weekly running planned against done, and pain by type over time."""
    state = access.readable_plan(plan_id)
    weeks, unit = charts.weekly_volume(state.plan, state.log)
    return render_template(
        "history/charts.html",
        state=state,
        plan=state.plan,
        unit=unit,
        weeks=weeks,
        volume=charts.volume_bars(weeks, state.spec.target),
        pain=charts.pain_lines(state.log),
    )
