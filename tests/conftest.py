"""Shared fixtures: a fixed clock, and the database backends the web suite runs on.

The web suite runs on SQLite always, and on PostgreSQL too when TEST_DATABASE_URL is set
(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test). Each test starts from an empty
schema, and the app's start-up runs the Alembic migrations for real.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

FIXED_NOW = datetime(2025, 3, 20, 8, 0, tzinfo=UTC)  # a Thursday morning


# One hash iteration instead of scrypt's ~200 ms: every sign-up and log-in in the suite would
# otherwise pay it. tests/web/test_security_login.py checks the production default.
FAST_PASSWORDS = {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"}


def fixed_clock(now: datetime = FIXED_NOW):
    """Return a clock that always says `now`."""
    return lambda: now


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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    """Return an empty database for one test: a temp SQLite file, or a clean PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rtr.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    if not url:
        pytest.skip("TEST_DATABASE_URL not set")
    reset_postgres(url)
    return url


def reset_postgres(url: str) -> None:
    """Drop everything in the public schema so the migrations start from nothing."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
