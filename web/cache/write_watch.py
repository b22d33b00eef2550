"""Hear, in each server process, that someone wrote to the PostgreSQL database.

Every table sends `NOTIFY rtr_writes` when a transaction that wrote to it commits (migration
0014). Each process keeps one connection that listens, in a thread of its own, and counts what
it hears. `stamp()` names the database's state as this process knows it: it moves with every
write any process (or any other program) commits, as the WAL file's stamp does on SQLite, so
the feed memo can replay a 304 only while nothing changed.

Two limits, both on the safe side of a memo that only ever replays a bodyless 304:
- a notice arrives a moment after its commit (well under a millisecond on one host): a poll
  in that moment is answered as if it came just before the write;
- while the listening connection is down, `stamp()` never matches itself: every poll goes to
  the app. A connection that died without a word is found by a ping every `PING_SECONDS`;
  until then a memo still lasts `FEED_MEMO_SECONDS` at most.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Hashable
from typing import Any

CHANNEL = "rtr_writes"
PING_SECONDS = 5.0
RETRY_SECONDS = (0.5, 30.0)  # the first wait before reconnecting, and the longest

log = logging.getLogger(__name__)


class WriteWatch:
    """Count the write notices of one PostgreSQL database; call `on_write` after each."""

    def __init__(self, connect: Callable[[], Any], on_write: Callable[[], None]) -> None:
        self._connect, self._on_write = connect, on_write
        self._lock = threading.Lock()
        self._listening: tuple[int, int] | None = None  # (connection number, notices heard)
        self._connections = 0
        self._pid: int | None = None  # the process whose thread listens (a fork has none)
        self._stopped = threading.Event()

    def stamp(self) -> Hashable:
        """Name the database's state: equal stamps mean no write was heard between them."""
        if self._pid != os.getpid():
            self._start()
        listening = self._listening
        return listening if listening is not None else object()  # unknown: equals nothing

    def stop(self) -> None:
        """Stop listening (the thread ends at its next ping or notice)."""
        self._stopped.set()
        self._listening = None

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid, self._listening = os.getpid(), None
            threading.Thread(target=self._run, name="rtr-write-watch", daemon=True).start()

    def _run(self) -> None:
        wait = RETRY_SECONDS[0]
        while not self._stopped.is_set():
            try:
                self._listen()
                wait = RETRY_SECONDS[0]
            except Exception as error:  # noqa: BLE001 - any failure: stop trusting, retry
                log.warning(
                    "write notices lost (%s); polls go to the database", type(error).__name__
                )
            self._listening = None
            self._stopped.wait(wait)
            wait = min(wait * 2, RETRY_SECONDS[1])

    def _listen(self) -> None:
        with self._connect() as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            with self._lock:
                self._connections += 1
                self._listening = (self._connections, 0)
            self._on_write()  # what was written before LISTEN was never heard
            while not self._stopped.is_set():
                for _notice in connection.notifies(timeout=PING_SECONDS):
                    self._heard()
                connection.execute("SELECT 1")  # a dead connection raises here

    def _heard(self) -> None:
        with self._lock:
            if self._listening is not None:
                number, heard = self._listening
                self._listening = (number, heard + 1)
        self._on_write()


def postgres_watch(url: str, on_write: Callable[[], None]) -> WriteWatch:
    """Return a watch on the PostgreSQL database at this SQLAlchemy URL (its thread starts at
    the first `stamp()` in each process)."""
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return WriteWatch(lambda: psycopg.connect(conninfo, autocommit=True), on_write)
