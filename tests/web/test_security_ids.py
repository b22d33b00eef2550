"""An id names one account or plan for good: SQLite would hand the newest one's id to the next
row once it is deleted, and a session, a link or a cache naming it would reach a stranger."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import Time, bindparam, create_engine, func, select, text

from tests.conftest import reset_postgres
from tests.web.conftest import PASSWORD, add_plan, sign_up

BEFORE = "0016_kept_pages"  # the head before ids were kept from reuse


def newest_id(app, email: str) -> int:
    from web.store import users

    with app.app_context():
        return users.by_email(email).id


def test_a_deleted_accounts_id_is_never_given_to_the_next_account(app, client):
    sign_up(client, "leaver@example.com")
    gone = newest_id(app, "leaver@example.com")
    client.post("/auth/account/delete", data={"confirm": "delete", "delete_password": PASSWORD})
    sign_up(app.test_client(), "newcomer@example.com")
    assert newest_id(app, "newcomer@example.com") > gone


def test_a_deleted_plans_id_is_never_given_to_the_next_plan(app, auth):
    auth.signup()
    gone = add_plan(app, "runner@example.com")
    from web import store

    owner = newest_id(app, "runner@example.com")
    with app.test_request_context():
        store.plans.delete_plan(store.plans.plan_for(owner, gone))
    assert add_plan(app, "runner@example.com") > gone


def migrate_to(url: str, revision: str) -> None:
    from alembic import command

    from web.core import db

    engine = db.make_engine(url)
    config = db.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


NOW = datetime(2025, 3, 1, tzinfo=UTC)


def runner_with_plan(connection, n: int, at: time | None = None) -> tuple[int, int]:
    """Insert runner n and a plan of theirs (at `at` on the calendar) in plain SQL, as an older
    schema takes them; return their ids."""
    user = connection.execute(
        text(
            "INSERT INTO users (email, password_hash, timezone, role, created, session_version) "
            "VALUES (:email, 'x', 'UTC', 'runner', :now, 0) RETURNING id"
        ),
        {"email": f"runner{n}@example.com", "now": NOW},
    ).scalar_one()
    plan = connection.execute(
        text(
            "INSERT INTO plans (owner_id, condition, onset, baseline, unit, runs_per_week, "
            "run_days, created, log_version, calendar_version, archived, calendar_time) VALUES "
            "(:user, 'plantar-fasciopathy', :onset, 20, 'km', 4, '', :now, 0, 0, false, :at) "
            "RETURNING id"
        ).bindparams(bindparam("at", type_=Time())),  # SQLite keeps a time as text
        {"user": user, "onset": date(2025, 2, 1), "now": NOW, "at": at},
    ).scalar_one()
    return user, plan


def fill(connection) -> None:
    """Three runners, each with a plan, a report and an API token; the newest runner gone."""
    for n in (1, 2, 3):
        user, plan = runner_with_plan(connection, n)
        connection.execute(
            text("INSERT INTO reports (plan_id, date, flags, note) VALUES (:plan, :day, '', '')"),
            {"plan": plan, "day": date(2025, 2, 2)},
        )
        connection.execute(
            text(
                "INSERT INTO api_tokens (user_id, name, token_hash, hint, created) "
                "VALUES (:user, 'watch', :hash, 'rtr_', :now)"
            ),
            {"user": user, "hash": f"{n:064d}", "now": NOW},
        )
    connection.execute(text("DELETE FROM users WHERE id = :user"), {"user": user})


def test_the_upgrade_keeps_every_row_and_then_never_reuses_an_id(database_url):
    from web.core import db
    from web.store.models import ApiToken, PlanRow, ReportRow, User

    if database_url.startswith("postgresql"):
        reset_postgres(database_url)
    else:
        database_url = database_url.replace("rtr.sqlite", "before.sqlite")
    migrate_to(database_url, BEFORE)
    engine = db.make_engine(database_url)
    with engine.begin() as connection:
        fill(connection)
    db.upgrade(engine)
    with engine.begin() as connection:
        for model in (User, PlanRow, ReportRow, ApiToken):
            assert connection.scalar(select(func.count()).select_from(model)) == 2
        newest = connection.scalar(select(func.max(User.id)))
        connection.execute(text("DELETE FROM users WHERE id = :id"), {"id": newest})
        assert connection.scalar(select(func.count()).select_from(ReportRow)) == 1
        new = connection.execute(
            User.__table__.insert().values(
                email="new@example.com", password_hash="x", created=datetime.now(UTC)
            )
        ).inserted_primary_key
        assert new is not None and new[0] > newest
    engine.dispose()
    if database_url.startswith("sqlite"):  # the rebuilt tables say AUTOINCREMENT
        plain = create_engine(database_url)
        with plain.connect() as connection:
            names = connection.scalars(
                text("SELECT name FROM sqlite_master WHERE sql LIKE '%AUTOINCREMENT%'")
            )
            assert set(names) == {"users", "plans"}
        plain.dispose()


def test_a_row_orphaned_before_the_migrations_does_not_stop_the_app_starting(tmp_path):
    import sqlite3

    from web.core import db

    url = f"sqlite:///{tmp_path / 'orphan.sqlite'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    engine.dispose()
    raw = sqlite3.connect(tmp_path / "orphan.sqlite")  # keys off, as a hand-edit might leave it
    raw.execute(
        "INSERT INTO reports (plan_id, date, flags, note) VALUES (999, '2025-02-02', '', '')"
    )
    raw.commit()
    raw.close()
    engine = db.make_engine(url)
    db.upgrade(engine)  # nothing to migrate; the orphan was there before
    engine.dispose()
