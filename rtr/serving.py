"""`rtr serve`: the app in one process (waitress, threads) or in several (gunicorn, `--workers`).

One process runs Python on one core at a time (the GIL). On a machine with more cores, several
processes serve more at once. On two cores shared with the load tool, two processes served 0.9
to 1.8 times the report cycles of one, with longer tails (bench/RESULTS.md, 2026-12-06): one
process stays the default. They share everything through the database
(docs/deploying.md, "Several processes on SQLite"): each process's writers queue on a lock of
their own, and the processes meet at SQLite's (web/core/sqlite_writers.py). gunicorn needs a
POSIX system; elsewhere one process serves.
"""

from __future__ import annotations

import os
import sys
import threading
import time
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
SCHEDULER_LOCK = "scheduler.lock"  # in the instance folder: which worker sends reminders


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
    # No connection may cross a fork: an SQLite connection closed in a child drops the
    # parent's locks (https://sqlite.org/howtocorrupt.html 2.6). The workers open their own.
    app.extensions["rtr.engine"].dispose()
    _run_processes(app, gunicorn_options(host, port, workers))


def gunicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """gunicorn's settings; GUNICORN_CMD_ARGS in the environment can change any of them
    (`--timeout 60 --access-logfile -`, say)."""
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",  # an IPv6 address
        "workers": workers,
        "threads": WORKER_THREADS,
        "worker_class": "gthread",
        "preload_app": True,  # made once, in the parent: migrations run once
        "post_fork": _forked,
        "graceful_timeout": 30,  # a request being served on a restart has SQLite's busy timeout
        "control_socket_disable": True,  # no socket in the home folder, shared by instances
    }


def _forked(_server: Any, worker: Any) -> None:
    """In each new worker (threads do not survive a fork): a thread that waits to become
    this machine's reminders' scheduler."""
    app = worker.app.wsgi()
    threading.Thread(
        target=_schedule_when_chosen, args=(app,), name="reminders-turn", daemon=True
    ).start()


def _schedule_when_chosen(app: Flask) -> None:
    """Send reminders from the one worker that holds the instance's scheduler lock; the
    others try again each tick, so a new one takes over when the one sending stops."""
    path = os.path.join(app.instance_path, SCHEDULER_LOCK)
    while take_turn(path) is None:
        time.sleep(float(app.config["REMINDER_TICK_SECONDS"]))
    reminder_jobs.start_embedded(app)


def take_turn(path: str) -> int | None:
    """Try once to hold the lock file at `path` (flock): its descriptor, kept open for as long
    as this process lives (the kernel lets go when it ends), or None if another holds it."""
    import fcntl  # POSIX only, as gunicorn

    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _run_processes(app: Flask, options: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication  # POSIX only: imported here

    class Processes(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings = {**options, **_from_environment(self.cfg)}
            for key, value in settings.items():
                if key in self.cfg.settings:  # an older gunicorn lacks some
                    self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    Processes().run()


def _from_environment(config: Any) -> dict[str, Any]:
    """The settings given in GUNICORN_CMD_ARGS, as gunicorn's own command reads them."""
    given = config.parser().parse_args(config.get_cmd_args_from_env())
    return {k.lower(): v for k, v in vars(given).items() if v is not None and k != "args"}
