"""How a run went: green, amber or red under the tendon rules; clean or painful for bone."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from planner.protocol import (
    TENDON_MORNING_AMBER_RISE,
    TENDON_MORNING_RED_RISE,
    TENDON_SAFE_PAIN,
)
from planner.wording import weekday


class Outcome(enum.StrEnum):
    GREEN = "green"  # tendon: safe; bone: clean (0/10 during, after and next morning)
    AMBER = "amber"  # tendon only: acceptable, repeat
    RED = "red"  # tendon: too much; bone: any pain at the site
    MISSING = "missing"  # on or before as-of with no pain report for the session: hold


@dataclass(frozen=True)
class Evidence:
    """What the log says about one session (None = not reported)."""

    when: date
    what: str  # "run", "walk-run", "test": for sentences
    during: int | None
    morning_before: int | None
    morning_after: int | None
    projected: bool = False
    morning_pending: bool = False  # the next morning is not reported yet (after as-of, or today)
    morning_week_ago: int | None = None  # for "morning pain must not rise week on week"


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reason: str  # the facts in words: "Pain 6/10 during Tuesday's run is above 5"
    morning_made_it: bool = False  # the next morning's report decided it

    @property
    def projected(self) -> bool:
        """True when no report judged the session: the plan assumes it passes, and says nothing."""
        return self.reason == PROJECTED


PROJECTED = "projected"


def _rise(ev: Evidence) -> int | None:
    if ev.morning_after is None or ev.morning_before is None:
        return None
    return ev.morning_after - ev.morning_before


def _weekly_rise(ev: Evidence) -> int | None:
    latest = ev.morning_after if ev.morning_after is not None else ev.morning_before
    if latest is None or ev.morning_week_ago is None:
        return None
    return latest - ev.morning_week_ago


def tendon_verdict(ev: Evidence, ceiling: int) -> Verdict:
    """Apply the pain-monitoring model (Silbernagel 2007); the morning alone can turn a session red."""
    if ev.projected:
        return Verdict(Outcome.GREEN, PROJECTED)
    where = f"{weekday(ev.when)}'s {ev.what}"
    rise, weekly = _rise(ev), _weekly_rise(ev)
    by_morning = ev.morning_after is not None
    if ev.during is not None and ev.during > ceiling:
        return Verdict(Outcome.RED, f"Pain {ev.during}/10 during {where} is above {ceiling}")
    if rise is not None and rise >= TENDON_MORNING_RED_RISE:
        return Verdict(
            Outcome.RED,
            f"Morning pain rose by {rise} (to {ev.morning_after}/10) after {where}",
            True,
        )
    if weekly is not None and weekly >= TENDON_MORNING_RED_RISE:
        return Verdict(
            Outcome.RED,
            f"Morning pain is up by {weekly} on a week ago (from {ev.morning_week_ago}/10) around {where}",
            by_morning,
        )
    if ev.during is not None and ev.during > TENDON_SAFE_PAIN:
        return Verdict(
            Outcome.AMBER, f"Pain {ev.during}/10 during {where} is above {TENDON_SAFE_PAIN}"
        )
    if rise is not None and rise >= TENDON_MORNING_AMBER_RISE:
        return Verdict(
            Outcome.AMBER,
            f"Morning pain rose by {rise} (to {ev.morning_after}/10) after {where}",
            True,
        )
    if weekly is not None and weekly >= TENDON_MORNING_AMBER_RISE:
        return Verdict(
            Outcome.AMBER,
            f"Morning pain is up by {weekly} on a week ago (from {ev.morning_week_ago}/10) around {where}",
            by_morning,
        )
    if ev.during is None:
        return Verdict(Outcome.MISSING, f"No pain score was reported for {where}")
    if ev.morning_after is None and not ev.morning_pending and ev.what in ("walk-run", "test"):
        # A stage, or the test, passes only once the morning shows the run settled (SPEC 3.3).
        return Verdict(
            Outcome.MISSING, f"No morning pain score was reported the day after {where}", True
        )
    return Verdict(
        Outcome.GREEN, f"{where[0].upper()}{where[1:]} was pain-free enough ({ev.during}/10)"
    )


def bone_verdict(ev: Evidence) -> Verdict:
    """Apply the zero-pain rule: the site must be quiet during, after and the next morning."""
    if ev.projected:
        return Verdict(Outcome.GREEN, PROJECTED)
    where = f"{weekday(ev.when)}'s {ev.what}"
    if ev.during:
        return Verdict(Outcome.RED, f"Pain {ev.during}/10 at the site during {where} is above 0")
    if ev.morning_after:  # the morning alone is enough: any site pain stops the loading
        return Verdict(
            Outcome.RED, f"Pain {ev.morning_after}/10 the morning after {where} is above 0", True
        )
    if ev.during is None:
        return Verdict(Outcome.MISSING, f"No pain score was reported for {where}")
    if ev.morning_after is None and not ev.morning_pending:
        return Verdict(
            Outcome.MISSING, f"No morning pain score was reported the day after {where}", True
        )
    return Verdict(Outcome.GREEN, f"{where[0].upper()}{where[1:]} was pain-free (0/10)")
