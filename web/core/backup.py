"""Back the database up and restore it: `flask --app web backup DEST` and `restore SRC`.

SQLite is copied with its online backup API, page by page from one consistent snapshot, so the
app may keep running meanwhile. PostgreSQL is dumped with `pg_dump --format=custom` and restored
with `pg_restore`; without those programs the commands print what to run. The password of a
PostgreSQL URL goes to the programs through PGPASSWORD, never on a command line or the screen.
A restore replaces the database, so it refuses one that holds accounts unless given --force,
and brings an older backup up to the current migrations.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import URL

from web.cache.write_watch import CHANNEL
from web.core.db import sqlite_file, sqlite_files, upgrade
from web.store.models import Base, PlanRow, User

PATH = click.Path(dir_okay=False, path_type=Path)


@click.command("backup")
@click.argument("dest", type=PATH)
@click.option("--force", is_flag=True, help="Overwrite DEST if it exists.")
@with_appcontext
def backup_command(dest: Path, force: bool) -> None:
    """Copy the database to DEST while the app runs (a file only its owner can read)."""
    if dest.exists() and not force:
        raise click.ClickException(f"{dest} exists: choose another name, or add --force.")
    engine = current_app.extensions["rtr.engine"]
    database = sqlite_file(engine)
    if database is not None and dest.resolve() in sqlite_files(Path(database).resolve()):
        raise click.ClickException(f"{dest} is the live database: choose another name.")
    private_file(dest)
    if database is None:
        postgres(["pg_dump", "--format=custom", "--no-owner", "--file", str(dest)], engine.url)
    else:
        with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(dest)) as copy:
            source.backup(copy)
    click.echo(f"Backed up the database to {dest}: {summary(engine)}.")


@click.command("restore")
@click.argument("src", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds data.")
@with_appcontext
def restore_command(src: Path, force: bool) -> None:
    """Replace the database with the backup SRC, then migrate it to the current version."""
    engine = current_app.extensions["rtr.engine"]
    database = sqlite_file(engine)
    if database is not None:
        check_backup(src)
    users = engine_count(engine, User)
    if users and not force:
        raise click.ClickException(
            f"The database already holds data ({summary(engine)}). A restore replaces all of "
            "it: stop the app, then run this again with --force."
        )
    engine.dispose()  # no pooled connection may hold the old pages or the old schema
    if database is None:
        postgres(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(src),
            ],
            engine.url,
            dbname_flag=True,
        )
    else:
        with closing(sqlite3.connect(src)) as backup, closing(sqlite3.connect(database)) as live:
            backup.backup(live)
    upgrade(engine)
    if database is None:  # pg_restore loads tables before their triggers: tell every process
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})
    click.echo(f"Restored {src}: {summary(engine)}.")


def private_file(path: Path) -> None:
    """Create an empty file only its owner may read: backups hold health data."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def check_backup(src: Path) -> None:
    """Refuse a file that is not an SQLite backup of this app."""
    try:
        with closing(sqlite3.connect(f"file:{src}?mode=ro", uri=True)) as backup:
            tables = {
                row[0]
                for row in backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
    except sqlite3.DatabaseError:
        tables = set()
    if not {"alembic_version", "users", "plans"} <= tables:
        raise click.ClickException(f"{src} is not a backup of this app's database.")


def engine_count(engine: Engine, model: type[Base]) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model)) or 0


def summary(engine: Engine) -> str:
    accounts, plans = engine_count(engine, User), engine_count(engine, PlanRow)
    return (
        f"{accounts} account{'' if accounts == 1 else 's'}, {plans} plan{'' if plans == 1 else 's'}"
    )


def postgres(command: list[str], url: URL, dbname_flag: bool = False) -> None:
    """Run pg_dump or pg_restore on the app's database; print the command, never the password."""
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    command = (
        [*command[:-1], "--dbname", target, command[-1]] if dbname_flag else [*command, target]
    )
    shown = " ".join(shlex.quote(part) for part in command)
    if shutil.which(command[0]) is None:
        raise click.ClickException(
            f"{command[0]} is not installed here. Run, with the password in PGPASSWORD:\n  {shown}"
        )
    click.echo(f"Running: {shown}")
    environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise click.ClickException(f"{command[0]} failed: {done.stderr.strip()}")
