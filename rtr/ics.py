"""`rtr plan --format ics`: export, and when the output file exists, keep its revisions."""

from __future__ import annotations

import hashlib
from dataclasses import astuple
from datetime import UTC, datetime
from pathlib import Path

from planner.calendar import CalendarOptions, read_plan_id, read_revisions, revise, to_ics
from planner.errors import InputError
from planner.model import Plan, PlanSpec
from rtr.files import read_existing


def plan_id(spec: PlanSpec) -> str:
    """The plan's id in its events' UIDs: an opaque digest of the plan's inputs, so two plans
    exported to one calendar never share a UID (one would overwrite the other), while the same
    plan exported again keeps its UIDs and a calendar updates it in place. No word of the
    condition or a date shows in it."""
    digest = hashlib.sha256(repr(astuple(spec)).encode()).hexdigest()
    return f"cli-{digest[:20]}"


def export(plan: Plan, output: str | None, now: datetime | None = None) -> bytes:
    """Export the plan; days unchanged since the previous file at `output` keep their bytes
    (and its plan id: settings changed since keep updating the same events), and days gone
    from the plan keep their revisions in the file."""
    previous = {}
    existing = read_existing(Path(output), "output") if output and output != "-" else None
    if existing is not None:
        try:
            previous = read_revisions(existing)
        except InputError:
            raise InputError(
                "output", f"{output} is not a calendar; choose another file or remove this one"
            ) from None
    kept = read_plan_id(existing) if existing is not None else None
    options = CalendarOptions(name="Return to run", plan_id=kept or plan_id(plan.spec))
    if not previous:
        return to_ics(plan, options, {})
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    revisions = revise(plan, previous, moment, options)
    # Days gone from the plan stay in the file: one that comes back goes on from its sequence.
    retired = {day: kept for day, kept in previous.items() if day not in revisions}
    return to_ics(plan, options, revisions, retired)
