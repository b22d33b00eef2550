"""The request's database session: pages render after a read-only transaction has ended,
and what a view wrote without committing is never saved by that."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import g, render_template, template_rendered
from sqlalchemy import func, select

from tests.web.test_coach import coach_signup, invite_link, managed_athlete


def in_transaction_while_rendering(app) -> tuple[list[bool], object]:
    seen: list[bool] = []

    def rendered(_app, template, context, **_extra):
        db_session, db_connection = g.get("db_session"), g.get("db_connection")
        seen.append(
            db_session is not None
            and db_session.in_transaction()
            or db_connection is not None
            and db_connection.in_transaction()
        )

    return seen, template_rendered.connected_to(rendered, app)


def test_pages_render_outside_a_transaction(app, client, walk_run_plan):
    """On SQLite a transaction holds the write lock: no page may keep it while it renders."""
    seen, listening = in_transaction_while_rendering(app)
    plan = walk_run_plan
    with listening:
        for url in (
            f"/plans/{plan}/today",
            f"/plans/{plan}",
            f"/plans/{plan}/days/2025-03-12",
            f"/plans/{plan}/history",
            f"/plans/{plan}/charts",
            f"/plans/{plan}/print",
            f"/plans/{plan}/settings",
            f"/plans/{plan}/calendar-feed",
            f"/plans/{plan}/import",
            "/auth/account",
        ):
            assert client.get(url).status_code == 200, url
    assert len(seen) == 10 and not any(seen)


def test_a_coachs_plan_pages_render_outside_a_transaction_too(app, client, walk_run_plan):
    """A coach's pages ask whose plan it is and who may log it: before rendering, not during."""
    coach = app.test_client()
    coach_signup(coach)
    client.post(invite_link(coach, name="Rae"))
    athlete = managed_athlete(coach)
    seen, listening = in_transaction_while_rendering(app)
    plan = walk_run_plan
    with listening:
        for url in (
            f"/plans/{plan}/today",
            f"/plans/{plan}/days/2025-03-12",
            f"/plans/{plan}/import",
            f"/plans/{plan}/history",
            "/coach/",
            f"/coach/athletes/{athlete}",
            f"/plans/{plan}/settings",
        ):
            assert coach.get(url).status_code == 200, url
    assert len(seen) == 7 and not any(seen)


def add_user_then(app, ending: str):
    """Register a route that writes a user without committing, then fails or renders."""
    from web.core.db import session
    from web.store.models import User

    def view():
        session().add(
            User(
                email=f"{ending}@example.com",
                password_hash="!",
                timezone="UTC",
                role="runner",
                created=datetime.now(UTC),
            )
        )
        session().flush()
        if ending == "fails":
            raise RuntimeError("after a write")
        return render_template("error.html", code=400, name="Bad", message="form errors"), 400

    app.add_url_rule(f"/test/{ending}", f"test_{ending}", view)


def users_named(app, ending: str) -> int:
    from web.core.db import session
    from web.store.models import User

    with app.test_request_context():
        return session().scalar(select(func.count()).where(User.email == f"{ending}@example.com"))


def test_a_view_that_fails_after_a_write_saves_nothing(app):
    add_user_then(app, "fails")
    app.config["PROPAGATE_EXCEPTIONS"] = False  # render the 500 page as in production
    response = app.test_client().get("/test/fails")
    assert response.status_code == 500 and "Something went wrong" in response.get_data(as_text=True)
    assert users_named(app, "fails") == 0


def test_a_page_rendered_after_an_uncommitted_write_saves_nothing(app):
    add_user_then(app, "renders")
    assert app.test_client().get("/test/renders").status_code == 400
    assert users_named(app, "renders") == 0


def test_after_a_view_commits_its_write_the_page_renders_outside_a_transaction(database_url):
    """Saving feed options commits, then reads the feed again and renders in the same request.

    With no feed memo listening (PostgreSQL's default), the commit must still clear the mark
    of a write, or every later render of that request would keep its transaction."""
    from tests.conftest import fixed_clock
    from tests.web.conftest import AuthActions, add_plan
    from web import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "DATABASE_URL": database_url,
            "CLOCK": fixed_clock(),
            "WTF_CSRF_ENABLED": False,
            "FEED_MEMO_SECONDS": 0,
        }
    )
    client = app.test_client()
    AuthActions(client).signup()
    plan = add_plan(app, "runner@example.com")
    seen, listening = in_transaction_while_rendering(app)
    with listening:
        saved = client.post(f"/plans/{plan}/calendar-feed/options", data={"timing": "all_day"})
        assert saved.status_code == 200 and "options saved" in saved.get_data(as_text=True)
    assert seen == [False]
    app.extensions["rtr.engine"].dispose()


def test_pages_that_only_read_answer_while_another_process_holds_the_write_lock(
    app, client, walk_run_plan
):
    """Read-only views begin no write transaction on SQLite: eight coaches loading a roster
    of 500 at once used to queue for the lock until one of them timed out with a 500."""
    import sqlite3

    engine = app.extensions["rtr.engine"]
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL readers never wait for writers
    plan = walk_run_plan
    writer = sqlite3.connect(engine.url.database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        for url in (
            f"/plans/{plan}/today",
            f"/plans/{plan}",
            f"/plans/{plan}/history",
            f"/plans/{plan}/export.json",
            "/plans/",
        ):
            assert client.get(url).status_code == 200, url
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def add_reads_only_view_that_writes(app, how: str) -> None:
    from sqlalchemy import update

    from web.core.db import connection, reads_only, session
    from web.store.models import User

    def view():
        if how == "orm":
            session().add(
                User(
                    email="sneaky@example.com",
                    password_hash="!",
                    timezone="UTC",
                    role="runner",
                    created=datetime.now(UTC),
                )
            )
            session().commit()
        elif how == "statement":
            session().execute(update(User).values(timezone="Europe/Paris"))
        else:  # on the request's plain connection, past the ORM
            connection().execute(update(User).values(timezone="Europe/Paris"))
        return "written"

    app.add_url_rule(f"/test/reads-only-{how}", f"reads_only_{how}", reads_only(view))


def test_a_view_marked_reads_only_cannot_write(app, client):
    import pytest

    from tests.web.conftest import AuthActions
    from web.core.db import ReadOnlyViolation

    for how in ("orm", "statement", "connection"):
        add_reads_only_view_that_writes(app, how)
    AuthActions(client).signup()  # someone whose time zone the statement would change
    for how in ("orm", "statement", "connection"):
        with pytest.raises(ReadOnlyViolation):
            client.get(f"/test/reads-only-{how}")
    with app.test_request_context():
        from web.core.db import session
        from web.store.models import User

        assert session().scalar(select(func.count()).where(User.email == "sneaky@example.com")) == 0
        assert session().scalar(select(func.count()).where(User.timezone == "Europe/Paris")) == 0


def sessions_opened(app) -> tuple[list[tuple[bool, bool]], object]:
    """Note, as each request ends, whether it opened an ORM session and a plain connection."""
    from flask import request_finished

    seen: list[tuple[bool, bool]] = []

    def finished(_app, response, **_extra):
        seen.append(("db_session" in g, "db_connection" in g))

    return seen, request_finished.connected_to(finished, app)


def test_a_kept_today_page_is_served_without_an_orm_session_or_a_transaction(
    app, client, walk_run_plan
):
    """Its two reads (the log-in, the plan's row) each alone, outside any transaction (on
    PostgreSQL in autocommit), so the request opens no connection of its own."""
    today = f"/plans/{walk_run_plan}/today"
    assert client.get(today).status_code == 200  # builds and keeps the page
    seen, listening = sessions_opened(app)
    with listening:
        assert client.get(today).status_code == 200
    assert seen == [(False, False)]


def test_without_the_read_memo_sqlite_reads_them_in_the_requests_one_snapshot(tmp_path):
    """With READ_MEMO_SECONDS = 0 the two reads go through the request's plain connection."""
    from tests.web.conftest import AuthActions, add_plan, close
    from tests.web.test_feed_memo import make_app

    app = make_app(f"sqlite:///{tmp_path / 'rtr.sqlite'}", READ_MEMO_SECONDS=0)
    client = app.test_client()
    AuthActions(client).signup()
    today = f"/plans/{add_plan(app, 'runner@example.com')}/today"
    assert client.get(today).status_code == 200
    seen, listening = sessions_opened(app)
    with listening:
        assert client.get(today).status_code == 200
    assert seen == [(False, True)]
    close(app)


def test_a_read_alone_survives_a_server_that_closed_its_connections(app, database_url):
    """PostgreSQL's autocommit reader is not pinged before use: a connection the server
    dropped (a restart) is replaced and the read sent again."""
    from sqlalchemy import text

    from web.core.db import read_alone

    with app.test_request_context():
        assert read_alone(text("SELECT 1"), {}) == (1,)
        if database_url.startswith("postgresql"):
            with app.extensions["rtr.engine"].connect() as admin:
                ended = admin.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                        "AND state = 'idle' AND backend_type = 'client backend'"
                    )
                ).scalar()
            assert ended >= 1
        assert read_alone(text("SELECT 2"), {}) == (2,)


def test_a_page_that_only_reads_reads_through_one_transaction(app, client):
    """A read-only view's session joins the request's connection: one snapshot for the page."""
    from web.core.db import connection, reads_only, session

    answers = []

    def view():
        answers.append(session().connection() is connection())
        return "read"

    app.add_url_rule("/test/one-transaction", "one_transaction", reads_only(view))
    assert client.get("/test/one-transaction").status_code == 200
    assert answers == [True]


def test_a_read_only_views_plan_row_has_every_column_the_sessions_row_has(app, client, auth):
    from flask_login import current_user

    from tests.web.conftest import add_plan, add_reports, green_week
    from web import store
    from web.core.db import reads_only
    from web.store.models import PlanRow, column_values

    rows = {}

    def read(name):
        def view():
            rows[name] = store.plans.plan_for(current_user.id, plan)
            return name

        return view

    app.add_url_rule("/test/plan-row-read", "plan_row_read", reads_only(read("read")))
    app.add_url_rule("/test/plan-row-write", "plan_row_write", read("write"))
    auth.signup()
    plan = add_plan(app, "runner@example.com")
    add_reports(app, plan, green_week())
    for url in ("/test/plan-row-read", "/test/plan-row-write"):
        assert client.get(url).status_code == 200
    assert isinstance(rows["read"], PlanRow) and rows["read"].log_version >= 1
    assert column_values(rows["read"]) == column_values(rows["write"])


def test_the_migrations_build_the_schema_the_models_describe(app):
    """Every table, column, index and key of web.store.models is what the migrations made."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from web.store.models import Base

    with app.extensions["rtr.engine"].connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_a_read_alone_refuses_a_write_it_could_send_twice(app):
    """read_alone sends its statement again after a lost connection: a write is refused."""
    import pytest
    from sqlalchemy import update

    from web.core.db import ReadOnlyViolation, read_alone
    from web.store.models import User

    with app.test_request_context(), pytest.raises(ReadOnlyViolation):
        read_alone(update(User).values(timezone="UTC"), {})


def test_read_rows_sees_what_the_session_holds_unsent_and_refuses_a_write(app):
    """read_rows goes past the ORM: it sends what the session holds first, as the ORM's own
    reads do, and a write through it is refused (writes go through the session, which notes
    them for the memos)."""
    import pytest
    from sqlalchemy import bindparam, update

    from web.core.db import read_rows, session
    from web.store.models import User

    emails = select(User.email).where(User.email == bindparam("email"))
    with app.test_request_context():
        session().add(
            User(email="unsent@example.com", password_hash="x", created=datetime.now(UTC))
        )
        assert read_rows(emails, {"email": "unsent@example.com"}) == [("unsent@example.com",)]
        with pytest.raises(TypeError, match="reads only"):
            read_rows(update(User).values(timezone="UTC"), {})
        session().rollback()


def test_a_job_reading_first_may_write_only_in_its_write_phase(app):
    import pytest
    from sqlalchemy import update

    from web.core import db
    from web.store.models import User

    nobody = update(User).where(User.id == -1).values(timezone="UTC")
    with app.app_context():
        with db.reading_first():
            assert db.view_reads_only()
            with pytest.raises(db.ReadOnlyViolation, match="a reading_first\\(\\) job"):
                db.session().execute(nobody)
            db.close_session()
            db.write_phase()
            db.session().execute(nobody)  # the write phase writes
            db.session().commit()
            db.read_phase()
            assert db.view_reads_only()
        assert not db.view_reads_only()  # the block's end ends it
        assert "reads_first" not in g
