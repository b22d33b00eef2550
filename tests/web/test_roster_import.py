"""The roster import command: every row checked first, then all created, or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.web.conftest import PASSWORD

GOOD = """name,email,condition,onset,baseline,unit
Ana,ana@example.com,achilles-tendinopathy-midportion,2025-03-01,30,km
Bo,,plantar-fasciitis,2025-02-15,20,mi
"""
BAD = (
    GOOD
    + """Cy,,no-such-thing,2025-03-01,30,km
Di,,plantar-fasciitis,2025-13-01,30,km
Ed,,plantar-fasciitis,2025-03-01,-5,km
"""
)


def counts(app) -> tuple[int, int]:
    from web.core.db import session
    from web.store.models import PlanRow, RosterEntry

    with app.test_request_context():
        db = session()
        return (
            db.scalar(select(func.count()).select_from(RosterEntry)),
            db.scalar(select(func.count()).select_from(PlanRow)),
        )


def coach(app):
    app.test_client().post(
        "/auth/signup",
        data={
            "email": "coach@example.com",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "coach": "1",
        },
    )


def run(app, tmp_path, text, email="coach@example.com"):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    return app.test_cli_runner().invoke(args=["import-roster", "--coach", email, str(path)])


def test_a_good_roster_creates_every_athlete_with_a_plan(app, tmp_path):
    coach(app)
    result = run(app, tmp_path, GOOD)
    assert result.exit_code == 0, result.output
    assert "Imported 2 athletes." in result.output
    assert counts(app) == (2, 2)


def test_the_import_builds_the_rosters_rows_so_the_coachs_first_view_is_not_the_slow_one(
    app, tmp_path
):
    from web.core import clock
    from web.store import roster_rows, users

    coach(app)
    assert run(app, tmp_path, GOOD).exit_code == 0
    with app.test_request_context():
        coach_id = users.by_email("coach@example.com").id
        today_in = {zone: clock.today_in(zone) for zone in roster_rows.timezones_of(coach_id)}
        assert today_in and roster_rows.stale_of(coach_id, today_in) == []


def test_bad_rows_are_reported_by_number_and_field_and_nothing_is_created(app, tmp_path):
    coach(app)
    result = run(app, tmp_path, BAD)
    assert result.exit_code == 1
    assert "row 4, condition:" in result.output
    assert "row 5, onset:" in result.output
    assert "row 6, baseline:" in result.output
    assert "nothing was imported" in result.output
    assert counts(app) == (0, 0)


def test_a_taken_email_or_a_missing_column_is_refused(app, tmp_path):
    coach(app)
    taken = GOOD.replace("ana@example.com", "coach@example.com")
    assert "row 2, email:" in run(app, tmp_path, taken).output
    assert "lacks the columns: onset" in run(app, tmp_path, "name,condition,baseline\n").output
    assert counts(app) == (0, 0)


def test_only_a_coach_can_import(app, tmp_path, auth):
    auth.signup()
    result = run(app, tmp_path, GOOD, email="runner@example.com")
    assert result.exit_code == 1 and "No coach account" in result.output
    assert counts(app) == (0, 0)


HEADER = "name,email,condition,onset,baseline,unit\n"
ROW = "Zoë,zoe@example.com,plantar-fasciitis,2025-03-01,30,km\n"


@pytest.mark.parametrize(
    ("data", "where", "words"),
    [
        ((HEADER + ROW).encode("latin-1"), "row 2", "not UTF-8 text"),
        ((HEADER + ROW).encode("utf-16"), "row 1", "UTF-16"),
        (HEADER + "A" + "x" * 200_000 + ROW[1:], "row 2", "longer than 131072 characters"),
        (
            HEADER + ROW + '"Ann,ann@example.com,plantar-fasciitis,2025-03-01,30,km\n',
            "row 3",
            "quote",
        ),
        ('"' + HEADER + ROW, "row 1", "quote"),
        (HEADER + ROW.replace("Zoë", "Z\x00e"), "row 2, name", "NUL character (\\x00)"),
        (HEADER + ROW.replace("km", "k\x00m"), "row 2, unit", "NUL character (\\x00)"),
    ],
)
def test_a_file_that_cannot_be_read_whole_is_refused_in_one_line_naming_the_row(
    app, tmp_path, data, where, words
):
    coach(app)
    path = tmp_path / "roster.csv"
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    result = app.test_cli_runner().invoke(
        args=["import-roster", "--coach", "coach@example.com", str(path)]
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    problems = [line for line in result.output.splitlines() if where in line]
    assert len(problems) == 1 and words in problems[0], result.output
    assert "nothing was imported" in result.output.lower()
    assert counts(app) == (0, 0)


def test_a_row_without_a_condition_says_it_is_missing(app, tmp_path):
    coach(app)
    result = run(app, tmp_path, HEADER + "Ann\n")
    assert "row 2, condition: is missing" in result.output
    assert counts(app) == (0, 0)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (GOOD.replace(",unit\n", ",units\n", 1), "the import does not read the column units"),
        (GOOD.replace(",unit\n", ",unit,phone\n", 1), "the import does not read the column phone"),
        (GOOD.replace("name,", "name,Name,", 1), "the column name comes twice"),
    ],
)
def test_a_column_the_import_does_not_read_is_refused_not_skipped(app, tmp_path, text, words):
    coach(app)
    result = run(app, tmp_path, text)
    assert result.exit_code == 1
    assert f"row 1: {words}" in result.output
    assert "nothing was imported" in result.output
    assert counts(app) == (0, 0)


def test_a_cell_with_no_column_to_go_in_is_refused_by_row(app, tmp_path):
    coach(app)
    comma = GOOD.replace("Bo,", "Bo, Jr,", 1)
    result = run(app, tmp_path, comma)
    assert "row 3, cells: 1 more cell than the header has columns ('mi')" in result.output
    assert counts(app) == (0, 0)
    unnamed = GOOD.replace("unit\n", "unit,\n", 1).replace(",km\n", ",km,30 km/week\n", 1)
    assert "row 2, cells: 1 more cell" in run(app, tmp_path, unnamed).output
    assert counts(app) == (0, 0)


def test_column_names_are_read_without_case_or_spaces_and_blank_trailing_columns_are_fine(
    app, tmp_path
):
    coach(app)
    header, rest = GOOD.split("\n", 1)
    spreadsheet = " Name,EMAIL,Condition ,Onset,Baseline,Unit,,\n" + rest.replace("\n", ",,\n")
    result = run(app, tmp_path, spreadsheet)
    assert result.exit_code == 0, result.output
    assert counts(app) == (2, 2)
