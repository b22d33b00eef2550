"""Answer a calendar's repeat poll from memory: 304s without Flask or SQL while nothing changed.

Calendar apps poll the feed far more often than it changes, and almost every poll sends the
ETag it already holds. This WSGI middleware remembers, per feed token (by its hash), the 304
the app last gave, with every header, and gives the same answer to the same question while
the database has not changed, for at most `FEED_MEMO_SECONDS` (the owner's day turning over
changes the feed's window without any write).

"The database has not changed" is exact on SQLite, across processes: a `stamp` of the WAL
files (the wal-index header SQLite publishes each commit in, the WAL file's size, time and
header) is taken before the app answers and must be the same at a later poll.
On PostgreSQL the stamp counts the write notices this process has heard
(web/cache/write_watch.py): a commit elsewhere ends a memo when its notice arrives, a moment
after the commit. A write in this process also forgets every memo at once.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any, NamedTuple, cast

from werkzeug.http import parse_etags

from web.auth.hashes import hash_secret
from web.cache import Forgetful

FEED_PATH = re.compile(r"/feeds/([^/]{20,128})/[^/]+\.ics")
MAX_ENTRIES = 10_000  # one per subscribed calendar seen lately; about 1 KB each


class Entry(NamedTuple):
    etag: str  # without quotes
    headers: list[tuple[str, str]]  # the app's own 304 headers, security headers included
    checked: float  # when the app last answered, on the monotonic clock
    stamp: Hashable  # the database's write stamp before the app answered


class FeedMemo(Forgetful[Entry]):
    """WSGI middleware in front of the app: replays the app's 304 for a matching poll."""

    def __init__(
        self,
        app: Callable[..., Any],
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
        stamp: Callable[[], Hashable] = lambda: None,
    ) -> None:
        super().__init__(MAX_ENTRIES)
        self.app, self.seconds, self.clock, self.stamp = app, seconds, clock, stamp

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        asked = environ.get("HTTP_IF_NONE_MATCH")
        found = (
            FEED_PATH.fullmatch(environ.get("PATH_INFO", ""))
            if asked and environ.get("REQUEST_METHOD") == "GET"
            else None
        )
        if found is None:
            return cast(Iterable[bytes], self.app(environ, start_response))
        key = hash_secret(found.group(1))
        entry, generation, stamp = self.entries.get(key), self.generation, self.stamp()
        if (
            entry is not None
            and entry.stamp == stamp
            and self.clock() - entry.checked < self.seconds
            and parse_etags(asked).contains_weak(entry.etag)
        ):
            self.used(key)
            start_response("304 NOT MODIFIED", list(entry.headers))
            return []

        def remember(status: str, headers: list[Any], exc_info: Any = None) -> Any:
            etag = next((v for k, v in headers if k.lower() == "etag"), None)
            if status.startswith("304") and etag:
                kept = [(k, v) for k, v in headers if k.lower() != "set-cookie"]
                self.keep(key, Entry(etag.strip('"'), kept, self.clock(), stamp), generation)
            else:
                self.drop(key)
            return (
                start_response(status, headers, exc_info)
                if exc_info
                else start_response(status, headers)
            )

        return cast(Iterable[bytes], self.app(environ, remember))
