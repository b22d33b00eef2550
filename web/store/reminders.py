"""Reminders: the runners' and coaches' choices, the deliveries (recorded once, claimed by one
worker, then sent, failed or dropped) and the browsers' push subscriptions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select, update

from web.core.db import dialect_insert, rowcount, session
from web.store.models import (
    DEAD,
    DROPPED,
    FAILED,
    PENDING,
    SENDING,
    SENT,
    Delivery,
    DigestChoice,
    PlanRow,
    PushSubscription,
    ReminderChoice,
    ReportRow,
    User,
)

# A change that halts the plan (a red flag, a referral) is a kind of delivery of its own: the
# unique key (kind, plan, day) keeps other changes to one a day, and must never hold back the
# one that tells a runner to stop and see someone. It is chosen and stopped as a change.
HALT = "halt"


def chosen_as(kind: str) -> str:
    """The choice a delivery of this kind is made and stopped under."""
    return "change" if kind == HALT else kind


# What the schedule (web/services/reminder_schedule.py) reads, and what it finds due


@dataclass(frozen=True)
class PlanChoice:
    """A plan's reminder choices, with what the schedule needs to know about the plan."""

    plan_id: int
    user_id: int
    timezone: str
    at: time
    morning: bool
    nudge: bool
    first_day: date
    last_report: date | None


@dataclass(frozen=True)
class CoachChoice:
    user_id: int
    timezone: str
    at: time


@dataclass(frozen=True)
class Due:
    """One message to send: its idempotency key is (kind, subject, day)."""

    kind: str
    subject: int
    day: date
    user_id: int

    @property
    def key(self) -> tuple[str, int, date]:
        return self.kind, self.subject, self.day


# Choices


def choice_of(plan_id: int) -> ReminderChoice | None:
    return session().get(ReminderChoice, plan_id)


def save_choice(plan_id: int, **values: Any) -> None:
    """Store a plan's reminder choices (all of them: morning, nudge, change, at, email, push)."""
    statement = dialect_insert(ReminderChoice).values(plan_id=plan_id, **values)
    session().execute(statement.on_conflict_do_update(index_elements=["plan_id"], set_=values))
    session().commit()


def choices_of(plan_ids: list[int]) -> dict[int, ReminderChoice]:
    """The reminder choices of many plans, by plan id (plans with none are left out)."""
    found = session().scalars(select(ReminderChoice).where(ReminderChoice.plan_id.in_(plan_ids)))
    return {choice.plan_id: choice for choice in found}


def digest_of(user_id: int) -> DigestChoice | None:
    return session().get(DigestChoice, user_id)


def save_digest(user_id: int, **values: Any) -> None:
    """Store a coach's digest choices (enabled, at, email, push)."""
    statement = dialect_insert(DigestChoice).values(user_id=user_id, **values)
    session().execute(statement.on_conflict_do_update(index_elements=["user_id"], set_=values))
    session().commit()


def turn_off(kind: str, subject: int) -> bool:
    """Stop one kind of message for a plan (or a coach's digest); False if there was none."""
    if kind == "digest":
        found = update(DigestChoice).where(DigestChoice.user_id == subject).values(enabled=False)
    else:
        found = (
            update(ReminderChoice).where(ReminderChoice.plan_id == subject).values({kind: False})
        )
    done = rowcount(session().execute(found)) > 0
    session().commit()
    return done


def plan_choices() -> list[PlanChoice]:
    """Every plan not archived with a scheduled message chosen, with its owner's zone and last
    report. (A halted plan is known from its build: the scheduler's tick leaves it out.)"""
    last = (
        select(ReportRow.plan_id, func.max(ReportRow.date).label("last"))
        .group_by(ReportRow.plan_id)
        .subquery()
    )
    rows = session().execute(
        select(
            ReminderChoice,
            PlanRow.owner_id,
            PlanRow.start,
            PlanRow.onset,
            User.timezone,
            last.c.last,
        )
        .join(PlanRow, PlanRow.id == ReminderChoice.plan_id)
        .join(User, User.id == PlanRow.owner_id)
        .outerjoin(last, last.c.plan_id == ReminderChoice.plan_id)
        .where(or_(ReminderChoice.morning, ReminderChoice.nudge), ~PlanRow.archived)
    )
    return [
        PlanChoice(c.plan_id, owner, zone, c.at, c.morning, c.nudge, start or onset, latest)
        for c, owner, start, onset, zone, latest in rows
    ]


def coach_choices() -> list[CoachChoice]:
    rows = session().execute(
        select(DigestChoice, User.timezone)
        .join(User, User.id == DigestChoice.user_id)
        .where(DigestChoice.enabled)
    )
    return [CoachChoice(c.user_id, zone, c.at) for c, zone in rows]


# Deliveries: recorded once (the unique key), claimed by one worker, then sent or failed.


def record(dues: Iterable[Due], now: datetime, detail: str = "") -> int:
    """Record due messages as pending; one already recorded stays as it is. Return how many
    are new."""
    added = 0
    for d in dues:
        statement = dialect_insert(Delivery).values(
            kind=d.kind,
            subject=d.subject,
            day=d.day,
            user_id=d.user_id,
            status=PENDING,
            attempts=0,
            detail=detail,
            error="",
            created=now,
        )
        statement = statement.on_conflict_do_nothing(index_elements=["kind", "subject", "day"])
        added += len(session().execute(statement.returning(Delivery.id)).all())
    session().commit()
    return added


def recorded(dues: Iterable[Due]) -> set[tuple[str, int, date]]:
    """The keys of those dues recorded already (in one query, by their kinds and days)."""
    dues = list(dues)
    if not dues:
        return set()
    rows = session().execute(
        select(Delivery.kind, Delivery.subject, Delivery.day).where(
            Delivery.kind.in_({d.kind for d in dues}), Delivery.day.in_({d.day for d in dues})
        )
    )
    return {(row.kind, row.subject, row.day) for row in rows}


def _claimable(now: datetime, stale_before: datetime) -> ColumnElement[bool]:
    return or_(
        Delivery.status == PENDING,
        (Delivery.status == FAILED) & (Delivery.next_attempt <= now),
        (Delivery.status == SENDING) & (Delivery.claimed < stale_before),
    )


def ready(now: datetime, stale_before: datetime, limit: int = 1000) -> list[tuple[int, int]]:
    """(id, attempts) of the deliveries a worker may claim now: pending, failed and due for
    another attempt, or claimed by a worker that has not finished within the lease (it died)."""
    rows = (
        session()
        .execute(
            select(Delivery.id, Delivery.attempts)
            .where(_claimable(now, stale_before))
            .order_by(Delivery.id)
            .limit(limit)
        )
        .all()
    )
    session().commit()
    return [(row.id, row.attempts) for row in rows]


def claim(delivery_id: int, now: datetime, stale_before: datetime) -> Delivery | None:
    """Claim a delivery for this worker, in one conditional UPDATE: of two workers (or a
    worker and its restarted self) exactly one gets it. None if it is not claimable."""
    claimed = rowcount(
        session().execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, _claimable(now, stale_before))
            .values(status=SENDING, claimed=now, attempts=Delivery.attempts + 1)
            .execution_options(synchronize_session=False)
        )
    )
    session().commit()
    if not claimed:
        return None
    return (
        session()
        .scalars(
            select(Delivery)
            .where(Delivery.id == delivery_id)
            .execution_options(populate_existing=True)
        )
        .one()
    )


def _settle(delivery: Delivery, **values: Any) -> bool:
    # Only while the claim is still ours: a worker that outlived its lease changes nothing.
    settled = rowcount(
        session().execute(
            update(Delivery)
            .where(
                Delivery.id == delivery.id,
                Delivery.status == SENDING,
                Delivery.claimed == delivery.claimed,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    )
    session().commit()
    return bool(settled)


def mark_sent(delivery: Delivery, now: datetime) -> bool:
    return _settle(delivery, status=SENT, sent=now, error="")


def mark_failed(delivery: Delivery, error: str, next_attempt: datetime, last: bool) -> bool:
    return _settle(
        delivery, status=DEAD if last else FAILED, next_attempt=next_attempt, error=error[:200]
    )


def mark_dropped(delivery: Delivery, why: str) -> bool:
    return _settle(delivery, status=DROPPED, error=why[:200])


def deliveries(kind: str | None = None) -> list[Delivery]:
    """Every delivery (of a kind), oldest first: for the tests and the admin's eye."""
    query = select(Delivery).order_by(Delivery.id)
    if kind is not None:
        query = query.where(Delivery.kind == kind)
    return list(session().scalars(query.execution_options(populate_existing=True)))


def forget_plan(plan_id: int) -> None:
    """Delete the messages about a plan about to be deleted (a change's sentences hold health
    details); the account's own go with it by the cascade, and a digest names no plan."""
    session().execute(
        delete(Delivery).where(Delivery.subject == plan_id, Delivery.kind != "digest")
    )


def first_day_of(plan_id: int) -> date | None:
    row = session().get(PlanRow, plan_id)
    return (row.start or row.onset) if row else None


# Web push subscriptions


def add_push(user_id: int, endpoint: str, p256dh: str, auth: str, now: datetime) -> None:
    """Keep a browser's push endpoint for this account (a known endpoint changes hands)."""
    values = {"user_id": user_id, "p256dh": p256dh, "auth": auth}
    statement = dialect_insert(PushSubscription).values(endpoint=endpoint, created=now, **values)
    session().execute(statement.on_conflict_do_update(index_elements=["endpoint"], set_=values))
    session().commit()


def pushes_of(user_id: int) -> list[PushSubscription]:
    return list(
        session().scalars(select(PushSubscription).where(PushSubscription.user_id == user_id))
    )


def remove_push(endpoint: str, user_id: int | None = None) -> None:
    statement = delete(PushSubscription).where(PushSubscription.endpoint == endpoint)
    if user_id is not None:
        statement = statement.where(PushSubscription.user_id == user_id)
    session().execute(statement)
    session().commit()
