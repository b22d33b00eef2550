"""The pure phase engine: (spec, log, as_of) -> Plan. No Flask, no database, no clock."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.model import Log, Plan, PlanSpec


def build(spec: PlanSpec, log: Log, as_of: date) -> Plan:
    """Build the plan for a spec and its log as known on `as_of` (see planner.engine)."""
    from planner.engine import build as build_plan

    return build_plan(spec, log, as_of)
