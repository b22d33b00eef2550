"""The log-in check and the plan's row kept in memory while nobody writes: no SQL for a kept
page, and any write (here or in another process) reads them again."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.web.conftest import AuthActions, add_plan, close
from tests.web.test_feed_memo import make_app, settled
from tests.web.test_today import RED_RUN
from tests.web.test_write_watch import moved_from
from web.cache.quiet_reads import QuietReads
from web.core.db import engines


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Stamp:
    def __init__(self) -> None:
        self.value = 0

    def __call__(self) -> int:
        return self.value


def counted(rows: list[str]):
    """A read that notes each time it reaches the database."""

    def run() -> str:
        rows.append("read")
        return f"row {len(rows)}"

    return run


def test_a_row_is_given_again_while_the_stamp_stays_the_same():
    reads: list[str] = []
    kept = QuietReads(Stamp(), 10, Clock())
    assert kept.read("user 1", counted(reads)) == "row 1"
    assert kept.read("user 1", counted(reads)) == "row 1"
    assert reads == ["read"]


def test_a_moved_stamp_a_forget_or_age_reads_again():
    reads: list[str] = []
    stamp, clock = Stamp(), Clock()
    kept = QuietReads(stamp, 10, clock)
    kept.read("user 1", counted(reads))
    stamp.value += 1  # another process wrote
    assert kept.read("user 1", counted(reads)) == "row 2"
    kept.forget()  # this process wrote
    assert kept.read("user 1", counted(reads)) == "row 3"
    clock.now += 10
    assert kept.read("user 1", counted(reads)) == "row 4"
    assert kept.read("user 2", counted(reads)) == "row 5"  # each key its own row
    assert len(reads) == 5


def test_a_read_during_which_a_write_was_heard_is_not_kept():
    kept = QuietReads(Stamp(), 10, Clock())

    def read_while_someone_writes() -> str:
        kept.forget()
        return "maybe stale"

    assert kept.read("user 1", read_while_someone_writes) == "maybe stale"
    assert kept.entries == {}


def test_no_more_rows_are_kept_than_the_size():
    kept = QuietReads(Stamp(), 10, Clock(), size=2)
    for user in (1, 2, 3):
        kept.read(user, lambda: "row")
    assert list(kept.entries) == [2, 3]


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    yield app
    close(app)


def statements_sent(app) -> list[str]:
    sent: list[str] = []
    for engine in engines(app):
        event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    return sent


def test_a_kept_today_page_sends_no_sql_until_someone_writes(app, client, walk_run_plan):
    today = f"/plans/{walk_run_plan}/today"
    assert client.get(today).status_code == 200
    settled(app)  # on PostgreSQL: listening, and what sign-up wrote heard
    assert client.get(today).status_code == 200
    sent = statements_sent(app)
    assert client.get(today).status_code == 200
    assert sent == []  # the log-in check and the plan's row from memory, the page kept
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    sent.clear()
    page = client.get(today)
    assert any("FROM users" in statement for statement in sent)  # read again after the write
    assert "What changed today" in page.text  # the plan's row as the report left it


def test_the_memo_can_be_turned_off(database_url):
    app = make_app(database_url, READ_MEMO_SECONDS=0)
    assert "rtr.quiet_reads" not in app.extensions
    client = app.test_client()
    AuthActions(client).signup()
    plan = add_plan(app, "runner@example.com")
    client.get(f"/plans/{plan}/today")
    sent = statements_sent(app)
    assert client.get(f"/plans/{plan}/today").status_code == 200
    assert len(sent) >= 2
    close(app)


def test_logging_out_in_another_process_ends_a_session_kept_in_memory(database_url):
    """The log-out ends every copy of the session: a server process that kept the log-in
    check sees the write (on PostgreSQL once its notice arrives) and sends the copy away."""
    first, second = make_app(database_url), make_app(database_url)
    try:
        here = first.test_client()
        AuthActions(here).signup()
        plan = add_plan(first, "runner@example.com")
        today = f"/plans/{plan}/today"
        assert here.get(today).status_code == 200
        settled(first)
        assert here.get(today).status_code == 200  # kept under the stamp it now hears
        sent = statements_sent(first)
        assert here.get(today).status_code == 200
        assert sent == [] and first.extensions["rtr.quiet_reads"].entries  # kept in memory
        watch = first.extensions.get("rtr.write_watch")
        before = watch.stamp() if watch else None
        elsewhere = second.test_client()
        cookie = here.get_cookie("session")
        assert cookie is not None
        elsewhere.set_cookie("session", cookie.value)
        assert elsewhere.post("/auth/logout").status_code == 302
        if watch is not None:
            moved_from(watch, before)
        answer = here.get(today)
        assert answer.status_code == 302 and "/auth/login" in answer.headers["Location"]
    finally:
        for each in (first, second):
            close(each)


def test_once_a_request_reads_in_a_transaction_on_sqlite_its_reads_stay_in_it(tmp_path):
    """An API token's check begins the request's transaction before the plan's row is read:
    the row then comes from the same snapshot as the log read beside it, not from memory or a
    newer one (a build of the old log would be kept under the new log version)."""
    from flask import jsonify
    from sqlalchemy import select

    from web.core.db import reads_only, session
    from web.store import users
    from web.store.models import User

    app = make_app(f"sqlite:///{tmp_path / 'rtr.sqlite'}")

    def view():
        user_id = session().scalar(select(User.id))  # the transaction begins here
        row = users.login_state(user_id)
        return jsonify(found=row is not None)

    app.add_url_rule("/test/token-then-read", "token_then_read", reads_only(view))
    client = app.test_client()
    AuthActions(client).signup()
    kept = app.extensions["rtr.quiet_reads"]
    kept.forget()
    assert client.get("/test/token-then-read").json == {"found": True}
    assert kept.entries == {}  # read on the request's connection, and not kept
    close(app)


def test_the_sqlite_stamp_reads_the_header_each_commit_is_published_in(tmp_path):
    """SQLite writes a commit's frames to the WAL file before it publishes the commit in the
    wal-index header (`-shm`): the stamp holds that header, which moves with every commit."""
    import sqlite3

    from web.cache import sqlite_stamp

    path = str(tmp_path / "rtr.sqlite")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (x)")
    stamp = sqlite_stamp(path)
    headers = [stamp()[1]]
    for value in range(3):
        writer.execute("INSERT INTO t VALUES (?)", (value,))
        headers.append(stamp()[1])
    writer.execute("SELECT count(*) FROM t").fetchall()
    assert stamp()[1] == headers[-1]  # a read publishes nothing
    assert all(header is not None for header in headers)
    assert len(set(headers)) == 4
    writer.close()


def test_a_kept_descriptor_being_read_is_never_closed_and_closes_once_read(tmp_path):
    """The stamp reads the `-shm` file without holding the cache's lock; a descriptor of a file
    SQLite has deleted is closed only once no thread is reading it."""
    import os

    from web import cache

    shm = tmp_path / "gone.sqlite-shm"
    shm.write_bytes(b"\0" * 96)
    fd = cache._kept(str(shm))  # a thread reading it now
    shm.unlink()  # SQLite deleted it: the descriptor is of no use any more
    cache._close_unused()
    assert os.fstat(fd)  # still open: it is being read
    cache._done_reading(fd)
    cache._close_unused()
    try:
        os.fstat(fd)
        closed = False
    except OSError:
        closed = True
    assert closed and all(kept != fd for kept in cache._KEPT.values())
