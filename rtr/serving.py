"""`rtr serve`: the app in one process (waitress, threads) or in several (gunicorn, `--workers`).

One process runs Python on one core at a time (the GIL). On a machine with more cores, several
processes serve more at once: on two cores, two processes served about twice the report cycles
of one (bench/RESULTS.md). They share everything through the database (docs/deploying.md,
"Several processes"), on SQLite too: each process's writers queue on a lock of their own, and
the processes meet at SQLite's (web/core/sqlite_writers.py). gunicorn needs a POSIX system;
elsewhere one process serves.
"""

from __future__ import annotations

import sys
from typing import Any

from flask import Flask

from web.services import reminder_jobs

# waitress's threads. With its default 4, a page waited behind the reports being saved (each
# holds a thread ~6 ms): the Today after a report took 8.9× a bare route's time at 8
# connections, 2.8× with 8 threads (bench/RESULTS.md). More threads share one GIL: 16 gave
# light pages twice the p99 at 32 connections.
SERVE_THREADS = 8
# Each worker process's threads, as in the PostgreSQL deployment (docs/deploying.md): with one
# thread a page waits behind a report being saved.
WORKER_THREADS = 4


def serve(app: Flask, host: str, port: int, workers: int = 1) -> None:
    """Serve `app` until stopped, with the reminders' scheduler beside it (issue 20: when
    there is no Redis). The app is made, and its migrations run, once, before any worker."""
    if workers > 1 and sys.platform == "win32":
        print(
            "rtr: one process: --workers needs gunicorn, which runs on POSIX only", file=sys.stderr
        )
        workers = 1
    if workers == 1:
        from waitress import serve as waitress_serve

        reminder_jobs.start_embedded(app)
        waitress_serve(app, host=host, port=port, threads=SERVE_THREADS)
        return
    _run_processes(app, gunicorn_options(host, port, workers))


def gunicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": WORKER_THREADS,
        "worker_class": "gthread",
        "preload_app": True,  # made once, in the parent: migrations run once
        "post_fork": _forked,
        "graceful_timeout": 5,
    }


def _forked(_server: Any, worker: Any) -> None:
    """In each new worker: connections of its own, and its own scheduler thread (threads do
    not survive a fork; a second scheduler only ticks twice, never sends twice)."""
    app = worker.app.wsgi()
    app.extensions["rtr.engine"].dispose(close=False)  # the parent's, not to be used or closed
    reminder_jobs.start_embedded(app)


def _run_processes(app: Flask, options: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication  # POSIX only: imported here

    class Processes(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    Processes().run()
