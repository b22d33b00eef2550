"""The front door: a runner lands on today's page of their latest plan."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from web import store
from web.auth.sessions import login_required
from web.core.db import reads_only

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    """Send a coach to their athletes, a runner to Today; show everyone else what this is."""
    if not current_user.is_authenticated:
        return render_template("home/welcome.html")
    if current_user.role == "coach":
        return redirect(url_for("coach.dashboard"))
    plans = store.plans.plans_of(current_user.id)
    if plans:
        return redirect(url_for("today.show", plan_id=plans[0].id))
    return redirect(url_for("wizard.step", name="where"))


@bp.get("/plans/")
@reads_only
@login_required
def plans() -> ResponseReturnValue:
    """List the runner's plans."""
    return render_template("home/plans.html", plans=store.plans.plans_of(current_user.id))
