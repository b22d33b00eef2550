"""SQLite's writers queue for a lock of their own instead of polling the file's lock.

SQLite lets one transaction write at a time. A connection that finds the lock taken retries
inside its busy timeout, sleeping 1, 2, 5, 10 … up to 100 ms between tries, and nothing keeps
the order: under load a report could wait a second while others wrote before it
(bench/RESULTS.md). So a writer takes a lock of its own first, for the same span as SQLite's
(BEGIN IMMEDIATE to COMMIT or ROLLBACK): the threads of one process queue on a thread lock, and
one of them is woken as soon as it is free; the one at the head of each process's queue then
takes an advisory lock on a file beside the database (`<database>-writer`, flock), which the
processes of `rtr serve --workers N` share, trying again every millisecond at most. Where
there is no flock (Windows) or the file cannot be opened (a read-only folder), other processes
on the same file meet SQLite's own lock and busy timeout, as before. A thread that holds the
lock and opens a second write transaction waits for itself (the timeout below, then SQLite's):
no code of the app does, as SQLite would refuse it too.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time

try:
    import fcntl
except ImportError:  # Windows: the processes on one file meet SQLite's own lock
    fcntl = None  # type: ignore[assignment]

RETRY = 0.001  # the longest wait between two tries of another process's lock, in seconds


class Writer:
    """One database file's writer lock in this process: a thread lock, then the file lock
    that the other processes on the same database take too."""

    def __init__(self, database: str) -> None:
        self.path = database + "-writer"
        self.thread = threading.Lock()
        self._fd: int | None = None
        self._pid = 0  # the process that opened `_fd`: a forked child opens its own

    def acquire(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for this process's turn, then for the other
        processes'; False (nothing held) if either was not free in time."""
        deadline = time.monotonic() + timeout
        if not self.thread.acquire(timeout=timeout):
            return False
        if self._across_processes(deadline):
            return True
        self.thread.release()
        return False

    def release(self) -> None:
        fd = self._fd if self._pid == os.getpid() else None
        if fd is not None and fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        self.thread.release()

    def locked(self) -> bool:
        return self.thread.locked()

    def _across_processes(self, deadline: float) -> bool:
        fd = self._file()
        if fd is None or fcntl is None:
            return True  # nothing to share: SQLite's own lock keeps the processes apart
        pause = RETRY / 16
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
            time.sleep(pause)
            pause = min(pause * 2, RETRY)

    def _file(self) -> int | None:
        """This process's descriptor of the lock file (made 0600), opened on first use. A
        child's copy of its parent's descriptor shares the parent's lock, so it opens anew."""
        if fcntl is None:
            return None
        if self._pid != os.getpid():
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:  # a read-only folder: SQLite's lock alone
                self._fd = None
            self._pid = os.getpid()
        return self._fd

    def forked(self) -> None:
        """In a forked child only the forking thread lives on: no lock can be held there.
        The parent's descriptor is closed here (the parent keeps its lock, if it holds it)."""
        if self.thread.locked():
            self.thread.release()
        if self._fd is not None and self._pid != os.getpid():
            os.close(self._fd)
            self._fd, self._pid = None, 0


_LOCKS: dict[str, Writer] = {}  # one per database file in this process
_MADE = threading.Lock()


def lock_for(path: str) -> Writer:
    """The process's writer lock for a database file (the same for every engine on it)."""
    key = str(path)
    with _MADE:
        return _LOCKS.setdefault(key, Writer(key))


def _forked() -> None:
    for lock in _LOCKS.values():
        lock.forked()


os.register_at_fork(after_in_child=_forked)


class Connection(sqlite3.Connection):
    """A pysqlite connection that holds its file's writer lock while it writes, and lets go
    once its COMMIT or ROLLBACK has run (or it is closed)."""

    writer: Writer | None = None  # None: an in-memory database, nothing to share
    holding = False

    def take_writer(self, timeout: float) -> None:
        """Wait for the writer lock, before BEGIN IMMEDIATE. After `timeout` seconds go on
        without it: SQLite's own lock and busy timeout still keep writes apart."""
        if self.writer is not None and not self.holding:
            self.holding = self.writer.acquire(timeout)
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
