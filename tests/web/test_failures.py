"""A database that cannot write: 503 with Retry-After (not 500), /healthz says why, and people
can still log in and read. Faults are real: SQLite may not grow past its pages, PostgreSQL
refuses with its own SQLSTATE, and a read-only database is opened read-only."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tests.api.conftest import Api, issue_token
from tests.conftest import fixed_clock
from tests.web.conftest import PASSWORD, AuthActions, log_counts
from web import create_app

NOTE = "n" * 2000  # a report that needs room of its own


def fill_the_disk(app, database_url: str) -> None:
    """From now on the database cannot grow: SQLite's file is capped at its current pages,
    PostgreSQL answers every insert into the log with disk_full (SQLSTATE 53100)."""
    engine = app.extensions["rtr.engine"]
    if database_url.startswith("sqlite"):
        engine.dispose()  # new connections take the cap
        with sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None) as db:
            db.execute("VACUUM")  # no free pages left to fill first
            pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.close()
        event.listen(
            engine,
            "connect",
            lambda connection, _: connection.execute(f"PRAGMA max_page_count={pages}"),
        )
        return
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION 'could not extend file: No space left on device' "
                "USING ERRCODE = 'disk_full'; END $$"
            )
        )
        for table in ("reports", "completions", "write_probes"):
            connection.execute(
                text(
                    f"CREATE TRIGGER full_{table} BEFORE INSERT ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION disk_full()"
                )
            )


def until_refused(post, days=range(1, 19)):
    """Send reports day after day until one is refused; return that answer."""
    for day in days:
        response = post(f"2025-03-{day:02d}")
        if response.status_code >= 400:
            return response
    raise AssertionError("the database never ran out of room")


def test_a_full_disk_answers_503_with_retry_after_and_nothing_is_lost(
    app, client, database_url, plan_id
):
    fill_the_disk(app, database_url)
    response = until_refused(
        lambda day: client.post(
            f"/plans/{plan_id}/report", data={"date": day, "pain_rest": "1", "note": NOTE}
        )
    )
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    page = response.get_data(as_text=True)
    assert "disk is full" in page and "Nothing was saved" in page
    stored = log_counts(app, plan_id)[0]
    assert client.get(f"/plans/{plan_id}/today").status_code == 200  # reading still works
    assert log_counts(app, plan_id)[0] == stored


def test_a_full_disk_is_a_json_503_for_the_api(app, database_url, plan_id):
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    fill_the_disk(app, database_url)
    response = until_refused(
        lambda day: api.post(f"/plans/{plan_id}/reports", json={"date": day, "note": NOTE})
    )
    assert response.status_code == 503 and "Retry-After" in response.headers
    assert "disk is full" in response.get_json()["error"]["message"]


def test_healthz_reports_a_database_that_cannot_write(app, client, database_url):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    fill_the_disk(app, database_url)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "error",
        "database": "cannot write",
        "reason": "The server's disk is full, so nothing can be saved right now.",
    }


def test_healthz_reports_a_disk_with_too_little_room_left(app, client, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's disk is the server's to watch")
    app.config["MIN_FREE_DISK_BYTES"] = 2**62  # more than any disk has
    response = client.get("/healthz")
    assert response.status_code == 503 and "MB free" in response.get_json()["reason"]


def read_only(database_url: str) -> str:
    """The same database opened read-only: a read-only SQLite file, a PostgreSQL server that
    refuses writes in every transaction (as a standby does)."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///file:{database_url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    url = make_url(database_url).update_query_dict(
        {"options": "-c default_transaction_read_only=on"}
    )
    return url.render_as_string(hide_password=False)


@pytest.fixture
def frozen(app, database_url, plan_id, tmp_path):
    """A second app on the same database, read-only; the runner and their plan exist."""
    frozen_app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "CLOCK": fixed_clock(),
            "DATABASE_URL": read_only(database_url),
            "MIGRATE_ON_START": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    frozen_app.instance_path = str(tmp_path / "frozen")
    yield frozen_app
    frozen_app.extensions["rtr.engine"].dispose()


def test_a_read_only_database_still_lets_people_log_in_and_read(app, frozen, plan_id):
    engine = create_engine(read_only(app.config["DATABASE_URL"]))
    with pytest.raises(DBAPIError, match="read-only|readonly"), engine.begin() as connection:
        connection.execute(text("DELETE FROM login_counters"))  # the fault is real
    engine.dispose()
    client = frozen.test_client()
    response = AuthActions(client).login()
    assert response.status_code == 302, response.get_data(as_text=True)
    assert client.get(f"/plans/{plan_id}/today").status_code == 200
    assert client.get(f"/plans/{plan_id}/history").status_code == 200
    refused = client.post(f"/plans/{plan_id}/report", data={"pain_rest": "2"})
    assert refused.status_code == 503 and "read-only" in refused.get_data(as_text=True)
    health = client.get("/healthz")
    assert health.status_code == 503 and "read-only" in health.get_json()["reason"]


def test_a_read_only_database_still_limits_guesses_at_a_password(frozen, plan_id):
    client = frozen.test_client()
    guess = {"email": "runner@example.com", "password": PASSWORD + "x"}
    answers = [client.post("/auth/login", data=guess).status_code for _ in range(5)]
    assert set(answers) == {503}  # each counted in the process, refused as unsaved
    right = client.post("/auth/login", data={**guess, "password": PASSWORD})
    assert right.status_code == 429 and "Too many failed attempts" in right.get_data(as_text=True)
    assert client.get(f"/plans/{plan_id}/today").status_code == 302


def test_a_wrong_password_is_still_refused_on_a_read_only_database(frozen, plan_id):
    client = frozen.test_client()
    response = client.post(
        "/auth/login", data={"email": "runner@example.com", "password": PASSWORD + "x"}
    )
    assert response.status_code in (400, 503)  # never a log-in, never a 500
    assert client.get(f"/plans/{plan_id}/today").status_code == 302
