"""Hear, in each server process, that someone wrote to the PostgreSQL database.

Every table but those in UNHEARD sends `NOTIFY rtr_writes` when a transaction that wrote to it
commits (migration 0014). Each process keeps one connection that listens, in a thread of its own, and counts what
it hears. `stamp()` names the database's state as this process knows it: it moves with every
write any process (or any other program) commits, as `sqlite_stamp` does on SQLite (web/cache),
so the memos (a feed's 304, a page's log-in check and plan row) hold only while nothing changed.

Limits, each on the safe side of a memo that holds for at most `FEED_MEMO_SECONDS` or
`READ_MEMO_SECONDS`:
- a notice arrives a moment after its commit (well under a millisecond on one host): a
  request in that moment is answered as if it came just before the write;
- every `PING_SECONDS` the watch sends a notice of its own and must hear it back, so a
  connection that answers but hears nothing (a proxy that drops LISTEN, such as PgBouncer in
  transaction mode) or a dead one is found within one ping and TCP's keepalive time; while
  the connection is down `stamp()` never matches itself, and every memo misses.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
from collections.abc import Callable, Hashable
from typing import Any

CHANNEL = "rtr_writes"
# Tables whose writes send no notice: no memo reads them (the kept Today pages, a cache).
UNHEARD = ("kept_pages",)
PING_SECONDS = 5.0
RETRY_SECONDS = (0.5, 30.0)  # the first wait before reconnecting, and the longest
APPLICATION_NAME = "rtr-write-watch"  # how its connection shows in pg_stat_activity
# libpq's: give up on a server that stopped answering instead of waiting on TCP's defaults.
CONNECT_OPTIONS: dict[str, Any] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 2,
    "tcp_user_timeout": 15_000,
    "application_name": APPLICATION_NAME,
}

log = logging.getLogger(__name__)


class NoEcho(ConnectionError):
    """The watch's own notice did not come back: its notices are not reaching it."""


class WriteWatch:
    """Count the write notices of one PostgreSQL database; call `on_write` after each."""

    def __init__(self, connect: Callable[[], Any], on_write: Callable[[], None]) -> None:
        self._connect, self._on_write = connect, on_write
        self._lock = threading.Lock()
        self._listening: tuple[int, int] | None = None  # (connection number, notices heard)
        self._connections = itertools.count(1)
        self._pid: int | None = None  # the process whose thread listens (a fork has none)
        self._stopped = threading.Event()

    def stamp(self) -> Hashable:
        """Name the database's state: equal stamps mean no write was heard between them."""
        if self._pid != os.getpid():
            self._start()
        listening = self._listening
        return listening if listening is not None else object()  # unknown: equals nothing

    def stop(self) -> None:
        """Stop listening: the thread ends within a ping; the next `stamp()` starts another."""
        with self._lock:
            self._listening = None
            self._stopped.set()
            self._pid = None

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._listening = None  # first: a forked child must not trust its parent's count
            self._pid, self._stopped = os.getpid(), threading.Event()
            stopped = self._stopped
        threading.Thread(
            target=self._run, args=(stopped,), name=APPLICATION_NAME, daemon=True
        ).start()

    def _run(self, stopped: threading.Event) -> None:
        wait = RETRY_SECONDS[0]
        while not stopped.is_set():
            try:
                self._listen(stopped)
                wait = RETRY_SECONDS[0]
            except Exception as error:  # noqa: BLE001 - any failure: stop trusting, retry
                log.warning(
                    "write notices lost (%s); polls go to the database", type(error).__name__
                )
            with self._lock:
                if not stopped.is_set():
                    self._listening = None
            stopped.wait(wait)
            wait = min(wait * 2, RETRY_SECONDS[1])

    def _listen(self, stopped: threading.Event) -> None:
        with self._connect() as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            number = next(self._connections)
            with self._lock:
                if stopped.is_set():
                    return
                self._listening = (number, 0)
            self._on_write()  # what was written before LISTEN was never heard
            for ping in itertools.count(1):
                echo = f"ping:{os.getpid()}:{number}:{ping}"
                connection.execute("SELECT pg_notify(%s, %s)", (CHANNEL, echo))
                echoed = False
                for notice in connection.notifies(timeout=PING_SECONDS):
                    if notice.payload == echo:
                        echoed = True
                    elif not notice.payload.startswith("ping:"):  # another watch's ping
                        self._heard(stopped)
                if stopped.is_set():
                    return
                if not echoed:
                    raise NoEcho(f"no echo within {PING_SECONDS:g} s")

    def _heard(self, stopped: threading.Event) -> None:
        with self._lock:
            if self._listening is not None and not stopped.is_set():
                number, heard = self._listening
                self._listening = (number, heard + 1)
        self._on_write()


def postgres_watch(url: str, on_write: Callable[[], None]) -> WriteWatch:
    """Return a watch on the PostgreSQL database at this SQLAlchemy URL (its thread starts at
    the first `stamp()` in each process)."""
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return WriteWatch(
        lambda: psycopg.connect(conninfo, autocommit=True, **CONNECT_OPTIONS), on_write
    )
