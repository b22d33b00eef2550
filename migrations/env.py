"""Alembic environment: use the app's connection when given, else DATABASE_URL."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import context
from sqlalchemy import create_engine

from web.core.db import broken_keys, check_sqlite_keys, sqlite_keys_unenforced
from web.store.models import Base

config = context.config
target_metadata = Base.metadata


def default_url() -> str:
    instance = Path(__file__).resolve().parent.parent / "instance" / "rtr.sqlite"
    return os.environ.get("DATABASE_URL") or f"sqlite:///{instance}"


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(default_url())
    # SQLite: a table rebuilt drops the old one, which would cascade to every row naming it.
    with engine.connect() as connection, sqlite_keys_unenforced(connection):
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            before = broken_keys(connection)
            context.run_migrations()
            check_sqlite_keys(connection, before)


if context.is_offline_mode():
    context.configure(url=default_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
