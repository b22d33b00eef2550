"""The order of need on a coach's dashboard, and its words: which need a snapshot shows
(`need`), why (`reason`), the plan an athlete is ranked by (`pick`), the ranking (`rank`) and the
filter (`matching`); the needs and their labels; the pain sparkline's points.
"""

from __future__ import annotations

from typing import Any

from planner.protocol import RED_FLAGS
from web.core.templating import short_date
from web.services.roster_snapshot import WINDOW_DAYS, Snapshot

QUIET_DAYS = 3  # no report for this many days is a signal
NEVER = 10_000  # the days without a report of a plan with no first day (never in a built one)
MIN_ADHERENCE = 0.8  # below this share of items ticked off, sessions count as missed
# A score above 5/10 in the last report is more than the pain-monitoring model accepts during
# activity (0-5; planner/protocol.py): the coach should look, whatever the rules did with it.
HIGH_PAIN = 6
# Pain this much above the week's lowest is rising, even when the week began higher.
RISE_FROM_LOW = 2
# Among the red, a stop with no red event to date (a condition referred from its first day)
# ranks after every dated one.
STANDING = 100_000

# Most urgent first. "no_report": a plan with no report yet, not yet quiet; nothing to act on,
# but nothing says the athlete is on track either. Stored rows keep the index: a change here
# needs a migration that marks every row out of date (as 0015 and 0019 do).
NEEDS = ("red", "pain", "missed", "quiet", "no_plan", "no_report", "ok")
NEED_LABELS = {
    "red": "Red flag or stopped",
    "pain": "Pain: take a look",
    "missed": "Missed sessions",
    "quiet": "No report for 3+ days",
    "no_plan": "No plan yet",
    "no_report": "No report yet",
    "ok": "On track",
}
ATTENTION = frozenset(NEEDS) - {"no_plan", "no_report", "ok"}  # what a coach's digest lists


def need(s: Snapshot) -> str:
    """Name the most urgent signal of one athlete."""
    if s.plan_id is None:
        return "no_plan"
    if s.status == "halted" or s.red_flag:
        return "red"
    if s.red_session or s.advised or high_pain(s) or rising_pain(s):
        return "pain"
    if s.adherence is not None and s.adherence < MIN_ADHERENCE:
        return "missed"
    if s.status == "active" and silence(s):
        return "quiet"
    if s.last_report is None:
        return "no_report"
    return "ok"


def silent_days(s: Snapshot) -> int:
    """Days since the last report, or, when none came yet, since the plan's first day or the
    day it was made, whichever is later (a plan made today is not silent)."""
    started = max((d for d in (s.first_day, s.made) if d is not None), default=None)
    since = s.last_report or started
    return (s.today - since).days if since else NEVER


def silence(s: Snapshot) -> int:
    """Days without a report on a current plan (active or stopped) once they are a signal (3
    or more), whatever the athlete's need; 0 otherwise."""
    if s.plan_id is None or s.status not in ("active", "halted"):
        return 0
    days = silent_days(s)
    return days if days >= QUIET_DAYS else 0


def high_pain(s: Snapshot) -> bool:
    """Was the last report, in the last 7 days, above 5/10 anywhere?"""
    recent = s.last_report is not None and (s.today - s.last_report).days < WINDOW_DAYS
    return recent and s.last_pain is not None and s.last_pain >= HIGH_PAIN


def rising_pain(s: Snapshot) -> tuple[str, int, int] | None:
    """The week's steepest rising pain, morning, running, walking or at rest (ties: in that
    order): (which, from, to); None if none rises."""
    rises = [
        (word, *rise)
        for word, scores, least in (
            ("morning pain", s.morning, 1),
            ("running pain", s.running, RISE_FROM_LOW),
            ("walking pain", s.walking, RISE_FROM_LOW),
            ("pain at rest", s.rest, RISE_FROM_LOW),
        )
        for rise in [_rise(scores, least)]
        if rise is not None
    ]
    return max(rises, key=lambda r: r[2] - r[1], default=None)


def _rise(scores: tuple[int, ...], least: int = 1) -> tuple[int, int] | None:
    """One pain rising over the week: (from, to) when the latest is `least` or more above the
    first, or 2 or more above the lowest before it (1, 1, 2, 3, 4 after a bad first morning);
    None if not. Morning pain counts from 1 up; pain during a run, a walk or at rest may move a
    point within what the plan allows, so it counts from 2 up."""
    if len(scores) < 2:
        return None
    latest, low = scores[-1], min(scores[:-1])
    if latest >= scores[0] + least:
        return scores[0], latest
    if latest >= low + RISE_FROM_LOW:
        return low, latest
    return None


def pick(plans: list[Snapshot]) -> Snapshot | None:
    """Choose the plan an athlete is ranked by: the most urgent current one (not archived,
    then not complete), one with a red flag reported this week before one stopped for another
    reason (a plan that needs a professional from its first day must not hide a new flag on
    another), then the newest (first given) among equals; None without plans."""
    return min(
        plans,
        key=lambda s: (
            s.archived,
            s.status == "complete",
            NEEDS.index(need(s)),
            not s.red_flag,
        ),
        default=None,
    )


def reason(s: Snapshot) -> str:
    """Say in a few words why an athlete has their need: which flag, which pain, how much; and
    how long they have been silent, when that is a signal too."""
    why = _why(s)
    days = silence(s)
    if not days or need(s) == "quiet":  # the quiet say so already
        return why
    silent = f"no report for {days} days" if days < NEVER else "no report yet"
    return f"{why}; {silent}" if why else silent


def _why(s: Snapshot) -> str:
    kind = need(s)
    if kind == "red":
        flags = ", ".join(RED_FLAGS[f].label.lower() for f in s.flags if f in RED_FLAGS)
        if flags:
            return f"{'Stopped: ' if s.status == 'halted' else 'Red flag: '}{flags}"
        return "Plan stopped: see a professional"
    if kind == "pain":
        if s.advised:
            return "told to see a professional this week"
        if high_pain(s):
            return f"pain {s.last_pain}/10 in the last report"
        rise = rising_pain(s)
        if rise:
            return f"{rise[0]} {rise[1]} → {rise[2]}/10"
        return "stepped back for pain this week"
    if kind == "missed" and s.adherence is not None:
        return f"{round(s.adherence * 100)}% done in 7 days"
    if kind == "quiet":
        return (
            f"last report {(s.today - s.last_report).days} days ago"
            if s.last_report
            else "no report yet"
        )
    if kind == "no_report" and s.first_day and s.first_day > s.today:
        return f"the plan starts {short_date(s.first_day)}"
    if kind == "ok" and s.cleared:
        return f"red flag cleared {short_date(s.cleared)}"
    return ""


def red_order(s: Snapshot) -> int:
    """Order the red among themselves: days since the latest red event, today's first; a plan
    stopped from its first day, with no fresh flag, after them. 0 for the other needs."""
    if need(s) != "red":
        return 0
    return (s.today - s.red_since).days if s.red_since else STANDING


def rank(snapshots: list[Snapshot]) -> list[Snapshot]:
    """Sort by need; among the red the latest red event first; then the longest silent first
    (3 days or more), then by name."""

    def key(s: Snapshot) -> tuple[Any, ...]:
        return (
            NEEDS.index(need(s)),
            red_order(s),
            -silence(s),
            s.name.lower(),
            s.athlete_id,
        )

    return sorted(snapshots, key=key)


def matching(snapshots: list[Snapshot], wanted: str | None, query: str) -> list[Snapshot]:
    """Keep, in order, the athletes with the wanted need (any when None; "quiet": everyone
    silent 3 days or more, whatever their need) whose name holds the query, in any case."""
    query = query.strip().lower()
    return [s for s in snapshots if has_need(s, wanted) and query in s.name.lower()]


def has_need(s: Snapshot, wanted: str | None) -> bool:
    """Does the athlete show under this need's filter (any when None)?"""
    if wanted == "quiet":
        return silence(s) > 0
    return wanted is None or need(s) == wanted


def sparkline(values: tuple[int, ...], width: int = 80, height: int = 20) -> str:
    """Return SVG polyline points for pain scores 0-10 spread across the width."""
    if not values:
        return ""
    step = width / max(len(values) - 1, 1)
    return " ".join(
        f"{round(i * step, 1)},{round(height - v / 10 * height, 1)}" for i, v in enumerate(values)
    )
