"""Shared fixtures: a fixed clock, and the database backends the web suite runs on.

The web suite runs on SQLite always, and on PostgreSQL too when TEST_DATABASE_URL is set
(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test). Each test starts from a database at
the latest migration with no rows; the app's start-up runs the Alembic migrations for real.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

FIXED_NOW = datetime(2025, 3, 20, 8, 0, tzinfo=UTC)  # a Thursday morning


# One hash iteration instead of scrypt's ~200 ms: every sign-up and log-in in the suite would
# otherwise pay it. tests/web/test_security_login.py checks the production default.
FAST_PASSWORDS = {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"}


def fixed_clock(now: datetime = FIXED_NOW):
    """Return a clock that always says `now`."""
    return lambda: now


# Tests that start servers, browsers or worker processes and watch them race: under
# pytest-xdist (scripts/test.sh, --dist loadgroup) they are meant to run on one worker, one at a
# time, while the other workers take the rest of the suite. pytest 9.2 silently stops loadgroup
# from grouping (pytest-xdist issue #1386): until a pytest-xdist release mends it they spread
# over the workers like the rest of the suite, and pass so (CI runs them that way).
SERIAL_FOLDERS = ("e2e", "load", "reminders")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups off the items
def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if item.path.parent.name in SERIAL_FOLDERS:
            item.add_marker(pytest.mark.xdist_group("serial"))


@pytest.fixture(scope="session")
def postgres_url():
    """Create a database of this test run's own beside TEST_DATABASE_URL, so runs never collide."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield None
        return
    with scratch_postgres(url, "run") as made:
        yield made


@contextmanager
def scratch_postgres(url: str, label: str) -> Iterator[str]:
    """Yield the URL of a new database beside `url`, this process's alone (named by `label`
    and the process id), and drop it afterwards (the test suite's and the bench's)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{label}_{os.getpid()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An SQLite file migrated to head once per run; each test starts from a copy of it."""
    path = tmp_path_factory.mktemp("template") / "rtr.sqlite"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    """Return a database at the latest migration with no rows in it, for one test: a copy of
    the run's migrated SQLite file, or the run's PostgreSQL database emptied. The app's
    start-up still runs the migrations (which find nothing to do); migrating from nothing is
    done once per run here, and tests/web/test_app.py checks it on its own."""
    if request.param == "sqlite":
        path = tmp_path / "rtr.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    if not url:
        pytest.skip("TEST_DATABASE_URL not set")
    empty_postgres(url)
    return url


def migrate(url: str) -> None:
    """Apply every migration to the database at `url`, as the app's start-up does."""
    from web.core import db

    engine = db.make_engine(url)
    try:
        db.upgrade(engine)
    finally:
        engine.dispose()


_MIGRATED: dict[str, frozenset[str]] = {}  # url -> the schema this run migrated it to

# What a test could change in the schema (columns, functions, triggers, indexes, the Alembic
# revision): a database whose shape differs from the migrated one is rebuilt, not truncated.
SCHEMA_SHAPE = """
SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
  FROM information_schema.columns WHERE table_schema = 'public'
UNION ALL SELECT 'function ' || p.proname FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal
UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'public'
"""


def empty_postgres(url: str) -> None:
    """Leave the database at `url` migrated to head with every table empty: truncate it when
    it still has exactly the shape this run migrated it to, else rebuild it from nothing."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            shape = postgres_shape(connection)
            if shape and shape == _MIGRATED.get(url):
                tables = connection.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        "AND tablename <> 'alembic_version' ORDER BY tablename"
                    )
                ).scalars()
                names = ", ".join(f'"{name}"' for name in tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                return
    finally:
        engine.dispose()
    reset_postgres(url)
    migrate(url)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            _MIGRATED[url] = postgres_shape(connection)
    finally:
        engine.dispose()


def postgres_shape(connection) -> frozenset[str]:
    """The public schema's columns, functions, triggers, indexes and Alembic revision."""
    from sqlalchemy import text

    shape = set(connection.execute(text(SCHEMA_SHAPE)).scalars())
    if "column alembic_version.version_num character varying" in shape:
        revisions = connection.execute(text("SELECT version_num FROM alembic_version"))
        shape.update(f"revision {revision}" for revision in revisions.scalars())
    return frozenset(shape)


def database_at(url: str, revision: str):
    """Return an engine on a database migrated from nothing up to `revision` only, for a
    migration's own test: it stores rows as they were, then upgrades and looks at them.
    PostgreSQL is emptied; SQLite gets a new file beside the `database_url` copy."""
    from web.core import db

    if url.startswith("postgresql"):
        reset_postgres(url)
    else:
        url = url.replace("rtr.sqlite", "before.sqlite")
    engine = db.make_engine(url)
    db.upgrade(engine, revision)
    return engine


def reset_postgres(url: str) -> None:
    """Drop everything in the public schema so the migrations start from nothing."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
