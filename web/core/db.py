"""The database: one engine per app, one session per request, migrations applied on start."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app, g, has_request_context, request
from flask.cli import with_appcontext
from sqlalchemy import (
    Connection,
    CursorResult,
    Engine,
    Executable,
    Result,
    Row,
    Table,
    bindparam,
    create_engine,
    event,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from web.cache.quiet_reads import QuietReads
from web.core import sqlite_writers

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
SQLITE_BUSY_MS = 10_000
View = TypeVar("View", bound=Callable[..., Any])  # a view function, as decorators keep it
PG_MIGRATION_LOCK = 727_274  # any constant: one process migrates while the others wait
READER_POOL = (4, 4)  # PostgreSQL's autocommit reader: connections kept, and more at a peak


def init_app(app: Flask) -> None:
    """Create the engine, migrate to head, and close each request's session."""
    engine = make_engine(app.config["DATABASE_URL"])
    factory = sessionmaker(engine, expire_on_commit=False)
    event.listen(factory, "after_flush", lambda db, _context: _wrote(db))
    event.listen(factory, "do_orm_execute", _note_write)
    event.listen(factory, "after_rollback", lambda db: db.info.pop("wrote", None))
    callbacks: list[Any] = []
    event.listen(factory, "after_commit", lambda db: _committed(db, callbacks))
    app.extensions["rtr.db"] = factory
    app.extensions["rtr.after_write_commit"] = callbacks
    # Single-statement reads (a calendar poll's lookup): no transaction around them, so on
    # SQLite no lock and on PostgreSQL no BEGIN and ROLLBACK round trips.
    app.extensions["rtr.reader"] = (
        engine.execution_options(sqlite_autocommit=True)
        if engine.dialect.name == "sqlite"
        else hot_reader(engine)
    )
    event.listen(app.extensions["rtr.reader"], "before_execute", _refuse_autocommit_write)
    reads_only_engine = engine.execution_options(sqlite_reads_only=True)
    event.listen(reads_only_engine, "before_execute", _refuse_statement_write)
    app.extensions["rtr.reads_only"] = reads_only_engine
    event.listen(factory, "before_flush", lambda db, _context, _instances: _refuse_write(db))
    app.extensions["rtr.engine"] = engine
    if app.config.get("MIGRATE_ON_START", True):
        upgrade(engine)
    app.teardown_appcontext(close_session)


def make_engine(url: str) -> Engine:
    """Return an engine; SQLite gets WAL, a busy timeout and writer-first transactions."""
    # hide_parameters: a database error's message (and so the log) never carries bound values,
    # which are password hashes, token hashes and health notes.
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_MS / 1000, "factory": sqlite_writers.Connection},
        hide_parameters=True,
    )
    database = sqlite_file(engine)
    if database is not None:
        keep_private(Path(database))
    writer = None if database is None else sqlite_writers.lock_for(os.path.realpath(database))

    def connected(dbapi_connection: sqlite_writers.Connection, _record: Any) -> None:
        dbapi_connection.writer = writer
        _sqlite_connect(dbapi_connection)

    event.listen(engine, "connect", connected)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def hot_reader(engine: Engine) -> Engine:
    """Return an engine beside a PostgreSQL engine for single-statement reads: in autocommit,
    and not pinged before each use (the main pool's pre-ping is a round trip of its own).

    A connection found dead (the server restarted) is replaced and the statement sent once
    more by `read_alone`. Disposing of the main engine disposes of this one too.
    """
    reader = create_engine(
        engine.url,
        isolation_level="AUTOCOMMIT",
        hide_parameters=True,
        pool_recycle=3600,
        pool_size=READER_POOL[0],
        max_overflow=READER_POOL[1],
    )
    event.listen(engine, "engine_disposed", lambda _engine: reader.dispose())
    _READERS.add(reader)
    return reader


# A forked child (gunicorn --preload) must not use its parent's sockets, nor close them. Held
# weakly: an app that is gone (a test's) takes its reader with it.
_READERS: weakref.WeakSet[Engine] = weakref.WeakSet()


def _forked() -> None:
    for reader in list(_READERS):
        reader.dispose(close=False)


os.register_at_fork(after_in_child=_forked)


def engines(app: Flask) -> list[Engine]:
    """The app's engines with pools of their own: the main one and, on PostgreSQL, the
    autocommit reader. A listener on each sees every statement the app sends."""
    engine, reader = app.extensions["rtr.engine"], app.extensions["rtr.reader"]
    return [engine] if reader.pool is engine.pool else [engine, reader]


def keep_private(database: Path) -> None:
    """Create the SQLite file readable by its owner only (0600), or make an existing one so:
    it holds health data. SQLite gives its -wal and -shm files the database file's mode."""
    database.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for path in sqlite_files(database):
        with contextlib.suppress(OSError):  # gone, not ours, or a read-only mount
            path.chmod(0o600)


def sqlite_files(database: Path) -> tuple[Path, Path, Path]:
    """An SQLite database's file and the two SQLite keeps beside it (-wal, -shm)."""
    return (
        database,
        database.with_name(database.name + "-wal"),
        database.with_name(database.name + "-shm"),
    )


def sqlite_file(engine: Engine) -> str | None:
    """Return the path of an SQLite database's file (a `file:` URI too), else None."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return None
    return database.removeprefix("file:").split("?")[0]


def _sqlite_connect(dbapi_connection: sqlite3.Connection) -> None:
    dbapi_connection.isolation_level = None  # let the "begin" hook issue BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted health data is overwritten, not left
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front, so the busy timeout applies instead of a
    # deadlock error when two requests read and then both try to write. A view that only
    # reads (`reads_only`) begins a deferred transaction instead: in WAL mode it reads one
    # snapshot beside the writers and never queues for their lock. A read_alone issues
    # no BEGIN: each of its statements is its own read transaction.
    # Sent on the driver's connection: every request begins one, and SQLAlchemy's statement
    # machinery would cost as much as the request's own queries.
    options = connection.get_execution_options()
    if options.get("sqlite_autocommit"):
        return
    driver = cast(sqlite_writers.Connection, connection.connection.driver_connection)
    if options.get("sqlite_reads_only"):
        driver.execute("BEGIN")
        return
    driver.take_writer(SQLITE_BUSY_MS / 1000)  # the process's writers wait here
    try:
        driver.execute("BEGIN IMMEDIATE")
    except BaseException as error:
        driver.let_go()  # no transaction began: nothing to hold the lock for
        # A read-only database (file, mount or query_only) refuses the write lock itself:
        # read on, and let a write the view tries fail on its own (web/core/failures.py).
        if getattr(error, "sqlite_errorname", "") != "SQLITE_READONLY":
            raise
        driver.execute("BEGIN")


def session() -> Session:
    """Return this request's session (in a `reads_only` view, one on the request's connection)."""
    if "db_session" not in g:
        factory = current_app.extensions["rtr.db"]
        if view_reads_only():
            g.db_session = factory(bind=connection())
            g.db_session.info["reads_only"] = True
        else:
            g.db_session = factory()
    return cast(Session, g.db_session)


def dialect() -> str:
    """Return the name of the session's database dialect ("sqlite" or "postgresql")."""
    return session().get_bind().dialect.name


def dialect_insert(model: type | Table) -> sqlite.Insert | postgresql.Insert:
    """Return the session's dialect's INSERT, the one with ON CONFLICT."""
    insert: sqlite.Insert | postgresql.Insert = (
        postgresql if dialect() == "postgresql" else sqlite
    ).insert(model)
    return insert


def upserts(
    table: type | Table, columns: tuple[str, ...], key: tuple[str, ...], updated: tuple[str, ...]
) -> dict[str, Executable]:
    """An INSERT of `columns` that, where a row with the same `key` exists, updates its
    `updated` columns instead: one per dialect, each column a bound parameter of its own name.
    Built once, for a write sent on every request of its kind (building the statement and its
    `excluded` columns each time cost more than sending it)."""

    def upsert(insert: sqlite.Insert | postgresql.Insert) -> Executable:
        statement = insert.values({name: bindparam(name) for name in columns})
        return statement.on_conflict_do_update(
            index_elements=list(key), set_={name: insert.excluded[name] for name in updated}
        )

    return {"postgresql": upsert(postgresql.insert(table)), "sqlite": upsert(sqlite.insert(table))}


def read_rows(statement: Executable, params: dict[str, Any]) -> Sequence[Any]:
    """Run a read of plain columns in the request's transaction and return its rows.

    It goes to the session's connection, past the ORM's own path, which costs about twice as
    much per statement and is only needed for objects; a statement built once (bound
    parameters) also skips building it again. Changes the session holds are flushed first, as
    the ORM's reads would. Writes go through the session, which notes them."""
    if getattr(statement, "is_dml", False):
        raise TypeError("read_rows runs reads only: write through the session")
    db = session()
    db.flush()
    return db.connection().execute(statement, params).all()


@contextlib.contextmanager
def aside() -> Iterator[Connection]:
    """A transaction of its own beside the request's, committed when the block ends (rolled
    back if it raises): for a write that nothing else in the request reads or depends on (a
    rendered page kept for the other processes). The request's session and phase are left as
    they are, and its after-commit callbacks are not called."""
    with current_app.extensions["rtr.engine"].begin() as alone:
        yield alone


def rowcount(result: Result[Any]) -> int:
    """Return how many rows an UPDATE or DELETE matched."""
    return cast(CursorResult[Any], result).rowcount


def connection() -> Connection:
    """Return this request's connection for plain (Core) statements.

    In a `reads_only` view it is a connection of its own that the ORM session, if the view
    needs one, joins: the hot reads every page makes (the log-in check, the plan's row) then
    cost no session at all, and everything the request reads comes from one transaction.
    Elsewhere it is the session's connection, so reads and writes share its transaction.
    """
    if not view_reads_only():
        return session().connection()
    if "db_connection" not in g:
        g.db_connection = current_app.extensions["rtr.reads_only"].connect()
    return cast(Connection, g.db_connection)


class ReadOnlyViolation(RuntimeError):
    """A view marked `reads_only` tried to write: a bug, refused before any SQL is sent."""


def reads_only(view: View) -> View:
    """Mark a view that never writes. On SQLite its transaction takes no write lock, so pages
    that many people read at once (Today, the coach roster) never wait for one another or time
    out behind a writer; a write attempted in it raises ReadOnlyViolation."""
    setattr(view, "reads_only", True)  # noqa: B010 - a view function's own mark
    return view


def reads_first(view: View) -> View:
    """Mark a view that checks everything before it writes: it reads like a `reads_only` view
    (on SQLite, without the write lock) until it calls `write_phase()`. A request that sends
    thousands of records to check then keeps nobody else from writing meanwhile."""
    setattr(view, "reads_only", True)  # noqa: B010 - a view function's own mark
    setattr(view, "reads_first", True)  # noqa: B010
    return view


@contextlib.contextmanager
def reading_first() -> Iterator[None]:
    """Outside a request (the scheduler's work), read in the block as a `reads_first` view
    does: on SQLite without the write lock, until `write_phase()`. A job that builds thousands
    of plans between its reads and its write then keeps nobody from writing meanwhile. The
    block begins before the job's first query; at its end the session is closed."""
    if has_request_context():
        raise RuntimeError("a view is marked reads_first instead")
    if "db_session" in g or "db_connection" in g:
        raise RuntimeError("reading_first() begins before any query of the job")
    g.reads_first, g.writing = True, False
    try:
        yield
    finally:
        close_session()
        g.pop("reads_first", None)
        g.pop("writing", None)


def write_phase() -> None:
    """End a `reads_first` view's reads (or a job's, after `reading_first`); its next
    statement begins a transaction that writes.

    Rows it read are detached: what the write depends on, it reads again (and compares)."""
    if not has_request_context():
        if not g.get("reads_first"):
            raise RuntimeError("call reading_first() first")
    elif not getattr(current_app.view_functions.get(request.endpoint or ""), "reads_first", False):
        raise RuntimeError(f"{request.endpoint} is not marked reads_first")
    end_transaction()
    close_session()
    g.writing = True


def read_phase() -> None:
    """Go back to reading without the write lock (a `reads_first` view whose write found the
    data changed since it checked, and checks again)."""
    close_session()
    g.writing = False


def view_reads_only() -> bool:
    """Is this request's view marked `reads_only` (and, if `reads_first`, still reading)?
    Outside a request: did the job call `reading_first()` (and is it still reading)?"""
    if not has_request_context():
        return bool(g.get("reads_first")) and not g.get("writing")
    endpoint = request.endpoint
    if endpoint is None or g.get("writing"):
        return False
    return bool(getattr(current_app.view_functions.get(endpoint), "reads_only", False))


def _refuse_write(db: Session) -> None:
    if db.info.get("reads_only") and (db.new or db.dirty or db.deleted):
        raise _violation()


def read_first(statement: Executable, params: dict[str, Any]) -> Row[Any] | None:
    """Run one read and return its first row: outside the request's transaction in a
    `reads_only` view on PostgreSQL (`read_alone`), else on the request's connection.

    Every signed-in page starts with two such reads (the log-in check, the plan's row): on
    PostgreSQL each then costs one round trip instead of sharing BEGIN, a ping and ROLLBACK.
    What the view reads next still comes from one transaction; a page kept under the plan's
    log version read here is at worst built from a newer log than that version names, and
    then never served (the next request reads the newer version).

    While nobody writes, the row comes from memory (web/cache/quiet_reads.py), as long as
    the request has not begun reading in a transaction: on a miss the read is then its own
    snapshot, taken after the memo's stamp, and the view's one transaction begins after it.
    Once one has begun (an API token's check), on SQLite the read stays in the view's one
    snapshot, so a plan's row is never newer than the log read beside it; on SQLite a read
    costs no round trip anyway.
    """
    if not view_reads_only():
        return connection().execute(statement, params).first()
    kept: QuietReads | None = current_app.extensions.get("rtr.quiet_reads")
    if kept is not None and not snapshot_begun():
        key = (statement, *sorted(params.items()))  # a statement is equal only to itself
        return cast(Row[Any] | None, kept.read(key, lambda: read_alone(statement, params)))
    if current_app.extensions["rtr.reader"].dialect.name == "sqlite":
        return connection().execute(statement, params).first()
    return read_alone(statement, params)


def snapshot_begun() -> bool:
    """Has this request's (reads_only) connection begun a transaction, fixing its snapshot?"""
    begun = g.get("db_connection")
    return begun is not None and bool(begun.in_transaction())


def read_alone(statement: Executable, params: dict[str, Any]) -> Row[Any] | None:
    """Run one read that must not wait for writers, as a transaction of its own, and return
    its first row (a calendar poll's lookup). On PostgreSQL a connection the server closed
    (a restart) is replaced and the statement sent once more."""
    reader: Engine = current_app.extensions["rtr.reader"]
    for attempt in (1, 2):
        try:
            with reader.connect() as alone:
                return alone.execute(statement, params).first()
        except DBAPIError as error:  # the pool was renewed: the second try has a new one
            if attempt == 2 or not error.connection_invalidated:
                raise
    raise AssertionError("unreachable")


def _wrote(db: Session) -> None:
    db.info["wrote"] = True


def _violation() -> ReadOnlyViolation:
    where = request.endpoint if has_request_context() else "a reading_first() job"
    return ReadOnlyViolation(f"{where} is marked reads_only but tried to write")


def _refuse_dml(violation: Callable[[], ReadOnlyViolation]) -> Callable[..., None]:
    """Return a before_execute listener that raises `violation()` for an INSERT, UPDATE or
    DELETE (plain text is never sent by the app's views)."""

    def refuse(_connection: Connection, statement: Any, *_args: Any) -> None:
        if getattr(statement, "is_dml", False):
            raise violation()

    return refuse


# read_alone sends a statement again after a lost connection: only a read may be sent so.
_refuse_autocommit_write = _refuse_dml(
    lambda: ReadOnlyViolation("read_alone and read_first run reads only")
)
_refuse_statement_write = _refuse_dml(_violation)


def _note_write(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        if state.session.info.get("reads_only"):
            raise _violation()
        _wrote(state.session)


def _committed(db: Session, callbacks: list[Any]) -> None:
    if db.info.pop("wrote", False):
        for callback in callbacks:
            callback()


def after_write_commit(app: Flask, callback: Callable[[], object]) -> None:
    """Call back after each commit of a transaction that wrote (read-only ones do not count)."""
    app.extensions["rtr.after_write_commit"].append(callback)


def end_transaction() -> None:
    """End the request's transaction before a page renders, if it only read.

    On SQLite every transaction holds the write lock (BEGIN IMMEDIATE): ending a read here lets
    other requests write while this one renders its template. Objects stay loaded
    (expire_on_commit=False). A transaction that wrote, has changes pending or has failed is left
    alone: views commit their own writes, and what a failing view (or a form sent back with
    errors) wrote is rolled back when the request ends, as if this hook did not exist.
    """
    db_session = g.get("db_session")
    if db_session is not None:
        if db_session.info.get("wrote") or db_session.new or db_session.dirty or db_session.deleted:
            return
        transaction = db_session.get_transaction()
        if transaction is not None and transaction.is_active:
            db_session.commit()
    db_connection = g.get("db_connection")
    if db_connection is not None and db_connection.in_transaction():
        db_connection.commit()  # a session that joined it does not end it


def close_session(_exc: BaseException | None = None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()
    db_connection = g.pop("db_connection", None)
    if db_connection is not None:
        db_connection.close()  # rolls back what is left of a read


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Apply every migration up to head, or up to `revision` (serialised across processes on
    PostgreSQL)."""
    config = alembic_config()
    with engine.connect() as connection, sqlite_keys_unenforced(connection):
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK}
                )
            config.attributes["connection"] = connection
            before = broken_keys(connection)
            command.upgrade(config, revision)
            check_sqlite_keys(connection, before)


@contextlib.contextmanager
def sqlite_keys_unenforced(connection: Connection) -> Iterator[None]:
    """Turn SQLite's foreign key enforcement off on this connection while the block runs: a
    migration that rebuilds a table drops the old one, and enforcement would first delete
    every row naming it (ON DELETE CASCADE). SQLite ignores the pragma inside a transaction,
    so it is sent before the migrations' transaction begins."""
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def broken_keys(connection: Connection) -> int:
    """How many rows name a row that is not there (SQLite; 0 elsewhere)."""
    if connection.dialect.name != "sqlite":
        return 0
    return len(connection.exec_driver_sql("PRAGMA foreign_key_check").all())


def check_sqlite_keys(connection: Connection, before: int) -> None:
    """Refuse migrations that left more rows naming a row that is not there than there were
    before them (a row orphaned earlier, by hand say, does not stop every start-up)."""
    after = broken_keys(connection)
    if after > before:
        raise RuntimeError(
            f"The migrations left {after - before} more rows naming rows that are not there: "
            "stopped before committing."
        )


def ping() -> bool:
    """Return True when the database answers."""
    try:
        session().execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - health check reports, never raises
        current_app.logger.exception("database ping failed")
        return False


@click.command("db-upgrade")
@with_appcontext
def upgrade_command() -> None:
    """Apply the database migrations up to head."""
    upgrade(current_app.extensions["rtr.engine"])
    click.echo("Database is at the latest migration.")
