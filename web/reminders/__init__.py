"""Reminders (issue 20): morning messages, nudges, plan changes and a coach's digest, sent by
e-mail and web push, once each (again, with the same Message-ID, only when a worker dies
between the SMTP server's "accepted" and recording the send), from RQ workers or from one
in-process thread.

`init_app(app)` hooks in the settings and the blueprint; `worker_command` and
`scheduler_command` are in the factory's table of commands. `plan_before` and `plan_changed`
are the hooks around every write that may change a plan (web/services/plan_changes.py).
"""

from __future__ import annotations

import mimetypes
import os
from datetime import date
from typing import TYPE_CHECKING

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

if TYPE_CHECKING:
    from planner.model import Plan
    from web.store.models import PlanRow

DEFAULTS: dict[str, str | int | bool | None] = {
    "REDIS_URL": None,  # unset: one in-process scheduler thread sends (`rtr serve`)
    "REMINDERS_EMBEDDED": True,  # that thread, when there is no Redis
    "REMINDER_TICK_SECONDS": 30,
    "REMINDER_LEASE_SECONDS": 300,  # a claim older than this belongs to a dead worker
    "REMINDER_RETRY_SECONDS": 60,  # first back-off; it doubles per failure, capped at 1 h
    "REMINDER_MAX_ATTEMPTS": 8,
    "REMINDER_SMTP_TIMEOUT": 20,
    "VAPID_PRIVATE_KEY": None,  # web push is off without it
    "VAPID_PUBLIC_KEY": None,
    "VAPID_SUBJECT": "mailto:admin@localhost",
}
FROM_ENVIRONMENT = (
    "REDIS_URL",
    "REMINDER_TICK_SECONDS",
    "REMINDER_LEASE_SECONDS",
    "REMINDER_RETRY_SECONDS",
    "REMINDER_MAX_ATTEMPTS",
    "REMINDER_SMTP_TIMEOUT",
    "VAPID_PRIVATE_KEY",
    "VAPID_PUBLIC_KEY",
    "VAPID_SUBJECT",
)


def init_app(app: Flask) -> None:
    """Fill in the reminders' settings and register their pages."""
    from web.reminders import views

    mimetypes.add_type("application/manifest+json", ".webmanifest")  # the installable app's

    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    for name in FROM_ENVIRONMENT:
        if not app.testing and os.environ.get(name):
            text = os.environ[name]
            # A number that is not one stops here, with its setting's name in the message.
            app.config[name] = int(text) if isinstance(DEFAULTS[name], int) else text
    app.register_blueprint(views.bp)


def plan_before(row: PlanRow, today: date) -> Plan | None:
    """Before a write that may change the plan: the plan as it stands, if its runner chose to
    hear when it changes (None otherwise: nothing to compare, nothing built)."""
    from web.services import builds
    from web.store import reminders

    choice = reminders.choice_of(row.id)
    if choice is None or not choice.change:
        return None
    return builds.built(row, today)[1]


def plan_changed(row: PlanRow, today: date, before: Plan | None, since: date | None = None) -> None:
    """After the write: record a "your plan changed" message with the decisions that are new
    (from `since` on, the first day the write touched, when given); the next scheduler tick
    sends it. `before` is what `plan_before` gave (None: not chosen)."""
    from web.core import clock
    from web.reminders import schedule
    from web.services import builds
    from web.store import reminders

    if before is None:
        return
    _, after = builds.built(row, today)
    known = set(before.decisions)
    new = [
        d.message for d in after.decisions if d not in known and (since is None or d.date >= since)
    ]
    if new:
        due = schedule.Due("change", row.id, today, row.owner_id)
        reminders.record([due], clock.now(), detail="\n".join(new))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Send reminders from the RQ queue at REDIS_URL (run as many as you like)."""
    from rq import SimpleWorker

    from web.reminders import jobs

    queue = jobs.queue()
    if queue is None:
        raise click.UsageError(
            "REDIS_URL is not set: without Redis, `rtr serve` sends "
            "reminders from a thread of its own."
        )
    # SimpleWorker runs each job in this process, inside the app: no fork, no shared
    # database connections across a fork.
    SimpleWorker([queue], connection=queue.connection).work(burst=burst)


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Tick once and stop.")
@with_appcontext
def scheduler_command(once: bool) -> None:
    """Record the reminders that fall due and queue them (run one of these)."""
    from web.reminders import jobs

    if jobs.queue() is None:
        click.echo("REDIS_URL is not set: this process sends the reminders itself.", err=True)
    jobs.run_scheduler(current_app._get_current_object(), once=once)  # type: ignore[attr-defined]
