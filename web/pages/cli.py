"""The `flask --app web` commands that are not pages: the reminders' worker and scheduler, and
the roster import. (db-upgrade, backup, restore and reset-link sit beside what they run.)"""

from __future__ import annotations

from typing import BinaryIO

import click
from flask import current_app
from flask.cli import with_appcontext

from planner.errors import InputError
from web.forms import accounts
from web.services import roster_import
from web.services.roster import refresh as refresh_roster
from web.store import roster, users


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Send reminders from the RQ queue at REDIS_URL (run as many as you like)."""
    from rq import SimpleWorker

    from web.services import reminder_jobs

    queue = reminder_jobs.queue()
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
    from web.services import reminder_jobs

    if reminder_jobs.queue() is None:
        click.echo("REDIS_URL is not set: this process sends the reminders itself.", err=True)
    reminder_jobs.run_scheduler(current_app._get_current_object(), once=once)  # type: ignore[attr-defined]


@click.command("import-roster")
@click.option("--coach", "coach_email", required=True, help="The coach's account email.")
@click.argument("file", type=click.File("rb"))
@with_appcontext
def import_roster_command(coach_email: str, file: BinaryIO) -> None:
    """Import athletes (name, email, condition, onset, baseline, unit) for a coach."""
    coach = users.by_email(accounts.clean_email(coach_email))
    if coach is None or coach.role != "coach":
        raise click.ClickException(f"No coach account with the email {coach_email}.")
    try:
        columns, rows = roster_import.read_rows(file.read())
    except InputError as unreadable:
        raise click.ClickException(f"{unreadable}; nothing was imported.") from None
    missing = {"name", "condition", "onset", "baseline"} - set(columns)
    if missing:
        raise click.ClickException(f"The file lacks the columns: {', '.join(sorted(missing))}.")
    good, bad = roster_import.check_rows(rows, set(), coach.timezone)
    if bad:
        for problem in bad:
            click.echo(f"row {problem.row}, {problem.field}: {problem.message}", err=True)
        raise click.ClickException(f"{len(bad)} bad rows; nothing was imported.")
    with click.progressbar(good, label="Creating athletes") as bar:
        roster.add_roster(
            coach.id,
            [(a.name, a.email, a.spec) for a in bar],
        )
    current_app.logger.info("imported %d athletes", len(good))
    click.echo(f"Imported {len(good)} athletes.")
    # The roster's rows are built here, once: else the coach's first view builds every plan
    # (10,000 athletes took 23 s of CPU on that first load).
    click.echo("Building the roster's rows for the coach's dashboard...")
    if not refresh_roster(coach.id):
        click.echo("The rows could not be stored; the dashboard builds them on its first view.")
