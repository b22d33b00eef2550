"""The tables, as SQLAlchemy 2.0 typed mappings. No Flask here."""

from __future__ import annotations

import datetime as dt
import secrets
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NO_PASSWORD = "!"  # the password hash of a managed profile: nothing can log in with it
# SQLite hands a deleted row's id to the next row unless the table says AUTOINCREMENT; a
# session, an unsubscribe link or a cache key naming a deleted account or plan would then
# reach a stranger's (PostgreSQL's sequences never go back).
IDS_NEVER_REUSED = {"sqlite_autoincrement": True}
SESSION_VERSIONS = 2**30  # a random start below this leaves 2**30 bumps within PostgreSQL's int


class Base(DeclarativeBase):
    pass


def first_session_version() -> int:
    """Start each account's sessions at a random version, so that no cookie of another account
    (one deleted, whose id came back from a restored backup) can ever match this one's."""
    return secrets.randbelow(SESSION_VERSIONS)


class User(Base):
    __tablename__ = "users"
    __table_args__ = IDS_NEVER_REUSED

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    role: Mapped[str] = mapped_column(String(16), default="runner")  # runner | coach
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Bumped on log-out and password change: every session cookie issued before stops working.
    session_version: Mapped[int] = mapped_column(
        Integer, default=first_session_version, server_default="0"
    )


class PlanRow(Base):
    __tablename__ = "plans"
    __table_args__ = IDS_NEVER_REUSED

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    condition: Mapped[str] = mapped_column(String(64))
    onset: Mapped[date] = mapped_column(Date)
    baseline: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(8))
    start: Mapped[date | None] = mapped_column(Date)
    goal: Mapped[float | None] = mapped_column(Float)
    runs_per_week: Mapped[int] = mapped_column(Integer, default=4)
    easy_pace: Mapped[float | None] = mapped_column(Float)
    run_days: Mapped[str] = mapped_column(String(16), default="")  # "0,2,4"
    calendar_time: Mapped[time | None] = mapped_column(Time)
    clearance: Mapped[date | None] = mapped_column(Date)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Bumped in the transaction of every write that changes what the plan shows (store.touch),
    # and of every calendar render that changed a stored revision: cache keys carry them.
    log_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    calendar_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The runner put the plan away: hidden from My plans by default, nothing else changes.
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The routines before each change of settings, as JSON (web/store/plans.py): the days
    # before a change keep the routine they had.
    earlier_routines: Mapped[str] = mapped_column(Text, default="", server_default="")


class ReportRow(Base):
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("plan_id", "date", name="uq_reports_plan_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    pain_rest: Mapped[int | None] = mapped_column(Integer)
    pain_walking: Mapped[int | None] = mapped_column(Integer)
    pain_running: Mapped[int | None] = mapped_column(Integer)
    pain_morning: Mapped[int | None] = mapped_column(Integer)
    flags: Mapped[str] = mapped_column(String(400), default="")  # comma-separated flag ids
    note: Mapped[str] = mapped_column(Text, default="")


class CompletionRow(Base):
    __tablename__ = "completions"
    __table_args__ = (
        UniqueConstraint("plan_id", "date", "item", name="uq_completions_plan_date_item"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    item: Mapped[str] = mapped_column(String(200))


class LoginCounter(Base):
    """Log-in attempts counted per scope and key (an address, an account, or both) since
    `started`; kept in the database so every app process counts the same (web.auth.login_limits)."""

    __tablename__ = "login_counters"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(330), primary_key=True)
    started: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    last: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PasswordReset(Base):
    """A single-use password reset link: only the token's SHA-256 is kept."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CalendarFeed(Base):
    """A plan's calendar subscription: its options and the hash of its one active token."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # SHA-256 hex
    # None: follow the plan's time of day (timed when it has one); True or False: chosen.
    all_day: Mapped[bool | None] = mapped_column(default=None)
    alarm_minutes: Mapped[int | None] = mapped_column(Integer)  # None = no alarm
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The last feed render: a hash of its inputs, the ETag of its body, its Last-Modified,
    # and the body itself (read only when this process has no copy: never on a 304).
    render_key: Mapped[str | None] = mapped_column(String(64))
    render_etag: Mapped[str | None] = mapped_column(String(64))
    render_modified: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    render_body: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)


class RetiredFeedToken(Base):
    """A rotated-out or revoked feed token's hash, so it answers 410 Gone rather than 404; a
    deleted plan's tokens stay here without their plan (None), gone as well."""

    __tablename__ = "retired_feed_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="SET NULL"), index=True
    )
    retired: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CalendarRevisionRow(Base):
    """What calendar clients were last told about one plan day: SEQUENCE, LAST-MODIFIED, digest."""

    __tablename__ = "calendar_revisions"
    __table_args__ = (UniqueConstraint("plan_id", "date", name="uq_calendar_revisions_plan_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)
    modified: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    digest: Mapped[str] = mapped_column(String(64))


class RosterEntry(Base):
    """An athlete on a coach's roster: one current coach per athlete; leaving deletes the row."""

    __tablename__ = "roster_entries"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    managed: Mapped[bool] = mapped_column(default=False)  # a profile the coach keeps, no login
    joined: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RosterRow(Base):
    """An athlete's line on their coach's dashboard, kept so that a page of the roster is one
    query (web/services/roster.py). Stale, and rebuilt when next shown, once `built` falls behind
    `wanted` (every write to the athlete's plans bumps it), the athlete's day is no longer
    `valid_for`, or their roster name is no longer `name`."""

    __tablename__ = "roster_rows"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    wanted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    built: Mapped[int] = mapped_column(Integer, default=-1, server_default="-1")
    valid_for: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(120))  # the roster name it was sorted by
    # the name in lower case, to sort and find (lower case may take more characters)
    name_key: Mapped[str] = mapped_column(String(240))
    need: Mapped[int] = mapped_column(Integer)  # the index in roster_needs.NEEDS, most urgent first
    # the order within the need, lowest first (roster_needs.red_order: days since the red event)
    rank_in_need: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    silent: Mapped[int] = mapped_column(Integer)  # minus the days without a report, once 3+
    data: Mapped[str] = mapped_column(Text)  # the rest of the row, as JSON


class Invite(Base):
    """A single-use invite link to a coach's roster; only the token's SHA-256 is kept."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    athlete_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when another invite for the same managed profile handed it over: this one is void.
    cancelled: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CoachNote(Base):
    """A coach's dated note on one day of an athlete's plan."""

    __tablename__ = "coach_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """A personal API token: only its SHA-256 hash is kept, plus a hint to tell tokens apart."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 hex
    hint: Mapped[str] = mapped_column(String(16))  # the token's first characters, for the list
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # None: never


class ClearanceRow(Base):
    """A clinician cleared running on `date` (`note`: who or what): lifts a halt from then on.

    Part of the safety record: an import or a log upload adds to it and never deletes from it."""

    __tablename__ = "clearances"
    __table_args__ = (
        UniqueConstraint("plan_id", "date", "note", name="uq_clearances_plan_date_note"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RetractionRow(Base):
    """On `recorded` the runner confirmed that the red flag `flag` reported on `date` was a
    mistake. The report keeps its flag; the engine reads both. Never deleted by an import."""

    __tablename__ = "retractions"
    __table_args__ = (
        UniqueConstraint("plan_id", "date", "flag", name="uq_retractions_plan_date_flag"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    flag: Mapped[str] = mapped_column(String(40))
    recorded: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ActivityRow(Base):
    """One activity a watch recorded (planner.model.Activity), dated in the owner's time zone.

    `activity_id` is the recording's stable id: unique per plan, so a re-upload adds nothing."""

    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("plan_id", "activity_id", name="uq_activities_plan_activity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    activity_id: Mapped[str] = mapped_column(String(100))
    date: Mapped[dt.date] = mapped_column(Date)
    sport: Mapped[str] = mapped_column(String(16))
    moving_minutes: Mapped[float] = mapped_column(Float)
    distance_km: Mapped[float | None] = mapped_column(Float)
    longest_run_minutes: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(300))
    # When the recording began (UTC), for an uploaded file; None from a log or the API's JSON.
    start: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class KeptPage(Base):
    """The Today page a plan's last report led to, rendered by the process that saved the
    report, so that another process serves it instead of building and rendering it again
    (web/cache/page_cache.py). Speed only: served only while `page_key`, a hash of all the page
    shows (the plan's log version among it), matches the request's own. Its writes send no
    notice to the other processes (web/cache/write_watch.py): no memo reads it."""

    __tablename__ = "kept_pages"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    page_key: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)  # the page's UTF-8, zlib-compressed


class WriteProbe(Base):
    """Written and rolled back by the health check: can the database still take a write?"""

    __tablename__ = "write_probes"

    id: Mapped[int] = mapped_column(primary_key=True)
    filler: Mapped[bytes] = mapped_column(LargeBinary)


# Reminders (issue 20). A `Delivery` is one message to send exactly once: the unique
# constraint on (kind, subject, day) is its idempotency key, and its status row is what a
# worker claims.

MORNING_DEFAULT = time(7, 0)

# The kinds of message, and which choice each one needs (a column of ReminderChoice, or of
# DigestChoice for the coach's digest).
KINDS = ("morning", "nudge", "change", "digest")

# A delivery's life: pending -> sending -> sent; a failed send waits for its next attempt,
# and after the last attempt it is dead. A plan or account gone meanwhile: dropped.
PENDING, SENDING, SENT, FAILED, DEAD, DROPPED = (
    "pending",
    "sending",
    "sent",
    "failed",
    "dead",
    "dropped",
)


class ReminderChoice(Base):
    """A runner's reminders for one plan: which messages, at what local time, by which way."""

    __tablename__ = "reminder_choices"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    morning: Mapped[bool] = mapped_column(default=False)  # today's session
    nudge: Mapped[bool] = mapped_column(default=False)  # no pain report for 2 days
    change: Mapped[bool] = mapped_column(default=False)  # the plan changed
    at: Mapped[time] = mapped_column(Time, default=MORNING_DEFAULT)  # in the runner's zone
    email: Mapped[bool] = mapped_column(default=True)
    push: Mapped[bool] = mapped_column(default=False)


class DigestChoice(Base):
    """A coach's daily digest of the athletes who need attention."""

    __tablename__ = "digest_choices"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=False)
    at: Mapped[time] = mapped_column(Time, default=MORNING_DEFAULT)
    email: Mapped[bool] = mapped_column(default=True)
    push: Mapped[bool] = mapped_column(default=False)


class Delivery(Base):
    """One message, claimed by one worker at a time and recorded as sent once."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("kind", "subject", "day", name="uq_deliveries_kind_subject_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[int] = mapped_column(Integer)  # the plan's id; the coach's for a digest
    day: Mapped[date] = mapped_column(Date)  # the recipient's local date
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    detail: Mapped[str] = mapped_column(Text, default="")  # a change's sentences
    error: Mapped[str] = mapped_column(String(200), default="")  # the failure's type, no content
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PushSubscription(Base):
    """A browser's web push endpoint (the installed app) for one account."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(2000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def column_values(row: Base | None) -> tuple[Any, ...]:
    """Every column of a loaded row, in order (() for None): for cache keys that must name all
    a page shows of it."""
    if row is None:
        return ()
    return tuple(getattr(row, attr.key) for attr in row.__mapper__.column_attrs)
