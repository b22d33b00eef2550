"""PostgreSQL's write notices: every process hears every commit, and the feed memo with it."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import empty_postgres
from tests.web.conftest import close
from tests.web.test_feed_memo import listening, two_processes
from web.cache import write_watch
from web.cache.write_watch import WriteWatch


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgres)])
def postgres(request):
    """PostgreSQL's alone: on SQLite the WAL file's stamp shows every commit."""
    url = request.getfixturevalue("postgres_url")
    if not url:
        pytest.skip("TEST_DATABASE_URL not set")
    empty_postgres(url)
    return url


def moved_from(watch: WriteWatch, before, seconds: float = 10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if watch.stamp() != before:
            return watch.stamp()
        time.sleep(0.01)
    raise AssertionError("no write was heard")


def test_every_table_tells_of_its_writes(postgres):
    engine = create_engine(postgres)
    with engine.connect() as connection:
        tables = set(
            connection.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            ).scalars()
        )
        told = set(
            connection.execute(
                text(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE t.tgname = 'rtr_note_write'"
                )
            ).scalars()
        )
    engine.dispose()
    assert tables and tables - set(write_watch.UNHEARD) == told
    assert set(write_watch.UNHEARD) <= tables  # each still a table, and still unheard


def test_a_commit_by_any_program_moves_the_stamp_and_a_rollback_does_not(postgres):
    heard = []
    watch = write_watch.postgres_watch(postgres, lambda: heard.append(1))
    try:
        before = listening(watch)
        engine = create_engine(postgres)
        with engine.connect() as connection:  # a program that is not the app at all
            connection.execute(text("UPDATE users SET timezone = timezone"))
            connection.rollback()
        time.sleep(0.2)
        assert watch.stamp() == before
        with engine.begin() as connection:
            connection.execute(text("SELECT 1 FROM users"))  # reads say nothing
        time.sleep(0.2)
        assert watch.stamp() == before
        with engine.begin() as connection:
            connection.execute(text("UPDATE users SET timezone = timezone"))
        assert moved_from(watch, before) != before
        assert heard  # the memo is told to forget
        engine.dispose()
    finally:
        watch.stop()


def test_a_revoke_by_another_process_ends_the_memo_on_postgresql(postgres):
    both = two_processes(postgres)
    watch = both.first.extensions["rtr.write_watch"]
    try:
        listening(watch)
        assert both.poll() == 304
        stamp = watch.stamp()
        memo = both.first.extensions["rtr.feed_memo"]
        assert both.poll() == 304
        assert memo.entries and all(entry.stamp == stamp for entry in memo.entries.values())
        both.revoke_elsewhere()
        moved_from(watch, stamp)
        assert both.poll() == 410
    finally:
        for each in (both.first, both.second):
            close(each)


def test_a_lost_connection_sends_every_poll_to_the_database_until_it_listens_again(
    postgres, monkeypatch
):
    monkeypatch.setattr(write_watch, "RETRY_SECONDS", (0.05, 0.05))
    watch = write_watch.postgres_watch(postgres, lambda: None)
    try:
        before = listening(watch)
        engine = create_engine(postgres, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                    "WHERE application_name = :name AND datname = current_database()"
                ),
                {"name": write_watch.APPLICATION_NAME},
            )
        engine.dispose()
        moved_from(watch, before)
        again = listening(watch)
        assert again[0] == before[0] + 1  # a new connection: nothing it missed can match
    finally:
        watch.stop()


class Notice:
    def __init__(self, payload: str) -> None:
        self.payload = payload


class FakeConnection:
    """A listening connection that answers every statement; it hears its own pings only
    when `echo` (a proxy that drops LISTEN hears nothing), and the notices in `writes`."""

    def __init__(self, echo: bool, writes: int = 0) -> None:
        self.echo, self.writes, self.pings = echo, writes, []

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> bool:
        return False

    def execute(self, statement: str, params=None) -> None:
        if params:
            self.pings.append(params[1])

    def notifies(self, timeout: float):
        time.sleep(timeout)
        for _ in range(self.writes):
            yield Notice("")
        self.writes = 0
        yield Notice("ping:another-process:1:1")  # another watch's ping is no write
        if self.echo:
            yield Notice(self.pings[-1])


def watch_of(connections: list[FakeConnection], monkeypatch) -> WriteWatch:
    monkeypatch.setattr(write_watch, "PING_SECONDS", 0.02)
    monkeypatch.setattr(write_watch, "RETRY_SECONDS", (0.02, 0.02))
    made = iter(connections)
    return WriteWatch(lambda: next(made), lambda: None)


def test_a_watch_that_hears_its_own_ping_keeps_its_stamp_until_a_write(monkeypatch):
    connection = FakeConnection(echo=True)
    watch = watch_of([connection], monkeypatch)
    try:
        before = listening(watch)
        time.sleep(0.2)  # several pings, each heard back
        assert watch.stamp() == before and len(connection.pings) > 3
        connection.writes = 1
        assert moved_from(watch, before) == (before[0], before[1] + 1)
    finally:
        watch.stop()


def test_a_watch_that_does_not_hear_its_ping_stops_trusting_and_listens_anew(monkeypatch):
    deaf = FakeConnection(echo=False)
    watch = watch_of([deaf, FakeConnection(echo=True)], monkeypatch)
    try:
        first = listening(watch)
        again = moved_from(watch, first)  # no echo within a ping: unknown, then a new one
        if again != watch.stamp():
            again = listening(watch)
        assert again == (first[0] + 1, 0)
    finally:
        watch.stop()
