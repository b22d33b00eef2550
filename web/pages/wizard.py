"""The new-plan wizard: one question per page, kept server-side, no JavaScript needed."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from planner import conditions
from planner.errors import InputError
from web import store
from web.auth import access
from web.auth.sessions import login_required
from web.forms.checks import errors_of
from web.forms.wizard import (
    BY_NAME,
    NOT_SURE_LOCATION,
    SPEC_FIELDS,
    STEPS,
    Step,
    candidates_for,
    needs_referral,
    parse_time,
    spec_from,
)

bp = Blueprint("wizard", __name__, url_prefix="/plans/new")


@bp.get("/")
@login_required
def start() -> ResponseReturnValue:
    """Begin a fresh plan."""
    session.pop("wizard", None)
    return redirect(url_for("wizard.step", name="where"))


@bp.route("/<name>", methods=["GET", "POST"])
@login_required
def step(name: str) -> ResponseReturnValue:
    """Ask one question; on a good answer move to the next, on a bad one say why."""
    current = BY_NAME.get(name) or abort(404)
    draft = dict(session.get("wizard", {}))
    whom = planned_for(draft)
    if request.method == "POST" and request.form.get("for", whom) != whom:
        return _started_elsewhere(draft)
    done = draft.get("done", [])
    missing = next((s for s in STEPS[: STEPS.index(current)] if s.name not in done), None)
    if missing is not None:
        return redirect(url_for("wizard.step", name=missing.name))
    today = access.owners_today(access.new_plan_owner(draft.get("athlete")))
    errors, values = (
        {},
        {**_defaults(today), **draft, **request.form.to_dict(), "run_days": _days(draft)},
    )
    if request.method == "POST":
        try:
            draft.update(current.check(request.form, draft, today))
            # Answering a step again means the later ones are asked again (prefilled).
            draft["done"] = [s.name for s in STEPS[: STEPS.index(current) + 1]]
            session["wizard"] = draft
            return _next(current.name, draft, today)
        except InputError as error:
            for field, message in errors_of(error).items():
                errors[SPEC_FIELDS.get(field, field)] = message
    return _page(current, draft, today, values, errors), 400 if errors else 200


def _defaults(today: date) -> dict[str, str]:
    return {"unit": "km", "runs_per_week": "4", "start": today.isoformat()}


def _page(
    current: Step,
    draft: dict[str, Any],
    today: date,
    values: dict[str, Any],
    errors: dict[str, str],
) -> str:
    """Render a wizard step with the values shown and the errors said."""
    return render_template(
        f"wizard/{current.name}.html",
        step=current,
        steps=STEPS,
        values=values,
        errors=errors,
        draft=draft,
        today=today,
        **_context(draft),
    )


def planned_for(draft: dict[str, Any]) -> str:
    """Whom a wizard's answers are for, as its pages carry it: an athlete's id, or "" for the
    person logged in."""
    return str(draft.get("athlete") or "")


STARTED_ELSEWHERE = (
    "A new plan, for {now}, was started in another tab or window after this page was opened: "
    "its answer was not saved, so that no plan goes to the wrong person. Carry on here with "
    "the plan for {now}, or start the other one again."
)


def _started_elsewhere(draft: dict[str, Any]) -> ResponseReturnValue:
    """A page of one wizard sent after another was started (the session keeps one): save
    nothing, and show the wizard in progress with why (409)."""
    done = draft.get("done", [])
    current = next((s for s in STEPS if s.name not in done), STEPS[-1])
    today = access.owners_today(access.new_plan_owner(draft.get("athlete")))
    now = _athlete_name(draft) or "yourself"
    values = {**_defaults(today), **draft, "run_days": list(draft.get("run_days", []))}
    return _page(current, draft, today, values, {"wizard": STARTED_ELSEWHERE.format(now=now)}), 409


def _days(draft: dict[str, Any]) -> list[str]:
    if request.method == "POST":
        return request.form.getlist("run_days")
    return list(draft.get("run_days", []))


def _context(draft: dict[str, Any]) -> dict[str, Any]:
    condition = conditions.CATALOG.get(draft.get("condition", ""))
    return {
        "locations": (*conditions.LOCATIONS, NOT_SURE_LOCATION),
        "candidates": candidates_for(draft["location"]) if "location" in draft else [],
        "condition": condition,
        "needs_referral": needs_referral,
        "planning_for": _athlete_name(draft),
    }


def _athlete_name(draft: dict[str, Any]) -> str | None:
    """Name the athlete a coach is planning for (None when planning for oneself)."""
    if draft.get("athlete") is None:
        return None
    return access.coached_athlete(draft["athlete"]).name or "(no name)"


def _next(name: str, draft: dict[str, Any], today: date) -> ResponseReturnValue:
    index = [s.name for s in STEPS].index(name)
    if index + 1 < len(STEPS):
        return redirect(url_for("wizard.step", name=STEPS[index + 1].name))
    spec = spec_from(draft, today)
    owner = access.new_plan_owner(draft.get("athlete"))  # a coach may plan for an athlete
    row = store.plans.add_plan(
        owner, spec, parse_time("calendar_time", draft.get("calendar_time", ""))
    )
    session.pop("wizard", None)
    return redirect(url_for("today.show", plan_id=row.id))
