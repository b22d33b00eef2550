"""Keep the first reads of a signed-in page while nobody writes: the log-in check and the
plan's row, from memory instead of the database.

Every signed-in page starts with the same two single-row reads (web/core/db.py `read_first`).
While the database has not changed since a row was read, the same read gives the same row, so
the row is kept with the database's write stamp (the feed memo's: `sqlite_stamp` on SQLite,
the write notices heard on PostgreSQL, web/cache/write_watch.py) and given again while the
stamp is unchanged, for at most `READ_MEMO_SECONDS`. A commit in this process forgets every
row at once; a commit elsewhere moves the stamp: on SQLite when the commit becomes visible, on
PostgreSQL when its notice arrives, a moment after the commit (a request in that moment, well
under a millisecond on one host, is answered as if it came just before the write). A read
that was running while a write was heard is not kept.

Rows are only kept for views that never write (`reads_only`), and only read before the
request begins a transaction: each read is then its own snapshot, taken after the stamp, so
a row is never kept under a stamp taken after the write it does not show. Speed only: with
the memo off (0 s) every read goes to the database.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

from web.cache import Forgetful

MAX_ENTRIES = 20_000  # two per signed-in visitor seen lately; a few hundred bytes each


class Kept(NamedTuple):
    row: Any  # the read's first row, or None (no such row)
    read: float  # when it was read, on the monotonic clock
    stamp: Hashable  # the database's write stamp before it was read


class QuietReads(Forgetful[Kept]):
    """Single-row reads kept while the database's write stamp stays the same."""

    def __init__(
        self,
        stamp: Callable[[], Hashable],
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
        size: int = MAX_ENTRIES,
    ) -> None:
        super().__init__(size)
        self.stamp, self.seconds, self.clock = stamp, seconds, clock

    def read(self, key: Hashable, run: Callable[[], Any]) -> Any:
        """Return the row kept under `key` if nothing was written since it was read, else
        `run()`'s (kept for the next time)."""
        generation, stamp = self.generation, self.stamp()
        kept = self.entries.get(key)
        if kept is not None and kept.stamp == stamp and self.clock() - kept.read < self.seconds:
            self.used(key)
            return kept.row
        row = run()
        self.keep(key, Kept(row, self.clock(), stamp), generation)  # unless a write was heard
        return row
