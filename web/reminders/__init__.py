"""Reminders (issue 20): morning messages, nudges, plan changes and a coach's digest, sent by
e-mail and web push, exactly once, from RQ workers or from one in-process thread.

`init_app(app)` hooks it all in: settings, the blueprint, and the `worker` and `scheduler`
commands. `report_saved` is the hook a saved report calls.
"""

from __future__ import annotations

import mimetypes
import os

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

DEFAULTS = {
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
FROM_ENVIRONMENT = ("REDIS_URL", "REMINDER_TICK_SECONDS", "REMINDER_LEASE_SECONDS",
                    "REMINDER_RETRY_SECONDS", "REMINDER_MAX_ATTEMPTS", "REMINDER_SMTP_TIMEOUT",
                    "VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_SUBJECT")


def init_app(app: Flask) -> None:
    """Fill in the reminders' settings, register their pages and commands."""
    from web import csrf
    from web.reminders import views

    mimetypes.add_type("application/manifest+json", ".webmanifest")  # the installable app's

    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    for name in FROM_ENVIRONMENT:
        if not app.testing and os.environ.get(name):
            kind = type(DEFAULTS[name]) if DEFAULTS[name] is not None else str
            app.config[name] = kind(os.environ[name])  # a number that is not one stops here
    csrf.exempt(views.unsubscribe)  # RFC 8058: the mail client's POST carries no form token
    app.register_blueprint(views.bp)
    app.cli.add_command(worker_command)
    app.cli.add_command(scheduler_command)


def report_saved(state, saved_on) -> None:
    """After a report is saved: if the plan changed and its runner chose to hear of it,
    record the message; the next scheduler tick sends it. `state` is the plan before."""
    from web import clock, service
    from web.reminders import schedule, store

    choice = store.choice_of(state.row.id)
    if choice is None or not choice.change:
        return
    _, after = service.built(state.row, state.today)
    before = set(state.plan.decisions)
    new = [d.message for d in after.decisions if d not in before and d.date >= saved_on]
    if new:
        due = schedule.Due("change", state.row.id, state.today, state.row.owner_id)
        store.record([due], clock.now(), detail="\n".join(new))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Send reminders from the RQ queue at REDIS_URL (run as many as you like)."""
    from rq import SimpleWorker

    from web.reminders import jobs

    queue = jobs.queue()
    if queue is None:
        raise click.UsageError("REDIS_URL is not set: without Redis, `rtr serve` sends "
                               "reminders from a thread of its own.")
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
