"""Repeat calendar polls answered from memory: same 304, no SQL, forgotten on any change."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from contextlib import closing
from typing import NamedTuple, cast

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from tests.conftest import fixed_clock
from tests.web.conftest import AuthActions, add_plan, close
from tests.web.test_feeds import subscribe
from tests.web.test_today import RED_RUN
from web import create_app
from web.cache import sqlite_stamp
from web.cache.feed_memo import FeedMemo
from web.cache.write_watch import WriteWatch
from web.core.db import engines


def make_app(database_url: str, **config):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_url,
            "CLOCK": fixed_clock(),
            "WTF_CSRF_ENABLED": False,
            **config,
        }
    )


@pytest.fixture
def app(database_url):
    """The memo on for both backends (PostgreSQL has it only when asked)."""
    app = make_app(database_url, FEED_MEMO_SECONDS=10)
    yield app
    close(app)


TOKEN_PATH = "/feeds/" + "t" * 43 + "/return-to-run.ics"


class FakeApp:
    """A WSGI app that answers 304 with ETag "v1" (or a status given) and counts its calls."""

    def __init__(self, status: str = "304 NOT MODIFIED") -> None:
        self.status, self.calls = status, 0

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response(
            self.status,
            [("ETag", '"v1"'), ("X-Frame-Options", "DENY"), ("Set-Cookie", "session=x")],
        )
        return []


def poll(memo: FeedMemo, etag: str = '"v1"', path: str = TOKEN_PATH) -> tuple[str, list]:
    answer: list = []
    memo(
        {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_IF_NONE_MATCH": etag},
        lambda status, headers, exc_info=None: answer.extend([status, headers]),
    )
    return answer[0], answer[1]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_repeat_poll_within_the_window_does_not_reach_the_app():
    app, clock = FakeApp(), Clock()
    memo = FeedMemo(app, 10, clock)
    first = poll(memo)
    clock.now += 9.9
    second = poll(memo)
    assert app.calls == 1
    assert second[0].startswith("304")
    assert second[1] == [h for h in first[1] if h[0] != "Set-Cookie"]  # never replays a cookie


def test_after_the_window_the_app_answers_again():
    app, clock = FakeApp(), Clock()
    memo = FeedMemo(app, 10, clock)
    poll(memo)
    clock.now += 10
    poll(memo)
    assert app.calls == 2


def test_another_etag_another_token_or_a_200_go_to_the_app():
    app = FakeApp()
    memo = FeedMemo(app, 10, Clock())
    poll(memo)
    poll(memo, etag='"old"')
    poll(memo, path=TOKEN_PATH.replace("ttt", "uuu", 1))
    assert app.calls == 3
    app.status = "200 OK"  # the feed changed: a client with an old ETag gets the new file
    poll(memo, etag='"old"')
    poll(memo)  # and that 200 dropped the memo: the next "v1" is asked too
    assert app.calls == 5


def test_forgetting_drops_every_memo_and_an_answer_begun_before_it():
    memo = FeedMemo(FakeApp(), 10, Clock())
    poll(memo)
    memo.forget()
    assert memo.entries == {}

    class Slow(FakeApp):  # the database changes while the app is answering
        def __call__(self, environ, start_response):
            memo.forget()
            return super().__call__(environ, start_response)

    memo.app = Slow()
    poll(memo)
    assert memo.entries == {}


def settled(app) -> None:
    """On PostgreSQL, wait until this process listens for write notices and has heard the
    ones already sent (SQLite's stamp needs no waiting)."""
    watch = app.extensions.get("rtr.write_watch")
    if watch is not None:
        listening(watch)
        time.sleep(0.2)


def listening(watch: WriteWatch, seconds: float = 10) -> tuple[int, int]:
    """Wait until the watch listens; return its stamp."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        stamp = watch.stamp()
        if stamp == watch.stamp():  # an unknown state equals no other stamp
            return cast(tuple[int, int], stamp)
        time.sleep(0.01)
    raise AssertionError("the watch never listened")


def test_a_report_changes_the_feed_at_once_in_this_process(app, client, walk_run_plan):
    path = subscribe(client, walk_run_plan)
    etag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    settled(app)
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    statements: list[str] = []
    for engine in engines(app):
        event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert statements == []  # answered from the memo
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200


def test_a_revoked_token_is_gone_at_once_in_this_process(app, client, plan_id):
    path = subscribe(client, plan_id)
    etag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    client.post(f"/plans/{plan_id}/calendar-feed/revoke")
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 410


def test_the_memo_can_be_turned_off(database_url):
    app = make_app(database_url, FEED_MEMO_SECONDS=0)
    assert not isinstance(app.wsgi_app, FeedMemo) and "rtr.feed_memo" not in app.extensions
    app.extensions["rtr.engine"].dispose()


def test_by_default_the_memo_is_on_for_both_databases(database_url):
    """SQLite's WAL file and PostgreSQL's write notices both show another process's write."""
    app = make_app(database_url)
    assert isinstance(app.wsgi_app, FeedMemo)
    assert ("rtr.write_watch" in app.extensions) == database_url.startswith("postgresql")
    close(app)


def test_the_sqlite_stamp_moves_with_every_commit_and_not_with_reads(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'rtr.sqlite'}")
    stamp = sqlite_stamp(str(tmp_path / "rtr.sqlite"))
    client = app.test_client()
    AuthActions(client).signup()
    before = stamp()
    assert client.get("/auth/account").status_code == 200
    assert stamp() == before
    AuthActions(client).logout()
    assert stamp() != before  # logging out ends the session version: a write
    app.extensions["rtr.engine"].dispose()


class TwoProcesses(NamedTuple):
    """Two apps on one database stand for two server processes: each has its own memo. The
    first serves a calendar app (`poller`) that holds the feed's ETag; the runner is logged
    in on the second."""

    first: Flask
    second: Flask
    poller: FlaskClient
    runner: FlaskClient
    plan: int
    path: str
    etag: str

    def poll(self) -> int:
        return self.poller.get(self.path, headers={"If-None-Match": self.etag}).status_code

    def revoke_elsewhere(self) -> None:
        assert self.runner.post(f"/plans/{self.plan}/calendar-feed/revoke").status_code == 200


def two_processes(url: str) -> TwoProcesses:
    first, second = make_app(url), make_app(url)
    runner = first.test_client()
    AuthActions(runner).signup()
    plan = add_plan(first, "runner@example.com")
    path = subscribe(runner, plan)
    poller = first.test_client()
    etag = poller.get(path).headers["ETag"]
    other = second.test_client()
    AuthActions(other).login()
    return TwoProcesses(first, second, poller, other, plan, path, etag)


def test_a_revoke_by_another_process_ends_the_memo_at_once_on_sqlite(tmp_path):
    both = two_processes(f"sqlite:///{tmp_path / 'shared.sqlite'}")
    assert both.poll() == 304
    assert len(both.first.extensions["rtr.feed_memo"].entries) == 1
    both.revoke_elsewhere()
    assert len(both.first.extensions["rtr.feed_memo"].entries) == 1  # the first never heard
    assert both.poll() == 410
    for each in (both.first, both.second):
        close(each)


def test_reading_pages_keeps_the_memo_and_writing_forgets_it(app, client, walk_run_plan):
    path = subscribe(client, walk_run_plan)
    etag = client.get(path).headers["ETag"]
    settled(app)  # the render was stored: a write
    client.get(path, headers={"If-None-Match": etag})
    memo = app.extensions["rtr.feed_memo"]
    assert len(memo.entries) == 1
    assert client.get(f"/plans/{walk_run_plan}/today").status_code == 200
    assert len(memo.entries) == 1  # a page view commits nothing
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    assert memo.entries == {}


def test_the_sqlite_stamp_leaves_sqlite_its_locks_on_the_shm_file(tmp_path):
    database = str(tmp_path / "rtr.sqlite")
    with closing(sqlite3.connect(database, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t (x)")
        connection.execute("BEGIN")
        connection.execute("SELECT * FROM t").fetchall()  # a reader: SQLite locks bytes of -shm
        stamp = sqlite_stamp(database)
        for _ in range(3):
            assert stamp()[1] is not None  # read from the -shm file
        child = os.fork()
        if child == 0:  # another process: may it lock SQLite's lock bytes of -shm for itself?
            try:
                fd = os.open(database + "-shm", os.O_RDWR)
                try:
                    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 16, 120)  # locks, DMS byte
                except OSError:
                    os._exit(0)  # no: this process's SQLite still holds them
                os._exit(1)  # yes: the stamp's checks dropped them
            finally:
                os._exit(2)  # the child failed otherwise
        _, status = os.waitpid(child, 0)
        connection.execute("COMMIT")
    assert os.waitstatus_to_exitcode(status) == 0


def test_the_stamp_keeps_a_bounded_number_of_descriptors_open(tmp_path):
    from web import cache

    before = len(os.listdir("/proc/self/fd"))
    for n in range(cache.KEEP_AT_MOST + 10):  # a test run's many databases, one after another
        database = str(tmp_path / f"{n}.sqlite")
        with closing(sqlite3.connect(database)) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("CREATE TABLE t (x)")
            assert sqlite_stamp(database)()[1] is not None  # read from its -shm file
    assert len(os.listdir("/proc/self/fd")) - before <= cache.KEEP_AT_MOST


def test_a_forked_child_opens_its_own_shm_descriptor(tmp_path):
    from web import cache

    database = str(tmp_path / "rtr.sqlite")
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t (x)")
        stamp = sqlite_stamp(database)
        before = stamp()
        assert cache._KEPT  # the parent's descriptor
        child = os.fork()
        if child == 0:
            try:
                fresh = not cache._KEPT  # none of the parent's
                os._exit(0 if fresh and stamp() == before and cache._KEPT else 1)
            finally:
                os._exit(2)
        _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
