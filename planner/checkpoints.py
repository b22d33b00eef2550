"""Checkpoints: a plan rebuilt after a new report starts from the last week the report cannot
have changed, instead of from day one (the past never changes).

While the engine builds days it keeps, at the start of every week up to `as_of`, a copy of where
it stood and of everything those days could read: the spec, `as_of`, the log's entries and the
changes of routine dated up to that day, and the few inputs that look at the whole log
(clearances, retractions, the first rest-pain report). A later build resumes from the latest checkpoint whose inputs are still equal,
compared value by value, never by a hash, so a resumed build is the same plan as a full one (a
property test holds the engine to it). The caller keeps the checkpoints; the engine stays pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from planner.state import State

EVERY_DAYS = 7  # one checkpoint a week: a rebuild redoes at most a week of the past
KEEP_DAYS = 28  # only the last four weeks: reports land on today or the days just before
MARGIN = timedelta(days=1)  # a day's rules read up to the next morning: one day of margin


@dataclass(frozen=True)
class Checkpoint:
    """Where the engine stood before building `day`, and all the built days could have read."""

    day: date
    whole: tuple[Any, ...]  # spec, as_of and the inputs that look at the whole log
    seen: tuple[Any, ...]  # the log's entries dated up to `day` (plus the margin)
    state: State  # the engine's, copied
    days: tuple[Any, ...]  # the days built so far (frozen values, shared)
    decisions: tuple[Any, ...]  # the decisions made so far (frozen values, shared)
    said: frozenset[str]
    week_volume: tuple[tuple[int, float], ...]
    scalars: tuple[Any, ...]  # the builder's plain fields (SCALARS), the routine's too


def take(day: date, whole: tuple[Any, ...], seen: tuple[Any, ...], builder: Any) -> Checkpoint:
    """Copy where the builder stands, so that later days cannot change the checkpoint."""
    return Checkpoint(
        day=day,
        whole=whole,
        seen=seen,
        state=builder.state.copy(),
        days=tuple(builder.days),
        decisions=tuple(builder.decisions),
        said=frozenset(builder.said),
        week_volume=tuple(builder.week_volume.items()),
        scalars=tuple(getattr(builder, name) for name in SCALARS),
    )


def restore(checkpoint: Checkpoint, builder: Any) -> None:
    """Put the builder where the checkpoint stood, with fresh copies: the checkpoint itself
    serves later builds too."""
    builder.state = checkpoint.state.copy()
    builder.days = list(checkpoint.days)
    builder.decisions = list(checkpoint.decisions)
    builder.said = set(checkpoint.said)
    builder.week_volume = dict(checkpoint.week_volume)
    for name, value in zip(SCALARS, checkpoint.scalars, strict=True):
        setattr(builder, name, value)


# The builder's plain fields, and the routine in force (planner/routine.py) with what it sets.
SCALARS = ("walk", "walk_pain", "judged", "run_anchor", "routine", "weekdays", "goal", "baseline")


def due(day: date, first: date, as_of: date) -> bool:
    """Take a checkpoint before this day? Weekly, in the last four weeks before `as_of`, where
    reports land (an older edit, an import say, rebuilds from day one)."""
    weekly = (day - first).days % EVERY_DAYS == 0 and day > first
    return weekly and day + MARGIN <= as_of and (as_of - day).days <= KEEP_DAYS
