"""Import a roster CSV for a coach: check every row first, then create them all at once."""

from __future__ import annotations

import codecs
import csv
import io
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
RESAVE = 'save the roster as "CSV UTF-8" and import that file'
EXTRA = "(extra cells)"  # a row's cells beyond the header's, refused by check_row
NUL = "contains a NUL character (\\x00), which no field may hold"


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


def read_rows(data: bytes) -> tuple[list[str], list[dict[str, Any]]]:
    """Return the file's columns and rows; InputError("row N") when reading stops there.

    Column names are read without case or surrounding spaces ("Onset " is onset). A column the
    import does not know is refused, not skipped: a misspelt "units" would otherwise plan every
    athlete in km without a word."""
    reader = csv.reader(io.StringIO(_text(data), newline=""), strict=True)
    columns: list[str] | None = None
    rows: list[dict[str, Any]] = []
    try:
        columns = _columns(next(reader, []))
        for cells in reader:
            if cells:  # DictReader's rule: a blank line is no row
                rows.append(_row(columns, cells))
    except csv.Error as error:
        row_number = 1 if columns is None else len(rows) + 2
        raise InputError(f"row {row_number}", _unread(error)) from None
    return columns, rows


def _columns(header: list[str]) -> list[str]:
    columns = [name.strip().lower() for name in header]
    unknown = [name for name in columns if name and name not in COLUMNS]
    if unknown:
        raise InputError(
            "row 1",
            f"the import does not read the column{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(unknown)}: its columns are {', '.join(COLUMNS)}; "
            "rename or remove the others",
        )
    twice = sorted({name for name in columns if name and columns.count(name) > 1})
    if twice:
        raise InputError("row 1", f"the column {', '.join(twice)} comes twice")
    return columns


def _row(columns: list[str], cells: list[str]) -> dict[str, Any]:
    """The row's fields by column. A cell with no column to go in (beyond the header's, or
    under an unnamed one, as a spreadsheet's trailing commas make) is kept under EXTRA unless
    it is blank."""
    pairs = list(zip(columns, cells, strict=False))  # a short row's missing cells are missing
    row: dict[str, Any] = {name: cell for name, cell in pairs if name}
    unnamed = [cell for name, cell in pairs if not name]
    extra = [cell for cell in unnamed + cells[len(columns) :] if cell.strip()]
    if extra:
        row[EXTRA] = extra
    return row


def _text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("row 1", f"this file is UTF-16 text: {RESAVE}")
    try:
        return data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        raise InputError(f"row {row}", f"this is not UTF-8 text: {RESAVE}") from None


def _unread(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"a field is longer than {csv.field_size_limit()} characters"
    if "unexpected end of data" in str(error):
        return 'a quote (") opens a field that is never closed'
    return f"this row cannot be read as CSV ({error})"


def check_rows(
    rows: list[dict[str, Any]], seen_emails: set[str], timezone: str
) -> tuple[list[Athlete], list[BadRow]]:
    """Return the athletes to create and every bad row, with its number and field; the
    profiles live in `timezone`, the coach's, which dates their onsets."""
    good, bad = [], []
    today = clock.today_in(timezone)
    with click.progressbar(rows, label="Checking rows") as bar:
        for number, raw in enumerate(bar, start=2):
            try:
                good.append(check_row(raw, today, seen_emails))
            except InputError as error:
                bad.append(BadRow(number, error.field, error.message))
    return good, bad


def check_row(raw: dict[str, Any], today: date, seen_emails: set[str]) -> Athlete:
    """Check one row with planner's own validation."""
    extra = raw.get(EXTRA)
    if extra:
        raise InputError(
            "cells",
            f"{len(extra)} more cell{'s' if len(extra) > 1 else ''} than the header has columns "
            f"({', '.join(repr(cell) for cell in extra[:3])}{', …' if len(extra) > 3 else ''}): "
            "give each column a name in the header, and put a field with a comma in quotes",
        )
    for column in COLUMNS:
        if "\x00" in (raw.get(column) or ""):  # as the web app, which PostgreSQL would fail
            raise InputError(column, NUL)
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
    if not condition:
        raise InputError("condition", "is missing: give one of `rtr conditions`")
    conditions.get(condition)
    unit = parse_unit("unit", (raw.get("unit") or "km").strip())
    spec = PlanSpec(
        condition=condition,
        onset=parse_date("onset", raw.get("onset")),
        baseline=parse_volume("baseline", raw.get("baseline"), unit),
        unit=unit,
    )
    return Athlete(name, email, check_spec(spec, as_of=today))
