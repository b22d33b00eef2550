"""`rtr plan --format ics`: export, and when the output file exists, keep its revisions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from planner.calendar import CalendarOptions, read_revisions, revise, to_ics
from planner.model import Plan
from rtr.files import read_existing

CLI_PLAN_ID = "cli-plan"


def export(plan: Plan, output: str | None, now: datetime | None = None) -> bytes:
    """Export the plan; days unchanged since the previous file at `output` keep their bytes."""
    options = CalendarOptions(name="Return to run", plan_id=CLI_PLAN_ID)
    previous = {}
    existing = read_existing(Path(output), "output") if output and output != "-" else None
    if existing is not None:
        previous = read_revisions(existing)
    if not previous:
        return to_ics(plan, options, {})
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    return to_ics(plan, options, revise(plan, previous, moment, options))
