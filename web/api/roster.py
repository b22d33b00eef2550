"""The coach's roster: athletes in order of need, one athlete with their plans, a new profile."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from planner.errors import InputError
from web import store
from web.api.blueprint import bp
from web.auth import access
from web.core.db import reads_only
from web.core.errors import ApiError
from web.forms import bodies
from web.forms.limits import MAX_NAME, MAX_QUERY, check_name
from web.services import roster, roster_needs
from web.services.plan_info import plan_info
from web.services.roster_snapshot import Snapshot

ATHLETE = "/roster/<int:athlete_id>"


def require_coach() -> None:
    """Refuse runners: a roster is a coach's."""
    if current_user.role != "coach":
        raise ApiError(403, "Only a coach account has a roster.")


def athlete_info(s: Snapshot) -> dict[str, Any]:
    """Return one athlete's signals as the API shows them (the dashboard's row)."""
    need = roster_needs.need(s)
    return {
        "athlete_id": s.athlete_id,
        "name": s.name,
        "managed": s.managed,
        "need": need,
        "need_label": roster_needs.NEED_LABELS[need],
        "plan_id": s.plan_id,
        "condition": s.condition,
        "status": s.status,
        "phase": s.phase,
        "stage": s.stage,
        "last_report": _day(s.last_report),
        "last_pain": s.last_pain,
        "adherence": None if s.adherence is None else round(s.adherence, 3),
        "next_session": _day(s.next_session),
        "red_flag": s.red_flag,
        "red_session": s.red_session,
        "morning_pain": list(s.morning),
        "pain_trend": list(s.trend),
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


@bp.get("/roster")
@reads_only
def list_roster() -> ResponseReturnValue:
    """List the coach's athletes, most in need first; filter by need, search by name."""
    require_coach()
    for name in sorted(set(request.args) - {"need", "q"}):
        raise InputError(name, "unknown query parameter (known: need, q)")
    for name in ("need", "q"):
        if len(request.args.getlist(name)) > 1:
            raise InputError(name, "give this query parameter once")
    need, query = request.args.get("need"), request.args.get("q", "")
    if need is not None and need not in roster_needs.NEEDS:
        raise InputError("need", f"need must be one of: {', '.join(roster_needs.NEEDS)}")
    rows = roster_needs.matching(
        roster_needs.rank(roster.snapshots(current_user.id)),
        need,
        bodies.text("q", query, MAX_QUERY),
    )
    return jsonify(athletes=[athlete_info(s) for s in rows])


@bp.post("/roster")
def add_athlete() -> ResponseReturnValue:
    """Create a managed athlete profile (no login; the coach plans and logs for them)."""
    require_coach()
    data = bodies.only(bodies.body(), frozenset({"name"}), ("name",))
    name = check_name(bodies.text("name", data["name"], MAX_NAME))
    user = store.roster.add_managed_athlete(current_user.id, name, store.roster.placeholder_email())
    response = jsonify(_athlete(user.id))
    response.headers["Location"] = url_for("api.read_athlete", athlete_id=user.id)
    return response, 201


@bp.get(ATHLETE)
@reads_only
def read_athlete(athlete_id: int) -> ResponseReturnValue:
    """Show one athlete on the roster: their signals and all their plans, newest first."""
    require_coach()
    return jsonify(_athlete(athlete_id))


@bp.delete(ATHLETE)
def remove_athlete(athlete_id: int) -> ResponseReturnValue:
    """Take an athlete off the roster: a managed profile is deleted with its plans; an athlete
    with an account keeps it and their plans."""
    require_coach()
    store.roster.remove_athlete(access.coached_athlete(athlete_id))
    return "", 204


def _athlete(athlete_id: int) -> dict[str, Any]:
    found = roster.snapshots(current_user.id, athlete_id)
    if not found:
        abort(404)  # not on this coach's roster
    return {
        **athlete_info(found[0]),
        "plans": [plan_info(row) for row in store.plans.plans_of(athlete_id)],
    }
