"""SQLite's writers queue in the process instead of polling the file's lock.

SQLite lets one transaction write at a time. A connection that finds the lock taken retries
inside its busy timeout, sleeping 1, 2, 5, 10 … up to 100 ms between tries, and nothing keeps
the order: under load a report could wait a second while others wrote before it
(bench/RESULTS.md). So the threads of one process take a lock of the process first, for the
same span as SQLite's (BEGIN IMMEDIATE to COMMIT or ROLLBACK), and one of them is woken as soon
as it is free. Other processes on the same file (`rtr serve --workers`) still meet SQLite's own
lock and busy timeout: a lock file they all queued on (flock) was tried, and with two processes
their reports were no faster, nor their p99 shorter (bench/RESULTS.md, 2026-12-06).
A thread that holds the lock and opens a second write transaction waits for itself (the
timeout below, then SQLite's): no code of the app does, as SQLite would refuse it too.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading

_LOCKS: dict[str, threading.Lock] = {}  # one per database file in this process
_MADE = threading.Lock()


def lock_for(path: str) -> threading.Lock:
    """The process's writer lock for a database file (the same for every engine on it)."""
    key = str(path)
    with _MADE:
        return _LOCKS.setdefault(key, threading.Lock())


def _forked() -> None:
    """In a forked child only the forking thread lives on: no lock can be held there."""
    for lock in _LOCKS.values():
        if lock.locked():
            lock.release()


os.register_at_fork(after_in_child=_forked)


class Connection(sqlite3.Connection):
    """A pysqlite connection that holds its file's writer lock while it writes, and lets go
    once its COMMIT or ROLLBACK has run (or it is closed)."""

    writer: threading.Lock | None = None  # None: an in-memory database, nothing to share
    holding = False

    def take_writer(self, timeout: float) -> None:
        """Wait for the writer lock, before BEGIN IMMEDIATE. After `timeout` seconds go on
        without it: SQLite's own lock and busy timeout still keep writes apart."""
        if self.writer is not None and not self.holding:
            self.holding = self.writer.acquire(timeout=timeout)
            if not self.holding:
                logging.getLogger(__name__).warning(
                    "The writer lock was not free after %g s: writing without it.", timeout
                )

    def let_go(self) -> None:
        """Release the writer lock if this connection holds it."""
        if self.holding:
            self.holding = False
            assert self.writer is not None
            self.writer.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.let_go()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.let_go()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.let_go()
