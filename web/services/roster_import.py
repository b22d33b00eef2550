"""Import a roster CSV for a coach: check every row first, then create them all at once."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

import click
from flask import current_app
from flask.cli import with_appcontext

from planner import conditions
from planner.errors import InputError
from planner.model import PlanSpec
from planner.validation import check_spec, parse_date, parse_unit, parse_volume
from web import store
from web.core import clock
from web.forms import accounts
from web.forms.limits import check_name
from web.store import users

COLUMNS = ("name", "email", "condition", "onset", "baseline", "unit")


@dataclass(frozen=True)
class Athlete:
    name: str
    email: str
    spec: PlanSpec


@dataclass(frozen=True)
class BadRow:
    row: int  # the line in the file, header = 1
    field: str
    message: str


def check_rows(
    rows: list[dict[str, Any]], seen_emails: set[str]
) -> tuple[list[Athlete], list[BadRow]]:
    """Return the athletes to create and every bad row, with its number and field."""
    good, bad = [], []
    today = clock.today_in("UTC")
    with click.progressbar(rows, label="Checking rows") as bar:
        for number, raw in enumerate(bar, start=2):
            try:
                good.append(check_row(raw, today, seen_emails))
            except InputError as error:
                bad.append(BadRow(number, error.field, error.message))
    return good, bad


def check_row(raw: dict[str, Any], today: date, seen_emails: set[str]) -> Athlete:
    """Check one row with planner's own validation."""
    name = check_name(raw.get("name") or "")
    email = accounts.clean_email(raw.get("email") or "")
    if email:
        problem = accounts.email_error(email)
        if problem:
            raise InputError("email", problem)
        if email in seen_emails or users.by_email(email):
            raise InputError("email", f"{email} is already used")
        seen_emails.add(email)
    condition = (raw.get("condition") or "").strip()
    conditions.get(condition)
    unit = parse_unit("unit", (raw.get("unit") or "km").strip())
    spec = PlanSpec(
        condition=condition,
        onset=parse_date("onset", raw.get("onset")),
        baseline=parse_volume("baseline", raw.get("baseline"), unit),
        unit=unit,
    )
    return Athlete(name, email, check_spec(spec, as_of=today))


@click.command("import-roster")
@click.option("--coach", "coach_email", required=True, help="The coach's account email.")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@with_appcontext
def import_roster(coach_email: str, file: TextIO) -> None:
    """Import athletes (name, email, condition, onset, baseline, unit) for a coach."""
    coach = users.by_email(accounts.clean_email(coach_email))
    if coach is None or coach.role != "coach":
        raise click.ClickException(f"No coach account with the email {coach_email}.")
    reader = csv.DictReader(file)
    missing = {"name", "condition", "onset", "baseline"} - set(reader.fieldnames or ())
    if missing:
        raise click.ClickException(f"The file lacks the columns: {', '.join(sorted(missing))}.")
    good, bad = check_rows(list(reader), set())
    if bad:
        for problem in bad:
            click.echo(f"row {problem.row}, {problem.field}: {problem.message}", err=True)
        raise click.ClickException(f"{len(bad)} bad rows; nothing was imported.")
    with click.progressbar(good, label="Creating athletes") as bar:
        store.roster.add_roster(
            coach.id,
            [(a.name, a.email, a.spec) for a in bar],
        )
    current_app.logger.info("imported %d athletes", len(good))
    click.echo(f"Imported {len(good)} athletes.")
