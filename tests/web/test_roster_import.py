"""The roster import command: every row checked first, then all created, or nothing."""

from __future__ import annotations

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
