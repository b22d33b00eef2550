"""Time as the runner lives it: "today" is their own date in their own time zone."""

from __future__ import annotations

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


def today_in(timezone: str) -> date:
    """Return today's date in a time zone."""
    return now().astimezone(zone(timezone)).date()


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def valid_timezone(name: str) -> bool:
    """Return True for an IANA zone name such as Europe/Paris."""
    return name in available_timezones()


def timezone_names() -> list[str]:
    return sorted(available_timezones())


def runner_today() -> date:
    """Return the logged-in user's today, in their own time zone."""
    return today_in(current_user.timezone)
