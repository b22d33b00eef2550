"""Back up a database with data, restore it elsewhere, and read the same plans."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from planner.logio import log_to_dict
from tests.conftest import fixed_clock
from tests.web.conftest import add_reports, green_week
from web import create_app, store
from web.core.db import sqlite_file


def plans_seen(app) -> list[dict]:
    """Every plan with its settings and log, as the API would show them."""
    from web import store
    from web.core.db import session
    from web.services.plan_info import plan_info
    from web.store.models import PlanRow

    with app.test_request_context():
        rows = session().query(PlanRow).order_by(PlanRow.id).all()
        return [{**plan_info(row), "log": log_to_dict(store.logs.load_log(row))} for row in rows]


def app_on(url: str, tmp_path):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url, "CLOCK": fixed_clock()}
    )
    app.instance_path = str(tmp_path / "instance")
    return app


@pytest.fixture
def elsewhere(database_url, tmp_path):
    """An empty database of the same kind to restore into."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    base = make_url(database_url)
    name = f"{base.database}_restored"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_backup_restored_elsewhere_reads_the_same_plans(app, walk_run_plan, elsewhere, tmp_path):
    before = plans_seen(app)
    assert before and before[0]["log"]["reports"]
    dest = tmp_path / "rtr.backup"
    done = app.test_cli_runner().invoke(args=["backup", str(dest)])
    assert done.exit_code == 0, done.output
    assert "1 account, 1 plan" in done.output
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600  # health data: the owner's eyes only
    other = app_on(elsewhere, tmp_path)
    done = other.test_cli_runner().invoke(args=["restore", str(dest)])
    assert done.exit_code == 0, done.output
    assert plans_seen(other) == before
    other.extensions["rtr.engine"].dispose()


def test_a_restore_will_not_overwrite_a_database_with_data_unless_forced(
    app, walk_run_plan, tmp_path
):
    dest = tmp_path / "rtr.backup"
    app.test_cli_runner().invoke(args=["backup", str(dest)])
    add_reports(app, walk_run_plan, green_week()[:1])
    refused = app.test_cli_runner().invoke(args=["restore", str(dest)])
    assert refused.exit_code != 0 and "--force" in refused.output
    before = plans_seen(app)
    done = app.test_cli_runner().invoke(args=["restore", "--force", str(dest)])
    assert done.exit_code == 0, done.output
    assert plans_seen(app) == before  # the same data came back


def test_a_backup_will_not_overwrite_a_file_unless_forced(app, walk_run_plan, tmp_path):
    dest = tmp_path / "keep.me"
    dest.write_text("precious")
    refused = app.test_cli_runner().invoke(args=["backup", str(dest)])
    assert refused.exit_code != 0 and dest.read_text() == "precious"


def test_a_file_that_is_no_backup_is_refused(app, database_url, tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("pg_restore names a bad archive itself")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all")
    refused = app.test_cli_runner().invoke(args=["restore", str(junk)])
    assert refused.exit_code != 0 and "not a backup" in refused.output


def test_a_backup_onto_the_live_database_is_refused_and_loses_nothing(app, walk_run_plan):
    engine = app.extensions["rtr.engine"]
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's backup is a file pg_dump writes, never the database")
    live = Path(sqlite_file(engine))
    for dest in (live, live.with_name(live.name + "-wal")):
        refused = app.test_cli_runner().invoke(args=["backup", "--force", str(dest)])
        assert refused.exit_code != 0
        assert "is the live database" in refused.output
    assert live.exists()
    with app.test_request_context():
        assert store.plans.plan_by_id(walk_run_plan) is not None
