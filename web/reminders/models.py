"""The reminders' tables: what each runner and coach chose, what was sent, where push goes.

No Flask here. A `Delivery` is one message to send exactly once: the unique constraint on
(kind, subject, day) is its idempotency key, and its status row is what a worker claims."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from web.models import Base

MORNING_DEFAULT = time(7, 0)

# The kinds of message, and which choice each one needs (a column of ReminderChoice, or of
# DigestChoice for the coach's digest).
KINDS = ("morning", "nudge", "change", "digest")

# A delivery's life: pending -> sending -> sent; a failed send waits for its next attempt,
# and after the last attempt it is dead. A plan or account gone meanwhile: dropped.
PENDING, SENDING, SENT, FAILED, DEAD, DROPPED = (
    "pending", "sending", "sent", "failed", "dead", "dropped")


class ReminderChoice(Base):
    """A runner's reminders for one plan: which messages, at what local time, by which way."""

    __tablename__ = "reminder_choices"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
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
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
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
