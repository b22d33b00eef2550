"""Answer a calendar's repeat poll from memory: a few seconds of 304s without Flask or SQL.

Calendar apps poll the feed far more often than it changes, and almost every poll sends the
ETag it already holds. This WSGI middleware remembers, per feed token (by its hash), the 304
the app last gave, with every header, and gives the same answer to the same question for
`FEED_MEMO_SECONDS` (default 10). What this costs in freshness:

- a change made in this process forgets every memo at once (a commit that wrote clears it);
- a change made in another process (another gunicorn worker or machine) reaches a poll
  that lands here at most `FEED_MEMO_SECONDS` late: a 304 for a little longer, never a
  wrong body. The feed already tells clients to keep it 15 minutes (`max-age=900`).
- a rotated or revoked token can get a bodyless 304 from another process for that long
  before the 410: no plan content is ever served from the memo.

Set `FEED_MEMO_SECONDS=0` to turn it off.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import NamedTuple

from werkzeug.http import parse_etags

FEED_PATH = re.compile(r"/feeds/([^/]{20,128})/[^/]+\.ics")
MAX_ENTRIES = 10_000  # one per subscribed calendar seen lately; about 1 KB each


class Entry(NamedTuple):
    etag: str  # without quotes
    headers: list[tuple[str, str]]  # the app's own 304 headers, security headers included
    checked: float  # when the app last answered, on the monotonic clock


class FeedMemo:
    """WSGI middleware in front of the app: replays the app's 304 for a matching poll."""

    def __init__(self, app: Callable, seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.seconds, self.clock = app, seconds, clock
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()
        self.generation = 0  # counts forget(): an answer that began before one is not kept

    def forget(self) -> None:
        """Drop every memo: something in the database changed."""
        with self.lock:
            self.entries.clear()
            self.generation += 1

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        asked = environ.get("HTTP_IF_NONE_MATCH")
        found = FEED_PATH.fullmatch(environ.get("PATH_INFO", "")) \
            if asked and environ.get("REQUEST_METHOD") == "GET" else None
        if found is None:
            return self.app(environ, start_response)
        key = hashlib.sha256(found.group(1).encode("utf-8", "surrogateescape")).hexdigest()
        entry, generation = self.entries.get(key), self.generation
        if entry is not None and self.clock() - entry.checked < self.seconds \
                and parse_etags(asked).contains_weak(entry.etag):
            start_response("304 NOT MODIFIED", list(entry.headers))
            return []

        def remember(status: str, headers: list, exc_info=None):
            etag = next((v for k, v in headers if k.lower() == "etag"), None)
            if status.startswith("304") and etag:
                kept = [(k, v) for k, v in headers if k.lower() != "set-cookie"]
                self._store(key, Entry(etag.strip('"'), kept, self.clock()), generation)
            else:
                self._drop(key)
            return start_response(status, headers, exc_info) if exc_info else \
                start_response(status, headers)

        return self.app(environ, remember)

    def _store(self, key: str, entry: Entry, generation: int) -> None:
        with self.lock:
            if generation != self.generation:
                return  # the database changed while the app was answering
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > MAX_ENTRIES:
                self.entries.popitem(last=False)

    def _drop(self, key: str) -> None:
        with self.lock:
            self.entries.pop(key, None)
