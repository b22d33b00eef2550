"""Import a roster CSV for a coach: check every row first, then create them all at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import click

from planner import conditions
from planner.errors import InputError
from planner.model import PlanSpec
from planner.validation import check_spec, parse_date, parse_unit, parse_volume
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
