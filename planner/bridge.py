"""The walk-run bridge week by week: half the usual week at first, then at most +10 % a week."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from planner import protocol as P
from planner.rules import Rule
from planner.wording import day_ref

if TYPE_CHECKING:
    from planner.engine import _Builder


def week_of(b: _Builder, when: date) -> int:
    """Return the running week of a date: 7-day blocks from the plan's first run, 0-based."""
    return 0 if b.run_anchor is None else (when - b.run_anchor).days // 7


def week_cap(b: _Builder, when: date) -> tuple[float, str]:
    """Return the most running this bridge week may hold, and which cap sets it."""
    half = P.RAMP_FIRST_WEEK_SHARE * b.baseline
    week = week_of(b, when)
    earlier = [i for i, minutes in b.week_volume.items() if i < week and minutes > 0]
    if not earlier:
        return half, "half your usual week"
    before = b.week_volume[max(earlier)]
    grown = max(before * P.WEEKLY_CAP, float(P.TEST_MINUTES))  # a week may always hold the test
    if grown < half:
        return grown, f"110% of the {before:g} min of your last week with running"
    return half, "half your usual week, until the ramp"


def room(b: _Builder, when: date) -> float:
    """Return the running minutes left in this bridge week."""
    cap, _ = week_cap(b, when)
    return cap - b.week_volume.get(week_of(b, when), 0.0)


def fit(b: _Builder, when: date, stage: P.Stage, minutes: float) -> tuple[P.Stage, float]:
    """Scale a session down to the week's room (the cap wins and says so); 0 minutes = no run."""
    left = room(b, when)
    if minutes <= left:
        return stage, minutes
    if stage.continuous:
        scaled = replace(stage, run=float(int(left)))
    else:
        scaled = replace(stage, repeats=int(left // stage.run))
    fitted = scaled.run_minutes if scaled.run_minutes >= P.BRIDGE_MIN_SESSION_MINUTES else 0.0
    if fitted < minutes * P.BRIDGE_MIN_SHARE and b.week_volume.get(week_of(b, when)):
        fitted = 0.0  # a stub of a session is no session: the week's running is done
    key = f"bridge:{week_of(b, when)}"
    if key not in b.said:
        b.said.add(key)
        cap, why = week_cap(b, when)
        today = f"{fitted:g} min on {day_ref(when)}" if fitted else f"no running on {day_ref(when)}"
        b._decide(when, Rule.BRIDGE_SCALED, f"Stage {stage.name} calls for {minutes:g} min, but this week's running may not exceed {cap:g} min ({why}): {today}. The cap wins.")
    return scaled, fitted


def one_change(b: _Builder, when: date, minutes: float) -> bool:
    """Return True when a run may follow yesterday's: never longer than a run the day before."""
    yesterday = b.days[-1] if b.days else None
    if yesterday is None or (when - yesterday.date).days != 1 or not yesterday.run_minutes:
        return True
    if minutes <= yesterday.run_minutes:
        return True
    if "one_change" not in b.said:
        b.said.add("one_change")
        b._decide(when, Rule.ONE_CHANGE, f"A longer run ({minutes:g} min) right after {day_ref(yesterday.date)}'s run would change two things at once, the length and running on consecutive days: no running on {day_ref(when)}; the longer run comes after a rest day.")
    return False
