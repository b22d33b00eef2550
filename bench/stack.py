"""The stacks the load benchmark times: an SQLite file served by `rtr serve` in one process
(waitress) or in several (`--workers`, rtr/serving.py), and gunicorn with several workers on a
PostgreSQL database of the bench's own."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rtr.serving import SERVE_THREADS, WORKER_THREADS
from tests.conftest import scratch_postgres
from tests.load import server

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SQLITE = ("waitress", "workers")
TIMEOUT = 600  # seconds a gunicorn worker may spend on one request
TITLES = {
    "waitress": f"waitress ({SERVE_THREADS} threads, as `rtr serve`) + SQLite",
    "workers": "`rtr serve --workers {sqlite_workers}` (gunicorn, "
    f"{WORKER_THREADS} threads each) + SQLite",
    "gunicorn": "gunicorn ({workers} workers × {threads} threads) + PostgreSQL",
}

# The WSGI module the servers import: the app on the bench's database with the tests' fixed
# clock, CSRF on (the bench logs in through the form), and the bench's probe around it.
APP = """
import os

from bench import probe
from tests.conftest import fixed_clock
from web import create_app

memos = {{name: float(os.environ[f"BENCH_{{name}}"]) for name in ("FEED_MEMO_SECONDS", "READ_MEMO_SECONDS")
         if os.environ.get(f"BENCH_{{name}}")}}  # unset: the app's defaults (10 s)
app = create_app({{"SECRET_KEY": "bench", "DATABASE_URL": {url!r}, "CLOCK": fixed_clock(),
                  "SESSION_COOKIE_SECURE": False,
                  "GC_TUNING": os.environ.get("BENCH_GC_TUNING", "1") == "1", **memos,
                  # unset: the app's default (on with PostgreSQL)
                  "SHARED_PAGES": {{"1": True, "0": False}}.get(os.environ.get("BENCH_SHARED_PAGES", ""))}})
app.wsgi_app = probe.install(app, {folder!r})
"""


@dataclass(frozen=True)
class Live:
    """A server under test: its port, its process (the leader of its group), its folder."""

    port: int
    process: subprocess.Popen
    folder: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def database(stack: str, folder: Path, postgres: str) -> Iterator[str]:
    """Yield an empty database for the stack: an SQLite file in the folder, or a PostgreSQL
    database created beside `postgres` for this run alone and dropped after it."""
    if stack in SQLITE:
        yield f"sqlite:///{folder / 'rtr.sqlite'}"
        return
    with scratch_postgres(postgres, "bench") as made:
        yield made


@contextmanager
def serving(
    stack: str, folder: Path, url: str, workers: int, threads: int, sqlite_workers: int
) -> Iterator[Live]:
    """Start the stack's server on a free loopback port; stop it afterwards."""
    (folder / "load_app.py").write_text(APP.format(url=url, folder=str(folder)))
    port = server.free_port()
    if stack == "waitress":
        process = server.start(folder, port, threads=SERVE_THREADS)
    elif stack == "workers":
        process = server.start(folder, port, "rtr", workers=sqlite_workers)
    else:
        # gunicorn kills a worker whose request runs past its 30 s timeout: four first loads
        # of 5,000 athletes at once take longer than that on two cores.
        os.environ["GUNICORN_CMD_ARGS"] = f"--timeout {TIMEOUT}"
        process = server.start(folder, port, "gunicorn", workers=workers, threads=threads)
    try:
        yield Live(port, process, folder)
    finally:
        server.stop(process)


def cpu_ticks(group: int) -> int:
    """Return the CPU time (in clock ticks) used so far by the processes of a process group."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # a process that ended meanwhile
            continue
        if int(fields[2]) == group:  # pgrp; utime and stime are fields 14 and 15 of stat
            total += int(fields[11]) + int(fields[12])
    return total


def wait_idle(live: Live, quiet: float = 0.3, timeout: float = 600) -> None:
    """Wait until the server has used (almost) no CPU for `quiet` seconds: requests the load
    tool gave up on at the end of a run are still being served, and must not land on the
    next route's time."""
    deadline = time.monotonic() + timeout
    before = cpu_ticks(live.process.pid)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = cpu_ticks(live.process.pid)
        if now - before <= 2:
            return
        before = now
