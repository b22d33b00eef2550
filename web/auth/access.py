"""Who may do what with a plan: its owner reads and writes it, their coach reads it (and writes
a managed athlete's); everyone else gets 404. The checks answer for the logged-in user."""

from __future__ import annotations

from datetime import date

from flask import abort, g
from flask_login import current_user

from web import store
from web.core import clock
from web.services import builds
from web.services.builds import PlanState
from web.store import users
from web.store.models import PlanRow, RosterEntry


def readable_plan(plan_id: int) -> PlanState:
    """Return a plan the current user may read, built for its owner's today; 404 otherwise."""
    row = readable_row(plan_id)
    return builds.build_state(row, owner_timezone(row))


def readable_row(plan_id: int) -> PlanRow:
    """Return a stored plan the current user owns or coaches, unbuilt; 404 for anyone else's."""
    row = store.plans.plan_for(current_user.id, plan_id)
    if row is None:
        abort(404)
    return row


def writable_plan(plan_id: int) -> PlanState:
    """Return a plan whose log the current user may write, built; 403 to a reader, else 404."""
    row = writable_row(plan_id)
    return builds.build_state(row, owner_timezone(row))


def writable_row(plan_id: int) -> PlanRow:
    """Return a plan whose log (and existence) the current user may change: its owner's, or
    a managed athlete's coach's, who logs for a profile that cannot log in. A coach of an
    athlete with an account may read but not rewrite: 403; anyone else: 404."""
    row = readable_row(plan_id)
    if not may_write_log(row):
        abort(403)
    return row


def may_write_log(row: PlanRow) -> bool:
    """May the current user write this plan's log or delete it?"""
    if owns(row):
        return True
    entry = athlete_entry(row)
    return entry is not None and bool(entry.managed)


def owner_row(plan_id: int) -> PlanRow:
    """Return a stored plan only to its owner (its coach too gets 404): for what outlives a
    coaching, like the calendar feed's secret link."""
    row = store.plans.plan_for(current_user.id, plan_id)
    if row is None or not owns(row):
        abort(404)
    return row


def coaches_account(row: PlanRow) -> bool:
    """Is the current user the coach of the plan's runner, who has an account of their own
    (not a managed profile, which only the coach uses)?"""
    entry = athlete_entry(row)
    return entry is not None and not entry.managed


def owns(row: PlanRow) -> bool:
    """Is the current user the plan's runner (not their coach)?"""
    return bool(row.owner_id == current_user.id)


def owner_timezone(row: PlanRow) -> str:
    """The plan's "today" is its owner's, also when their coach is looking."""
    return timezone_of(row.owner_id)


def timezone_of(user_id: int) -> str:
    """A user's time zone: the current user's as logged in, anyone else's as stored."""
    if user_id == current_user.id:
        return str(current_user.timezone)
    user = users.by_id(user_id)
    return user.timezone if user else "UTC"


def owner_today(row: PlanRow) -> date:
    """The plan's today: its owner's, also when their coach writes for them."""
    return clock.today_in(owner_timezone(row))


def athlete_entry(row: PlanRow) -> RosterEntry | None:
    """Return the current coach's roster entry for the plan's runner (None for the runner).

    Asked once per request and plan: templates ask again while rendering, when the
    transaction has ended (web.core.templating.before_render).
    """
    if owns(row):
        return None
    known: dict[int, RosterEntry | None] = g.setdefault("athlete_entries", {})
    if row.owner_id not in known:
        known[row.owner_id] = store.roster.roster_entry(current_user.id, row.owner_id)
    return known[row.owner_id]


def coached_athlete(athlete_id: int) -> RosterEntry:
    """Return the current coach's roster entry for this athlete; 404 for anyone else's."""
    entry = store.roster.roster_entry(current_user.id, athlete_id)
    if entry is None:
        abort(404)
    return entry


def new_plan_owner(athlete_id: int | None) -> int:
    """Return who owns a plan the wizard makes: the user, or an athlete they coach."""
    if athlete_id is None:
        return int(current_user.id)
    return int(coached_athlete(athlete_id).athlete_id)


def owners_today(owner_id: int) -> date:
    """The today of a plan's owner-to-be: the user's own, or the athlete's a coach plans for
    (a plan's dates are checked against the day its runner is living)."""
    return clock.today_in(timezone_of(owner_id))
