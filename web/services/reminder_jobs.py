"""The scheduler's tick and the worker's job, on RQ with Redis or in one process without it.

The database is the source of truth, the queue only carries ids: each tick records the
messages that fell due (once: the unique key) and hands over every delivery a worker may
claim, including those whose worker died mid-send (their claim outlived the lease). A worker
claims a delivery in one conditional UPDATE before it sends and records the send after it,
so several workers and a restarted scheduler never send a message twice, and a killed one
loses none. A worker killed between the SMTP server's "accepted" and the record of the send
makes it go again after the lease (at least once, not exactly once; the Message-ID stays).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from redis import Redis
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from web.core import clock
from web.services import reminder_channels as channels
from web.services import reminder_messages as messages
from web.services import reminder_schedule as schedule
from web.services import roster
from web.store import reminders as store
from web.store import users
from web.store.models import Delivery, DigestChoice, ReminderChoice
from web.store.reminders import Due

QUEUE_NAME = "rtr-reminders"
WAITING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def queue() -> Queue | None:
    """The RQ queue at REDIS_URL, or None when no Redis is configured (one process sends)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    found = current_app.extensions.get("rtr.reminders.queue")
    if found is None:
        found = Queue(QUEUE_NAME, connection=Redis.from_url(url))
        current_app.extensions["rtr.reminders.queue"] = found
    return found


def lease_start() -> datetime:
    """Claims made before this instant belong to a worker that died: they may be claimed again."""
    return clock.now() - timedelta(seconds=current_app.config["REMINDER_LEASE_SECONDS"])


def tick(dispatch: Callable[[int, int], object] | None = None) -> dict[str, int]:
    """Record what fell due now, and dispatch every claimable delivery (to the queue if there
    is one, else sent right here). Return counts for the log."""
    now = clock.now()
    dues = considered(schedule.due(now, store.plan_choices(), store.coach_choices()))
    recorded = store.record(dues, now)
    ready = store.ready(now, lease_start())
    dispatch = dispatch or (enqueue if queue() is not None else send)
    for delivery_id, attempts in ready:
        dispatch(delivery_id, attempts)
    return {"due": len(dues), "recorded": recorded, "dispatched": len(ready)}


def considered(dues: Iterable[Due]) -> list[Due]:
    """Leave out the daily messages of halted plans: the runner was told to see a professional
    and nothing moves the plan on until a clinician's clearance, so there is nothing to nudge.
    Only a message not recorded yet is checked: the others were when they were recorded."""
    dues = list(dues)
    daily = [d for d in dues if d.kind != "digest"]
    known = store.recorded(daily)
    stopped = {d.key for d in daily if d.key not in known and _halted(d)}
    return [d for d in dues if d.key not in stopped]


def _halted(due: Due) -> bool:
    """Is the message's plan halted on its day? A plan that cannot be built says no here and
    fails alone when its message is sent, as it did before this check: one plan must not stop
    every runner's reminders."""
    try:
        return messages.halted(due.subject, due.day)
    except Exception:  # noqa: BLE001 - the tick outlives any one plan
        current_app.logger.exception("Reminders: plan %s could not be built", due.subject)
        return False


def enqueue(delivery_id: int, attempts: int = 0) -> None:
    """Put a delivery on the queue unless this attempt is already waiting there. The attempt
    is in the job's id, so a job a killed worker left "started" after claiming never blocks the
    next attempt; one it left "started" before claiming (the delivery is still pending) is
    replaced once it is older than the lease. The claim, not the queue, keeps sends single."""
    q = queue()
    assert q is not None, "enqueue needs REDIS_URL"
    job_id = f"rtr-delivery-{delivery_id}-{attempts}"
    try:
        job = Job.fetch(job_id, connection=q.connection)
    except NoSuchJobError:
        job = None
    if job is not None:
        if _still_waiting(job):
            return
        job.delete()
    q.enqueue(send, delivery_id, job_id=job_id, result_ttl=3600, failure_ttl=86400)


def _still_waiting(job: Job) -> bool:
    """True while a worker may yet run this job: queued, or started within the lease (the
    queue's own clock: RQ stamps jobs in real UTC time)."""
    status = job.get_status()
    if status != JobStatus.STARTED:
        return status in WAITING
    if job.started_at is None:
        return True
    started = clock.utc(job.started_at)
    lease = timedelta(seconds=current_app.config["REMINDER_LEASE_SECONDS"])
    return datetime.now(UTC) - started < lease


def send(delivery_id: int, _attempts: int = 0) -> str:
    """The worker's job: claim one delivery, send it, record the outcome. Never raises."""
    with current_app.app_context():  # a session of its own per job
        try:
            return _send(delivery_id)
        except Exception:  # noqa: BLE001 - a worker outlives any one message
            current_app.logger.exception("Reminder %s could not be handled", delivery_id)
            return "error"


def _send(delivery_id: int) -> str:
    delivery = store.claim(delivery_id, clock.now(), lease_start())
    if delivery is None:
        return "taken"  # sent, or another worker has it
    chosen = _chosen(delivery)
    try:
        _in_time(delivery, chosen, clock.now())
        email, push = _channels(delivery, chosen)  # first: a message nobody can get is not built
        message = messages.build(delivery)
    except messages.Skip as why:
        store.mark_dropped(delivery, str(why))
        return "dropped"
    if email:
        user = users.by_id(delivery.user_id)
        if user is None:  # the account went while this was waiting
            store.mark_dropped(delivery, "account deleted")
            return "dropped"
        try:
            channels.email(user.email, message)
        except channels.SendFailed as problem:
            return _failed(delivery, str(problem))
    if push:
        try:
            taken = channels.push(delivery.user_id, message)
        except channels.SendFailed as problem:
            if not email:  # nothing went: try again later, as for e-mail
                return _failed(delivery, str(problem))
            taken = 0  # the e-mail went, and a retry would send it twice
        if not (email or taken):
            store.mark_dropped(delivery, "no browser subscribed any more")
            return "dropped"
    store.mark_sent(delivery, clock.now())
    return "sent"


def _chosen(delivery: Delivery) -> DigestChoice | ReminderChoice | None:
    """The choice this message falls under, as it stands now (None: turned off for good)."""
    if delivery.kind == "digest":
        return store.digest_of(delivery.subject)
    return store.choice_of(delivery.subject)


def _in_time(
    delivery: Delivery, chosen: DigestChoice | ReminderChoice | None, now: datetime
) -> None:
    """Raise Skip when the message is past its window (the sender was down): a morning message
    read at night, or three days' at once, is worse than none."""
    if store.chosen_as(delivery.kind) == "change":
        if now >= clock.utc(delivery.created) + schedule.CHANGE_WINDOW:
            raise messages.Skip("too late")
        return
    user = users.by_id(delivery.user_id)
    if chosen is None or user is None:
        return  # told below: turned off, or the account went
    if now >= schedule.window_end(delivery.day, user.timezone, chosen.at):
        raise messages.Skip("too late")


def _channels(
    delivery: Delivery, chosen: DigestChoice | ReminderChoice | None
) -> tuple[bool, bool]:
    """Which ways this message goes, as chosen now: a choice turned off since it fell due wins."""
    if isinstance(chosen, DigestChoice):
        wanted = chosen.enabled
    else:
        wanted = chosen is not None and getattr(chosen, store.chosen_as(delivery.kind))
    email, push = (chosen.email, chosen.push) if chosen else (False, False)
    email = email and channels.email_enabled()
    push = push and channels.push_enabled() and bool(store.pushes_of(delivery.user_id))
    if not wanted:
        raise messages.Skip("turned off")
    if not (email or push):
        raise messages.Skip("no way to send")
    return email, push


def _failed(delivery: Delivery, why: str) -> str:
    config = current_app.config
    last = delivery.attempts >= int(config["REMINDER_MAX_ATTEMPTS"])
    wait = schedule.backoff(delivery.attempts, float(config["REMINDER_RETRY_SECONDS"]))
    store.mark_failed(delivery, why, clock.now() + wait, last)
    current_app.logger.warning(
        "Reminder %s failed (%s), attempt %s%s",
        delivery.id,
        why,
        delivery.attempts,
        ", giving up" if last else "",
    )
    return "dead" if last else "failed"


def run_scheduler(app: Flask, *, once: bool = False, stop: threading.Event | None = None) -> None:
    """Tick every REMINDER_TICK_SECONDS until stopped, then bring the coaches' stored roster
    rows up to date (a new day where athletes live makes theirs stale); a failing tick or
    refresh is logged, not fatal."""
    stop = stop or threading.Event()
    while not stop.is_set():
        with app.app_context():
            try:
                counts = tick()
                if counts["recorded"] or counts["dispatched"]:
                    app.logger.info("Reminders: %s", counts)
            except Exception:  # noqa: BLE001 - the next tick tries again
                app.logger.exception("Reminder tick failed")
        with app.app_context():
            try:
                roster.refresh_every_roster()
            except Exception:  # noqa: BLE001 - the next tick tries again
                app.logger.exception("Roster refresh failed")
        if once:
            return
        stop.wait(float(app.config["REMINDER_TICK_SECONDS"]))


def start_embedded(app: Flask, stop: threading.Event | None = None) -> threading.Thread | None:
    """Without Redis, run the scheduler on a thread of this process, sending as it goes:
    for one machine and one app process (`rtr serve --workers` starts it in one worker at a
    time: rtr/serving.py), until `stop` is set. With REDIS_URL set, the `scheduler` and `worker` commands do
    this instead."""
    if app.config.get("REDIS_URL") or not app.config.get("REMINDERS_EMBEDDED", True):
        return None
    thread = threading.Thread(
        target=run_scheduler, args=(app,), kwargs={"stop": stop}, name="reminders", daemon=True
    )
    thread.start()
    return thread
