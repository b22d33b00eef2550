"""The calendar service: feed tokens and options, and rendering a plan as stored-revision iCal.

Each render revises the plan's per-day revisions (planner.calendar.revise) against the ones
stored, writes only the days that changed, and builds the file from the stored result, so the
same plan state always gives the same bytes and a changed day moves to a higher SEQUENCE.

A render is named by `render_key`, a hash of everything its bytes depend on (docs/calendar.md,
"Caching"). The feed stores the key, ETag and Last-Modified of its last render, so a poll whose
key still matches is answered from one query, without building the plan.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from planner.calendar import CalendarOptions, Revision, revise, to_ics
from web import cache, store
from web.auth.hashes import hash_secret, new_secret
from web.cache import keys
from web.core import clock
from web.services import builds
from web.services.builds import PlanState
from web.store.models import CalendarFeed, PlanRow

FEED_WINDOW = timedelta(days=14)  # the feed shows the last 14 days and everything ahead
CALENDAR_NAME = "Return to run"
MAX_ALARM_MINUTES = 24 * 60
DEFAULT_ALARM_MINUTES = 30  # before a timed event, until the runner says otherwise
# Raise when the same inputs would give other bytes (planner.calendar or icalendar changed),
# so no stored or cached render of the old format is taken for the new one.
DIGEST_ADDRESS = "/"  # day links enter the digest as paths, without any host


@dataclass(frozen=True)
class Rendered:
    """One calendar file and what HTTP caching needs to know about it."""

    body: bytes
    etag: str  # unquoted SHA-256 of the body
    last_modified: datetime
    key: str = ""  # render_key of the inputs it was made from


@dataclass(frozen=True)
class Validators:
    """The ETag and Last-Modified of a render, known without its body."""

    etag: str
    last_modified: datetime


@dataclass(frozen=True)
class Subscription:
    """What one feed token opens: the plan's and the feed's columns, the owner's zone and today."""

    found: Any  # store.feeds.feed_by_token's row: read like a PlanRow, plus feed_id, all_day, ...
    timezone: str
    today: date


def new_token() -> tuple[str, str]:
    """Return a fresh token (shown once) and the hash that is stored."""
    token = new_secret()
    return token, hash_secret(token)


def options(
    row: PlanRow,
    feed: CalendarFeed | None,
    *,
    base_url: str,
    timezone: str,
    window_start: date | None,
) -> CalendarOptions:
    """Return the export options of a plan: at its time of day if it has one, unless its feed
    chose all-day events (calendar_feed.timed)."""
    return CalendarOptions(
        name=CALENDAR_NAME,
        plan_id=str(row.id),
        base_url=base_url,
        start_time=row.calendar_time if timed(row, feed) else None,
        timezone=timezone,
        alarm_minutes=feed.alarm_minutes if feed is not None else None,
        window_start=window_start,
    )


def timed(row: PlanRow, feed: CalendarFeed | None) -> bool:
    """Are the plan's calendar events timed? Only with a time of day, and unless its feed
    chose all-day events: a plan without a feed, or whose feed never chose, follows its time
    of day, as the setting's hint says ("Blank makes all-day events")."""
    return row.calendar_time is not None and (feed is None or feed.all_day is not True)


def feed_window(today: date) -> date:
    return today - FEED_WINDOW


class TokenGone(Exception):
    """The token was rotated out or revoked."""


def subscribed(token: str) -> Subscription | None:
    """Return what a feed token opens, from one query and no build.

    None for a token nobody ever had; TokenGone for one that was retired.
    """
    if not 20 <= len(token) <= 128:
        return None
    digest = hash_secret(token)
    found = store.feeds.feed_by_token(digest)
    if found is None:
        if store.feeds.token_retired(digest):
            raise TokenGone
        return None
    timezone = found.owner_timezone or "UTC"
    return Subscription(found, timezone, clock.today_in(timezone))


def feed_options(sub: Subscription, base_url: str) -> CalendarOptions:
    """Return the feed's options: its window starts 14 days before the owner's today."""
    # One row carries the plan's columns and the feed's options: it serves as both.
    return options(
        sub.found,
        sub.found,
        base_url=base_url,
        timezone=sub.timezone,
        window_start=feed_window(sub.today),
    )


def known(sub: Subscription, calendar: CalendarOptions) -> Validators | None:
    """Return the ETag and Last-Modified stored by the last render, if it had these inputs."""
    found = sub.found
    if found.render_etag is None or found.render_modified is None:
        return None
    if found.render_key != keys.render_key(found, sub.today, calendar):
        return None
    return Validators(found.render_etag, _utc(found.render_modified))


def feed_file(sub: Subscription, calendar: CalendarOptions) -> Rendered | None:
    """Return the feed's file: this process's copy when it has these inputs, else the stored
    body of the last render when it had them (another process made it), else a render.

    None if the plan was deleted since the token was looked up.
    """
    kept = cache.feeds()
    key = keys.render_key(sub.found, sub.today, calendar)
    rendered: Rendered | None = kept.get(key)
    if rendered is not None:
        return rendered
    rendered = _stored(sub, calendar, key)
    if rendered is None:
        row = store.plans.plan_by_id(sub.found.id)
        if row is None:
            return None
        rendered = newer_than_served(
            render(builds.build_state(row, sub.timezone, sub.today), calendar), sub.found
        )
        store.feeds.remember_render(
            sub.found.feed_id, rendered.key, rendered.etag, rendered.last_modified, rendered.body
        )
    kept.put(rendered.key, rendered)
    return rendered


def newer_than_served(rendered: Rendered, found: Any) -> Rendered:
    """A body unlike the last one served is new now, even when no day in it was revised (a
    day left the 14-day window, or one came back with the revision it had): its Last-Modified
    moves past the last one's, so a poll that sends only If-Modified-Since gets it."""
    served, at = found.render_etag, found.render_modified
    if served is None or at is None or served == rendered.etag:
        return rendered
    last = _utc(at)
    if rendered.last_modified > last:
        return rendered
    now = clock.now().astimezone(UTC).replace(microsecond=0)
    return replace(rendered, last_modified=max(now, last + timedelta(seconds=1)))


def _stored(sub: Subscription, calendar: CalendarOptions, key: str) -> Rendered | None:
    validators = known(sub, calendar)
    body = store.feeds.stored_body(sub.found.feed_id, key) if validators else None
    if validators is None or body is None:
        return None
    return Rendered(body, validators.etag, validators.last_modified, key)


def render(state: PlanState, calendar: CalendarOptions) -> Rendered:
    """Revise the stored revisions against the plan, store the changed days, return the file."""
    plan_id = state.row.id
    store.feeds.lock_revisions(plan_id)
    state = _as_stored(state)
    previous = {
        r.date: Revision(r.sequence, _utc(r.modified), r.digest)
        for r in store.feeds.revisions_of(plan_id)
    }
    # The digest leaves the address out: a poll through another host name (or a new
    # PUBLIC_URL) changes no day a calendar has, so it never bumps SEQUENCE.
    current = revise(state.plan, previous, clock.now(), replace(calendar, base_url=DIGEST_ADDRESS))
    changed = [
        (day, rev.sequence, rev.modified, rev.digest)
        for day, rev in sorted(current.items())
        if previous.get(day) != rev
    ]
    # The key names the stored revisions this body is made from: the version after the save.
    version = store.feeds.save_revisions(plan_id, changed)
    body = to_ics(state.plan, calendar, current)
    window = calendar.window_start
    shown = [
        current[d.date].modified
        for d in state.plan.days
        if d.date in current and (window is None or d.date >= window)
    ]
    modified = max(shown, default=_utc(state.row.created).replace(microsecond=0))
    key = keys.render_key(state.row, state.today, calendar, version)
    return Rendered(body, hashlib.sha256(body).hexdigest(), modified, key)


def _as_stored(state: PlanState) -> PlanState:
    """The plan as the database holds it once renders wait in turn: a write that landed
    between the build and the lock (another process's report, rendered first) is built in,
    so a day's SEQUENCE never rises for content older than its stored revision."""
    built_from = keys.plan_key(state.row, state.today)
    row = store.plans.reread(state.row.id)
    if row is None or keys.plan_key(row, state.today) == built_from:
        return state
    return builds.build_state(row, "UTC", state.today)  # the day is given: no zone is read


def _utc(moment: datetime) -> datetime:
    # SQLite hands timezone-aware columns back naive; they were stored as UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def shown_minutes(stored: int | None) -> str:
    """The minutes the options form shows before anyone types: those stored, or the default."""
    return str(DEFAULT_ALARM_MINUTES if stored is None else stored)


def parse_options(
    form: Mapping[str, str], calendar_time_set: bool, stored_minutes: int | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the feed options from a form, and a message per bad field. Minutes typed without
    ticking "Remind me" (other than those the page showed: the stored ones or the default)
    are asked about, not dropped."""
    errors: dict[str, str] = {}
    timing = form.get("timing", "all_day")
    if timing not in ("all_day", "timed"):
        errors["timing"] = "Choose all-day events or events at your chosen time."
    elif timing == "timed" and not calendar_time_set:
        errors["timing"] = (
            "Set a time of day in this plan's settings first, or keep all-day events."
        )
    alarm_minutes = None
    if form.get("alarm"):
        text = form.get("alarm_minutes", "").strip()
        if not text and timing != "timed":  # all-day events remind at 07:00: no minutes needed
            text = str(DEFAULT_ALARM_MINUTES)
        if not (text.isascii() and text.isdigit() and len(text) <= 4) or (
            int(text) > MAX_ALARM_MINUTES
        ):
            errors["alarm_minutes"] = f"Give whole minutes from 0 to {MAX_ALARM_MINUTES}."
        else:
            alarm_minutes = int(text)
    elif form.get("alarm_minutes", "").strip() not in ("", shown_minutes(stored_minutes)):
        errors["alarm_minutes"] = (
            "Tick “Remind me” to be reminded: without the tick no reminder is kept. "
            "Or put back the minutes shown before."
        )
    # Without a time of day, all-day is the only answer the form allows: not a choice to keep
    # once a time is set (None: the feed follows the plan's time of day, as `timed` says).
    all_day = None if timing != "timed" and not calendar_time_set else timing != "timed"
    return {"all_day": all_day, "alarm_minutes": alarm_minutes}, errors
