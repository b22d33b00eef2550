"""Which messages are due at an instant: plain data in, plain data out, no clock, no database.

Each recipient's messages fall due at their chosen time in their own time zone, and stay due
for a window after it: a scheduler that was down at 07:00 still sends at 07:40, but one that
comes back in the evening does not send the morning message then. The same window bounds the
send: a message recorded in time but not sent by its window's end (no worker ran) is dropped,
not sent late; a plan-change message is dropped once it is a day old.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from web.store.reminders import CoachChoice, Due, PlanChoice

WINDOW = timedelta(hours=3)
CHANGE_WINDOW = timedelta(days=1)  # a "your plan changed" message is worth sending this long
QUIET_DAYS = 2  # the nudge: no pain report for this many days


def due_day(now: datetime, timezone: str, at: time) -> date | None:
    """Return the recipient's local date whose window after their time `now` falls in: today's,
    or yesterday's for a late evening time whose window runs past midnight."""
    zone = _zone(timezone)
    today = now.astimezone(zone).date()
    for day in (today, today - timedelta(days=1)):
        start = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
        if start <= now.astimezone(UTC) < start + WINDOW:
            return day
    return None


def window_end(day: date, timezone: str, at: time) -> datetime:
    """Return the instant (UTC) a message due on `day` at `at`, in the zone, is too late."""
    zone = _zone(timezone)
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC) + WINDOW


def quiet(day: date, first_day: date, last_report: date | None) -> bool:
    """Has the runner gone QUIET_DAYS without a pain report by `day`?"""
    since = last_report if last_report is not None else first_day
    return (day - since).days >= QUIET_DAYS


def due(
    now: datetime, plans: Iterable[PlanChoice], coaches: Iterable[CoachChoice] = ()
) -> Iterator[Due]:
    """Yield every message due at `now`."""
    for p in plans:
        day = due_day(now, p.timezone, p.at)
        if day is None or day < p.first_day:
            continue
        if p.morning:
            yield Due("morning", p.plan_id, day, p.user_id)
        if p.nudge and quiet(day, p.first_day, p.last_report):
            yield Due("nudge", p.plan_id, day, p.user_id)
    for c in coaches:
        day = due_day(now, c.timezone, c.at)
        if day is not None:
            yield Due("digest", c.user_id, day, c.user_id)


def backoff(attempts: int, base_seconds: float, cap_seconds: float = 3600) -> timedelta:
    """Wait before the next attempt: doubling from base_seconds after each failure, capped."""
    return timedelta(seconds=min(cap_seconds, base_seconds * 2 ** max(attempts - 1, 0)))


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
