"""SQLite's writers queue in the process (web/core/sqlite_writers.py): a write transaction holds
the process's lock for its file from BEGIN IMMEDIATE until COMMIT or ROLLBACK, and a second
writer waits on that lock, not on SQLite's busy retries."""

from __future__ import annotations

import os
import threading

from web import create_app
from web.core import sqlite_writers


def sqlite_app(tmp_path):
    database = tmp_path / "writers.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{database}"})
    return app, sqlite_writers.lock_for(os.path.realpath(database))


def test_a_write_transaction_holds_the_lock_until_it_commits(tmp_path):
    app, lock = sqlite_app(tmp_path)
    with app.extensions["rtr.engine"].connect() as connection:
        connection.exec_driver_sql("SELECT 1")  # begins the transaction: BEGIN IMMEDIATE
        assert lock.locked()
        connection.commit()
        assert not lock.locked()


def test_a_rollback_or_a_close_lets_the_lock_go(tmp_path):
    app, lock = sqlite_app(tmp_path)
    engine = app.extensions["rtr.engine"]
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
        connection.rollback()
        assert not lock.locked()
        connection.exec_driver_sql("SELECT 1")
        assert lock.locked()
    assert not lock.locked()  # closed with its transaction open


def test_reads_take_no_lock(tmp_path):
    app, lock = sqlite_app(tmp_path)
    with app.extensions["rtr.reads_only"].connect() as connection:
        connection.exec_driver_sql("SELECT 1")  # a deferred BEGIN: one snapshot, no writer
        assert not lock.locked()
    with app.extensions["rtr.reader"].connect() as connection:
        connection.exec_driver_sql("SELECT 1")  # no BEGIN at all
        assert not lock.locked()


def test_a_second_writer_waits_for_the_first_to_commit(tmp_path):
    app, _ = sqlite_app(tmp_path)
    engine = app.extensions["rtr.engine"]
    wrote = threading.Event()

    def second_writer():
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
            connection.commit()
        wrote.set()

    with engine.connect() as first:
        first.exec_driver_sql("SELECT 1")
        waiting = threading.Thread(target=second_writer)
        waiting.start()
        assert not wrote.wait(0.3)  # it cannot begin while the first holds the lock
        first.commit()
    waiting.join(timeout=10)
    assert wrote.is_set()


def test_engines_on_one_file_share_its_lock(tmp_path):
    first, lock = sqlite_app(tmp_path)
    second, same = sqlite_app(tmp_path)
    assert same is lock
    with first.extensions["rtr.engine"].connect() as connection:
        connection.exec_driver_sql("SELECT 1")
        assert lock.locked()
        connection.commit()


def test_a_read_only_database_lets_every_transaction_read_without_the_lock(tmp_path):
    app, lock = sqlite_app(tmp_path)
    with app.extensions["rtr.engine"].connect() as connection:
        driver = connection.connection.driver_connection
        driver.execute("PRAGMA query_only=ON")  # refuses BEGIN IMMEDIATE as a read-only file does
        try:
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1  # read on, plain BEGIN
            assert not lock.locked()  # so other readers of the process need not wait
            connection.rollback()
        finally:
            driver.execute("PRAGMA query_only=OFF")


def test_a_forked_child_starts_with_the_lock_free(tmp_path):
    app, lock = sqlite_app(tmp_path)
    with app.extensions["rtr.engine"].connect() as connection:
        connection.exec_driver_sql("SELECT 1")
        assert lock.locked()  # held by this thread, which the child does not have
        child = os.fork()
        if child == 0:
            os._exit(1 if lock.locked() else 0)
        _, status = os.waitpid(child, 0)
        connection.commit()
    assert os.waitstatus_to_exitcode(status) == 0
