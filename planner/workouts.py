"""A planned day's running as a session a watch can follow: a stage of run and walk minutes."""

from __future__ import annotations

from dataclasses import replace

from planner import protocol as P
from planner.model import Day, Phase

WARM_UP_MINUTES = (
    5.0  # an easy walk before the running, and after it: the session starts and ends gently
)
COOL_DOWN_MINUTES = 5.0


def session_of(day: Day) -> P.Stage | None:
    """Return the day's running as a stage (as scaled by the caps), or None on a day without it."""
    if not day.run_minutes:
        return None
    if day.phase == Phase.WALK_RUN and day.stage:
        stage = P.STAGES[P.stage_index(day.stage)]
        if stage.continuous:
            return replace(stage, run=day.run_minutes)
        return replace(stage, repeats=max(1, round(day.run_minutes / stage.run)))
    name = "Test" if day.phase == Phase.TEST else "Run"
    return P.Stage(name, day.run_minutes, 0, 1)
