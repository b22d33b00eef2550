"""Every cache key in one place: what a kept entry was made from, so that a write which changes
any of it makes the entry unreachable (web/cache/__init__.py says why that is enough)."""

from __future__ import annotations

from datetime import date

from web.store.models import PlanRow


def plan_key(row: PlanRow, today: date) -> tuple:
    """Name one build: the plan, its log version as read from the database, and its inputs."""
    return (row.id, row.created, row.log_version, today, row.condition, row.onset, row.baseline,
            row.unit, row.start, row.goal, row.runs_per_week, row.easy_pace, row.run_days,
            row.clearance)
