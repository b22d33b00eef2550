"""The front door: a runner lands on today's page of their latest plan."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from web import store
from web.auth import access
from web.auth.sessions import login_required
from web.core.db import reads_only
from web.services import builds

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    """Send a coach to their athletes, a runner to Today; show everyone else what this is."""
    if not current_user.is_authenticated:
        return render_template("home/welcome.html")
    if current_user.role == "coach":
        return redirect(url_for("coach.dashboard"))
    plans = store.plans.plans_of(current_user.id)
    if plans:  # the newest plan not put away, else the newest
        latest = next((row for row in plans if not row.archived), plans[0])
        return redirect(url_for("today.show", plan_id=latest.id))
    return redirect(url_for("wizard.step", name="where"))


@bp.get("/plans/")
@reads_only
@login_required
def plans() -> ResponseReturnValue:
    """List the runner's plans with their status; archived ones only when asked for."""
    rows = store.plans.plans_of(current_user.id)
    status = {
        row.id: builds.status_of(builds.build_state(row, str(current_user.timezone)))
        for row in rows
    }
    return render_template(
        "home/plans.html",
        plans=[row for row in rows if not row.archived],
        archived=[row for row in rows if row.archived],
        status=status,
        status_words=builds.STATUS_WORDS,
        show_archived=request.args.get("archived") == "1",
    )


@bp.post("/plans/<int:plan_id>/archive")
@login_required
def archive(plan_id: int) -> ResponseReturnValue:
    """Put a plan away (archive=1) or bring it back (archive=0); only its owner may."""
    row = access.owner_row(plan_id)
    put_away = request.form.get("archive") != "0"
    store.plans.set_archived(row, put_away)
    flash("Plan archived: it is under “Archived” on My plans." if put_away else "Plan restored.")
    return redirect(url_for("home.plans", archived="1" if put_away else None))
