"""Time as the runner lives it: "today" is their own date in their own time zone."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app
from flask_login import current_user


def system_clock() -> datetime:
    return datetime.now(UTC)


def now() -> datetime:
    """Return the current instant from the app's clock (tests inject a fixed one)."""
    clock: Callable[[], datetime] = current_app.config["CLOCK"]
    return clock()


def utc(moment: datetime) -> datetime:
    """Return a stored instant with its zone: SQLite gives them back naive, in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def day_in(moment: datetime, timezone: str) -> date:
    """Return the day a stored instant falls on in a time zone."""
    return utc(moment).astimezone(zone(timezone)).date()


def today_in(timezone: str) -> date:
    """Return today's date in a time zone."""
    return now().astimezone(zone(timezone)).date()


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


# The regions a runner picks from; "localtime", posix/, right/, Etc/ and the old aliases
# (US/Pacific, GMT, ...) are files of the zone database, not places, and stay out.
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@functools.cache
def timezone_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return the zones a runner may choose, grouped by region, UTC last."""
    zones = available_timezones()
    groups = [
        (region, tuple(sorted(z for z in zones if z.startswith(region + "/"))))
        for region in REGIONS
    ]
    return (*groups, ("UTC", ("UTC",)))


def valid_timezone(name: str) -> bool:
    """Return True for a zone of the list, such as Europe/Paris."""
    return name in timezone_names()


@functools.cache
def timezone_names() -> frozenset[str]:
    return frozenset(zone for _, zones in timezone_groups() for zone in zones)


def runner_today() -> date:
    """Return the logged-in user's today, in their own time zone."""
    return today_in(current_user.timezone)
