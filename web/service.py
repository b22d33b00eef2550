"""The thin service layer: load a plan's spec and log from the store and build it for today."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from flask import abort, g
from flask_login import current_user

from planner.engine import build
from planner.model import Log, Plan, PlanSpec, Report
from web import caches, clock, db, log_merge, records, store
from web.models import PlanRow


@dataclass(frozen=True)
class PlanState:
    """A stored plan, its log, and the plan the engine builds from them for the runner's today."""

    row: PlanRow
    spec: PlanSpec
    log: Log
    plan: Plan
    today: date

    def done_on(self, when: date) -> set[str]:
        return {c.item for c in self.log.completions if c.date == when}

    def report_on(self, when: date) -> Report | None:
        return next((r for r in self.log.reports if r.date == when), None)


def build_state(row: PlanRow, timezone: str, today: date | None = None) -> PlanState:
    """Build a stored plan as of the runner's own today (or the given day), cached."""
    today = today or clock.today_in(timezone)
    log, plan = caches.plans().get_or_make(plan_key(row, today), lambda: built(row, today))
    return PlanState(row, store.spec_of(row), log, plan, today)


def plan_key(row: PlanRow, today: date) -> tuple:
    """Name one build: the plan, its log version as read from the database, and its inputs."""
    return (row.id, row.created, row.log_version, today, row.condition, row.onset, row.baseline,
            row.unit, row.start, row.goal, row.runs_per_week, row.easy_pace, row.run_days,
            row.clearance)


def built(row: PlanRow, today: date, log: Log | None = None) -> tuple[Log, Plan]:
    """Load the log (unless given) and build the plan: the uncached path."""
    log = store.load_log(row) if log is None else log
    return log, build(store.spec_of(row), log, as_of=today)


def built_many(wanted: list[tuple[PlanRow, date]]) -> Iterator[tuple[Log, Plan]]:
    """Yield (log, plan) of many plans in order: cached ones as they are, the rest built from
    one log load and not cached (hundreds would push the runners' own plans out).

    One at a time: hundreds of plans alive at once slow the garbage collector down.
    """
    found = [caches.plans().get(plan_key(row, today)) for row, today in wanted]
    missing = [row for (row, _), hit in zip(wanted, found, strict=True) if hit is None]
    logs = store.logs_of(missing) if missing else {}
    for i, (row, today) in enumerate(wanted):
        hit, found[i] = found[i], None
        yield hit or built(row, today, logs.pop(row.id))


def readable_plan(plan_id: int) -> PlanState:
    """Return a plan the current user may read, built for its owner's today; 404 otherwise."""
    row = readable_row(plan_id)
    return build_state(row, owner_timezone(row))


def readable_row(plan_id: int) -> PlanRow:
    """Return a stored plan the current user owns or coaches, unbuilt; 404 for anyone else's."""
    row = store.plan_for(current_user.id, plan_id)
    if row is None:
        abort(404)
    return row


def writable_plan(plan_id: int) -> PlanState:
    """Return a plan whose log the current user may write, built; 403 to a reader, else 404."""
    row = writable_row(plan_id)
    return build_state(row, owner_timezone(row))


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
    row = store.plan_for(current_user.id, plan_id)
    if row is None or not owns(row):
        abort(404)
    return row


def owns(row: PlanRow) -> bool:
    """Is the current user the plan's runner (not their coach)?"""
    return row.owner_id == current_user.id


def owner_timezone(row: PlanRow) -> str:
    """The plan's "today" is its owner's, also when their coach is looking."""
    if row.owner_id == current_user.id:
        return current_user.timezone
    from web import users

    owner = users.by_id(row.owner_id)
    return owner.timezone if owner else "UTC"


def athlete_entry(row: PlanRow):
    """Return the current coach's roster entry for the plan's runner (None for the runner).

    Asked once per request and plan: templates ask again while rendering, when the
    transaction has ended (web.templating.before_render).
    """
    if owns(row):
        return None
    known = g.setdefault("athlete_entries", {})
    if row.owner_id not in known:
        known[row.owner_id] = store.roster_entry(current_user.id, row.owner_id)
    return known[row.owner_id]


def coached_athlete(athlete_id: int):
    """Return the current coach's roster entry for this athlete; 404 for anyone else's."""
    entry = store.roster_entry(current_user.id, athlete_id)
    if entry is None:
        abort(404)
    return entry


def new_plan_owner(athlete_id: int | None) -> int:
    """Return who owns a plan the wizard makes: the user, or an athlete they coach."""
    if athlete_id is None:
        return current_user.id
    return coached_athlete(athlete_id).athlete_id


def runner_today() -> date:
    return clock.today_in(current_user.timezone)


MERGE_ATTEMPTS = 3  # a log that changes under an import this often is busy: say so instead


def planned_merge(row: PlanRow, read: Callable[[date, date], Log]) -> log_merge.Merge:
    """Read an import (`read(onset, today)`) and check what merging it would do; no writes.

    In a `reads_first` view this takes no write lock, however long the checks take."""
    today = runner_today()
    incoming = read(row.onset, today)
    result = log_merge.merge(store.load_log(row), incoming)
    log_merge.check(result, incoming, store.spec_of(row), today)
    return result


def write_merge(row: PlanRow, result: log_merge.Merge) -> bool:
    """End the reads, then write a checked merge; False if the log changed since it was read."""
    db.write_phase()
    return result.empty or records.merge_log(row.id, row.log_version, result)


def merge_log(plan_id: int, read: Callable[[date, date], Log]) -> log_merge.Merge:
    """Check an import without the write lock, then merge it in one short transaction; check
    again if the log changed in between. Raise LogChanged when it keeps changing."""
    for _ in range(MERGE_ATTEMPTS):
        row = writable_row(plan_id)
        result = planned_merge(row, read)
        if write_merge(row, result):
            return result
        db.read_phase()
    raise log_merge.LogChanged
