"""RQ workers in processes of their own, on Redis: two workers, one killed mid-send (before
the SMTP server accepted its message), and every message arrives exactly once. Killed after
the server accepted it, a message goes again with the same Message-ID (test_sending.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time as clock_time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.reminders.conftest import PUBLIC_URL, deliveries, runner_with_plan, tick
from web.core.clock import system_clock
from web.store.models import SENT
from web.store.reminders import Due

ROOT = Path(__file__).resolve().parents[2]
RUNNERS = 16
LEASE_SECONDS = 2


def start_worker(app, redis_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": app.config["DATABASE_URL"],
        "REDIS_URL": redis_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(app.config["MAIL_PORT"]),
        "SECRET_KEY": app.config["SECRET_KEY"],
        "REMINDER_LEASE_SECONDS": str(LEASE_SECONDS),
        "PUBLIC_URL": PUBLIC_URL,
    }
    flask = str(Path(sys.executable).with_name("flask"))
    return subprocess.Popen(
        [flask, "--app", "web", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until(condition, seconds: float = 60, step: float = 0.1) -> bool:
    deadline = clock_time.monotonic() + seconds
    while clock_time.monotonic() < deadline:
        if condition():
            return True
        clock_time.sleep(step)
    return False


def test_two_workers_and_a_killed_one_send_every_message_exactly_once(app, mailbox, redis_url):
    from web.store import plans as plans_store
    from web.store import reminders as store

    away = (datetime.now(UTC) + timedelta(hours=12)).time()  # the schedule adds nothing
    plans = [
        runner_with_plan(app, f"runner{i}@example.com", at=away, change=True)
        for i in range(RUNNERS)
    ]
    app.config.update(REDIS_URL=redis_url, CLOCK=system_clock, REMINDER_LEASE_SECONDS=LEASE_SECONDS)
    with app.app_context():
        owners = {plan: plans_store.plan_by_id(plan).owner_id for plan in plans}
        # Change messages: recorded now on the real clock, so within their day to be sent.
        store.record(
            [Due("change", plan, date(2025, 3, 20), owners[plan]) for plan in plans],
            system_clock(),
            detail="The plan holds.",
        )
    mailbox.delay = 0.2  # each recipient takes a while: a kill lands mid-send
    assert tick(app)["dispatched"] == RUNNERS
    workers = [start_worker(app, redis_url), start_worker(app, redis_url)]
    try:
        # Kill while both workers wait on a recipient: the killed one is surely mid-send, before
        # its message was handed over (a kill after the server took a message and before the
        # worker recorded it would send that one twice: SMTP cannot tell).
        def both_mid_send() -> bool:
            return len(mailbox.messages) >= 4 and mailbox.waiting == 2

        assert wait_until(both_mid_send, seconds=60, step=0.005), "the workers sent nothing"
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait()
        clock_time.sleep(LEASE_SECONDS + 0.5)  # the killed worker's claim runs out
        tick(app)  # the scheduler hands it over again

        def all_sent() -> bool:
            return all(d.status == SENT for d in deliveries(app))

        assert wait_until(all_sent), [(d.id, d.status) for d in deliveries(app)]
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()
    recipients = sorted(m["To"] for m in mailbox.messages)
    assert recipients == sorted(f"runner{i}@example.com" for i in range(RUNNERS))
    assert len({m["Message-ID"] for m in mailbox.messages}) == RUNNERS
    print("attempts per delivery:", sorted(d.attempts for d in deliveries(app)))


def left_started(app, redis_url: str, seconds_ago: float) -> str:
    """Record one morning message, queue it, and leave its job as a killed worker would after
    taking it off the queue and before claiming the delivery: "started", the delivery pending."""
    from rq.job import JobStatus

    from web.services import reminder_jobs as jobs
    from web.store import plans as plans_store
    from web.store import reminders as store

    plan = runner_with_plan(
        app, "runner@example.com", at=(datetime.now(UTC) + timedelta(hours=12)).time()
    )
    app.config.update(REDIS_URL=redis_url, CLOCK=system_clock, REMINDER_LEASE_SECONDS=LEASE_SECONDS)
    with app.app_context():
        owner = plans_store.plan_by_id(plan).owner_id
        store.record([Due("morning", plan, date(2025, 3, 20), owner)], system_clock())
    assert tick(app)["dispatched"] == 1
    with app.app_context():
        queue = jobs.queue()
        job = queue.dequeue_any([queue], None, connection=queue.connection)[0]
        job.set_status(JobStatus.STARTED)
        job.started_at = datetime.now(UTC) - timedelta(seconds=seconds_ago)
        job.save()
        return job.id


def test_a_job_left_started_before_its_claim_is_queued_again_once_the_lease_has_run_out(
    app, mailbox, redis_url
):
    from rq.job import Job, JobStatus

    job_id = left_started(app, redis_url, seconds_ago=LEASE_SECONDS + 1)
    tick(app)
    with app.app_context():
        from web.services import reminder_jobs as jobs

        queue = jobs.queue()
        assert Job.fetch(job_id, connection=queue.connection).get_status() == JobStatus.QUEUED
        assert queue.job_ids == [job_id]


def test_a_job_started_within_the_lease_is_left_to_its_worker(app, mailbox, redis_url):
    from rq.job import Job, JobStatus

    job_id = left_started(app, redis_url, seconds_ago=0)
    tick(app)
    with app.app_context():
        from web.services import reminder_jobs as jobs

        queue = jobs.queue()
        assert Job.fetch(job_id, connection=queue.connection).get_status() == JobStatus.STARTED
        assert queue.job_ids == []
