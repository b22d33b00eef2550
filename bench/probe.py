"""The benchmark's probe inside the server under test (imported by its WSGI module only):
times every garbage collection and counts each request's SQL statements.

Collections: `gc.callbacks` gives the start and end of each one, so each pause is timed where
it happens, in the thread that triggered it (a collection holds the GIL: every other thread
of the process waits as long). A thread of the probe writes the totals to `gc-<pid>.json` in
the bench's folder every quarter second; the bench reads them before and after each measured
point, so each point gets its own collections. Statements: a listener on the app's engines
counts them per thread, and each answer carries the count in an `X-Bench-SQL` header.
"""

from __future__ import annotations

import gc
import json
import os
import threading
import time
from pathlib import Path

from sqlalchemy import event

from web.core.db import engines

SLOW = 0.005  # collections of the young generations this long or longer are kept one by one


class Pauses:
    """Every collection's count and time per generation; full ones and slow ones one by one."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget every collection so far (a forked worker's are its own)."""
        self.count, self.seconds, self.longest = [0, 0, 0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
        self.full: list[float] = []  # every generation-2 pause, in order
        self.slow: list[tuple[int, float]] = []  # younger pauses of SLOW seconds or more
        self._began = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            return
        took, generation = time.perf_counter() - self._began, info["generation"]
        self.count[generation] += 1
        self.seconds[generation] += took
        self.longest[generation] = max(self.longest[generation], took)
        if generation == 2:
            self.full.append(took)
        elif took >= SLOW:
            self.slow.append((generation, took))

    def state(self) -> dict:
        """Return the totals so far (a copy, safe to write out)."""
        return {
            "pid": os.getpid(),
            "count": list(self.count),
            "seconds": list(self.seconds),
            "full": list(self.full),
            "slow": list(self.slow),
            "threshold": gc.get_threshold(),
        }


def write_every(pauses: Pauses, path: Path, interval: float = 0.25) -> None:
    """Write the totals to `path` every `interval` seconds, whole (written aside, then moved)."""
    draft = path.with_suffix(".tmp")
    while True:
        draft.write_text(json.dumps(pauses.state()))
        os.replace(draft, path)
        time.sleep(interval)


def count_statements(app, wsgi):
    """Wrap the WSGI app so each answer says how many SQL statements its request sent."""
    counter = threading.local()

    def counted(*_args) -> None:
        counter.n = getattr(counter, "n", 0) + 1

    for engine in engines(app):
        event.listen(engine, "before_cursor_execute", counted)

    def application(environ, start_response):
        counter.n = 0

        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, ("X-Bench-SQL", str(counter.n))], exc_info)

        return wsgi(environ, start)

    return application


def install(app, folder: str):
    """Start timing collections into `folder`; return the app's WSGI callable, counting SQL."""
    pauses = Pauses()
    gc.callbacks.append(pauses)

    def writing() -> None:  # in this process, and again in each forked worker (`rtr serve`)
        path = Path(folder) / f"gc-{os.getpid()}.json"
        threading.Thread(target=write_every, args=(pauses, path), daemon=True).start()

    def forked() -> None:
        pauses.reset()
        writing()

    writing()
    os.register_at_fork(after_in_child=forked)
    return count_statements(app, app.wsgi_app)


def totals(folder: Path) -> dict[int, dict]:
    """Read every server process's latest totals, by process id."""
    found = {}
    for path in folder.glob("gc-*.json"):
        try:
            state = json.loads(path.read_text())
        except (OSError, ValueError):  # a process that just ended mid-write, at worst
            continue
        found[state["pid"]] = state
    return found
