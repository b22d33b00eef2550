"""The thin service layer: load a plan's spec and log from the store and build it for today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from flask_login import current_user

from planner.engine import build
from planner.model import Log, Plan, PlanSpec, Report
from web import clock, store
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


def build_state(row: PlanRow, timezone: str) -> PlanState:
    """Build a stored plan as of the runner's own today."""
    today = clock.today_in(timezone)
    spec, log = store.spec_of(row), store.load_log(row)
    return PlanState(row, spec, log, build(spec, log, as_of=today), today)


def owned_plan(plan_id: int) -> PlanState:
    """Return the current runner's plan, built for today; 404 for anyone else's."""
    row = store.plan_of(current_user.id, plan_id)
    if row is None:
        abort(404)
    return build_state(row, current_user.timezone)


def owned_row(plan_id: int) -> PlanRow:
    """Return the current runner's stored plan without building it; 404 for anyone else's."""
    row = store.plan_of(current_user.id, plan_id)
    if row is None:
        abort(404)
    return row


def runner_today() -> date:
    return clock.today_in(current_user.timezone)
