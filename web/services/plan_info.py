"""A stored plan's settings as the API and the account download show them."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from web.forms.shapes import pace_text
from web.store.models import PlanRow
from web.store.plans import routines_of


def plan_info(row: PlanRow) -> dict[str, Any]:
    """Return a stored plan's settings as the API shows them: those in force, whether it is
    archived, and the settings before each change, which the days before it were built with."""
    pace = row.easy_pace
    return {
        "id": row.id,
        "condition": row.condition,
        "onset": row.onset.isoformat(),
        "weekly_volume": row.baseline,
        "unit": row.unit,
        "start": row.start.isoformat() if row.start else None,
        "goal": row.goal,
        "runs_per_week": row.runs_per_week,
        "easy_pace": None if pace is None else pace_text(pace),
        "run_days": [int(d) for d in row.run_days.split(",") if d],
        "calendar_time": row.calendar_time.strftime("%H:%M") if row.calendar_time else None,
        "clearance": row.clearance.isoformat() if row.clearance else None,
        "created": row.created.replace(tzinfo=row.created.tzinfo or UTC).isoformat(),
        "archived": bool(row.archived),
        "earlier_settings": [
            {
                "until": e.until.isoformat(),
                "weekly_volume": e.baseline,
                "goal": e.goal,
                "runs_per_week": e.runs_per_week,
                "run_days": list(e.run_days),
                "easy_pace": None if e.easy_pace is None else pace_text(e.easy_pace),
            }
            for e in routines_of(row.earlier_routines, pace)
        ],
    }
