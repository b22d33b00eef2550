"""Bounded in-process caches: built plans, their JSON, rendered feeds and pages, roster
rows. Speed only, never truth.

Every key carries the versions the request read from the database (`plans.log_version`,
`plans.calendar_version`) next to the plan's id, its settings and the day it is built for. A
write bumps the version in its own transaction, so no later request can ask for an entry made
before it: stale entries are never served, they just age out. Each app process keeps its own
caches and needs no word from the others (SPEC §7).
"""

from __future__ import annotations

import os
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar, cast

from flask import Flask, current_app

NAMES = ("plans", "plan_json", "checkpoints", "feeds", "pages", "snapshots")


class LRU:
    """A thread-safe dict that forgets its least recently used entries beyond `size`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        """Return the entry, or None; a hit becomes the most recently used."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value: Any) -> None:
        """Store an entry, dropping the least recently used ones beyond the size."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """Return the entry, making and storing it on a miss (outside the lock)."""
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def __len__(self) -> int:
        return len(self._items)


Kept = TypeVar("Kept")


class Forgetful(Generic[Kept]):
    """Entries that hold while the database does not change (the memos of feed_memo.py and
    quiet_reads.py, whose stamp is `sqlite_stamp` or write_watch.py's): `forget()` drops them all, and an entry made by work that began before a
    forget is not kept. The least recently used go first beyond `size`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[Hashable, Kept] = OrderedDict()
        self.lock = threading.Lock()
        self.generation = 0  # counts forget(): work that began before one is not kept

    def forget(self) -> None:
        """Drop every entry: something in the database changed."""
        with self.lock:
            self.entries.clear()
            self.generation += 1

    def keep(self, key: Hashable, entry: Kept, generation: int) -> None:
        """Keep an entry made by work that began at `generation`, unless a forget came since."""
        with self.lock:
            if generation != self.generation:
                return
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def used(self, key: Hashable) -> None:
        """Note that an entry was used: it goes last."""
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)

    def drop(self, key: Hashable) -> None:
        with self.lock:
            self.entries.pop(key, None)


def sqlite_stamp(database: str) -> Callable[[], Hashable]:
    """Return a function naming the SQLite database's last visible commit: the wal-index
    header at the start of the `-shm` file (both copies, 96 bytes), which SQLite rewrites as
    the last step of every commit, when the commit becomes visible to readers (its change
    counter, last frame and the WAL's salts, which change when the WAL restarts); and the WAL
    file's inode, size and modification time.

    The WAL file alone moves before a commit is visible (its frames are written, then
    synced, then the header published): a read in between would see the old data under the
    new stamp. The `-shm` file is read through a descriptor this process never closes
    (`_kept`); the WAL file is only stat'ed."""
    wal, shm = database + "-wal", database + "-shm"

    def stamp() -> Hashable:
        try:
            info = os.stat(wal)
        except FileNotFoundError:  # no WAL yet, or checkpointed away: the main file then
            info = os.stat(database)
            return info.st_ino, info.st_size, info.st_mtime_ns
        return (info.st_ino, info.st_size, info.st_mtime_ns), _header(shm)

    return stamp


def _header(shm: str) -> bytes | None:
    """The wal-index header (None without a `-shm` file: no connection has the WAL open).

    The lock is held for the bookkeeping alone, never across a system call: a thread that
    held it through the read gave up the GIL there and queued behind the other threads to
    take it back, and every thread stamping waited behind it (the kept Today page served 1,260
    answers a second from one connection, 400 from 32). A descriptor being read is marked in
    use, and only a descriptor in use by nobody is closed."""
    fd = _kept(shm)
    if fd is None:
        return None
    try:
        return os.pread(fd, 96, 0)
    finally:
        _done_reading(fd)


# Descriptors of `-shm` files, by path and inode, for this process, never closed while the file
# is in use. Closing any descriptor of a file drops every POSIX lock the process holds on it,
# SQLite's own included: its locks on the `-shm` file keep the WAL's one writer and its readers
# apart, and tell a process opening the database whether anyone else has it open. Opening and
# closing the file at each stamp let a process of `rtr serve --workers` write the WAL beside
# another (bench/RESULTS.md, 2026-12-06: "database disk image is malformed";
# https://sqlite.org/howtocorrupt.html 2.2). Past KEEP_AT_MOST files, those SQLite has deleted
# (the last connection to the database closed) or replaced are closed: a test run makes
# thousands of databases, one after another.
KEEP_AT_MOST = 64
_KEPT: dict[tuple[str, int], int] = {}
_READING: Counter[int] = Counter()  # kept descriptors being read now: none of them is closed
_KEEPING = threading.Lock()


def _forked() -> None:
    """A forked child keeps none of its parent's descriptors (they stay open, unused), and
    its lock starts free: the thread that held it at the fork is not in the child."""
    global _KEEPING
    _KEPT.clear()
    _READING.clear()
    _KEEPING = threading.Lock()


os.register_at_fork(after_in_child=_forked)


def _kept(path: str) -> int | None:
    """This process's descriptor of the file now at `path`, opened once and marked in use
    (the caller takes the mark off); None if no file is there."""
    try:
        key = (path, os.stat(path).st_ino)
    except FileNotFoundError:
        return None
    with _KEEPING:
        fd = _KEPT.get(key)
        if fd is not None:
            _READING[fd] += 1
            return fd
    try:
        opened = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    key = (path, os.fstat(opened).st_ino)  # the file opened, if it just changed
    with _KEEPING:
        fd = _KEPT.setdefault(key, opened)  # a second one, in that race, is left open
        _READING[fd] += 1
        crowded = len(_KEPT) > KEEP_AT_MOST
    if crowded:
        _close_unused()
    return fd


def _done_reading(fd: int) -> None:
    """Take off the mark `_kept` put on a descriptor: once nobody reads it, it may be closed."""
    with _KEEPING:
        _READING[fd] -= 1
        if not _READING[fd]:
            del _READING[fd]


def _close_unused() -> None:
    """Close the kept descriptors of files no longer at their path: SQLite has no lock on
    them (it deleted or replaced them), so closing them drops none; one being read stays."""
    with _KEEPING:
        kept = list(_KEPT.items())
    gone = []
    for (path, inode), fd in kept:
        try:
            current = os.stat(path).st_ino
        except FileNotFoundError:
            current = None
        if current != inode:
            gone.append(((path, inode), fd))
    with _KEEPING:
        closing = [fd for key, fd in gone if not _READING[fd] and _KEPT.pop(key, None) == fd]
    for fd in closing:
        os.close(fd)


def init_app(app: Flask) -> None:
    """Give the app its own caches, sized by PLAN_CACHE_SIZE (also for the plans' JSON,
    checkpoints and pages),
    FEED_CACHE_SIZE and ROSTER_CACHE_SIZE; their keys are in web/cache/keys.py."""
    sizes = {
        "plans": app.config["PLAN_CACHE_SIZE"],
        "plan_json": app.config["PLAN_CACHE_SIZE"],
        "checkpoints": app.config["PLAN_CACHE_SIZE"],
        "feeds": app.config["FEED_CACHE_SIZE"],
        "pages": app.config["PLAN_CACHE_SIZE"],
        "snapshots": app.config["ROSTER_CACHE_SIZE"],
    }
    app.extensions["rtr.caches"] = {name: LRU(sizes[name]) for name in NAMES}


def plans() -> LRU:
    """Built plans: (log, plan) by keys.plan_key."""
    return _caches()["plans"]


def plan_json() -> LRU:
    """A built plan's SPEC §5 JSON text (the API's GET /plans/<id>/plan), by keys.plan_key:
    the text follows from the build alone."""
    return _caches()["plan_json"]


def checkpoints() -> LRU:
    """Where each plan's last build stood every week (planner/checkpoints.py), by
    keys.checkpoint_key: a rebuild resumes from them. They check their own inputs."""
    return _caches()["checkpoints"]


def feeds() -> LRU:
    """Rendered feed files by keys.render_key."""
    return _caches()["feeds"]


def pages() -> LRU:
    """Rendered pages with CSRF holes, by keys.today_page_key (web/cache/page_cache.py)."""
    return _caches()["pages"]


def snapshots() -> LRU:
    """Roster rows by keys.snapshot_key."""
    return _caches()["snapshots"]


def _caches() -> dict[str, LRU]:
    return cast(dict[str, LRU], current_app.extensions["rtr.caches"])
