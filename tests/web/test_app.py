"""The app factory, its configuration, the database and the health check."""

from __future__ import annotations

import stat

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import text

from tests.conftest import reset_postgres
from tests.web.conftest import sign_up
from web import create_app
from web.core import config
from web.store.models import Base


def test_health_check_reports_the_app_and_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_health_check_says_when_the_database_is_down(app, client, monkeypatch):
    from web.core import db

    def broken(*_args, **_kwargs):
        raise OSError("database gone")

    monkeypatch.setattr(db, "session", broken)
    monkeypatch.setattr(app.logger, "disabled", True)  # undone after the test: all apps share it
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unavailable"


def test_the_migrations_build_exactly_the_models(app):
    with app.extensions["rtr.engine"].connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_the_app_migrates_an_empty_database_when_it_starts(database_url, tmp_path):
    # The suite's databases start migrated (tests/conftest.py); this one starts from nothing.
    if database_url.startswith("sqlite"):
        database_url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    else:
        reset_postgres(database_url)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url})
    with app.extensions["rtr.engine"].connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    app.extensions["rtr.engine"].dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'wal.sqlite'}"}
    )
    with app.extensions["rtr.engine"].connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    app.extensions["rtr.engine"].dispose()


def test_the_upgrade_command_is_safe_to_repeat(app):
    result = app.test_cli_runner().invoke(args=["db-upgrade"])
    assert result.exit_code == 0 and "latest migration" in result.output


def test_with_no_configuration_it_uses_sqlite_and_a_stored_random_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = Flask("probe", instance_path=str(tmp_path), instance_relative_config=True)
    config.load(first, None)
    assert first.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'rtr.sqlite'}"
    assert len(first.config["SECRET_KEY"]) == 64
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert first.config["SESSION_COOKIE_SECURE"] is True
    again = Flask("probe", instance_path=str(tmp_path), instance_relative_config=True)
    config.load(again, None)
    assert again.config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_database_url_and_secret_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db.invalid/rtr")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    probe = Flask("probe", instance_path=str(tmp_path), instance_relative_config=True)
    config.load(probe, None)
    assert probe.config["DATABASE_URL"] == "postgresql+psycopg://db.invalid/rtr"
    assert probe.config["SECRET_KEY"] == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_an_unknown_page_gets_the_error_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is nothing here" in response.get_data(as_text=True)


def test_a_wrong_method_gets_the_error_page(client):
    response = client.delete("/healthz")
    assert response.status_code == 405 and "does not accept" in response.get_data(as_text=True)


def test_a_server_error_gets_the_error_page_without_details(app, client, monkeypatch):
    from web import store

    def explode(*_args):
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    monkeypatch.setattr(app.logger, "disabled", True)  # undone after the test: all apps share it
    monkeypatch.setattr(store.plans, "plans_of", explode)
    sign_up(client, "a@example.com", "long enough!")
    response = client.get("/plans/")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong" in html and "secret internals" not in html


def test_the_factory_lists_every_command_the_docs_name(app):
    commands = set(app.cli.commands)
    assert {"db-upgrade", "backup", "restore", "import-roster", "reset-link"} <= commands
    assert {"worker", "scheduler"} <= commands  # the reminders' (issue 20)
