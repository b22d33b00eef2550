"""`rtr serve` runs the app in one process on waitress, or in `--workers` gunicorn processes,
each with the embedded reminders (rtr/serving.py)."""

from __future__ import annotations

import waitress

import web
from rtr import cli, serving
from web.services import reminder_jobs


def test_serve_runs_waitress_with_its_threads_on_the_given_address(monkeypatch):
    served, embedded, app = {}, [], object()
    monkeypatch.setattr(web, "create_app", lambda: app)
    monkeypatch.setattr(reminder_jobs, "start_embedded", embedded.append)
    monkeypatch.setattr(waitress, "serve", lambda what, **options: served.update(options, app=what))
    assert cli.main(["serve", "--host", "127.0.0.2", "--port", "8123"]) == 0
    assert served == {
        "app": app,
        "host": "127.0.0.2",
        "port": 8123,
        "threads": serving.SERVE_THREADS,
    }
    assert embedded == [app]


def test_serve_with_workers_runs_gunicorn_processes_made_after_the_app(monkeypatch):
    ran, app = [], object()
    monkeypatch.setattr(web, "create_app", lambda: app)
    monkeypatch.setattr(
        serving, "_run_processes", lambda what, options: ran.append((what, options))
    )
    assert cli.main(["serve", "--port", "8123", "--workers", "3"]) == 0
    [(what, options)] = ran
    assert what is app
    assert options["bind"] == "127.0.0.1:8123"
    assert (options["workers"], options["threads"]) == (3, serving.WORKER_THREADS)
    assert options["preload_app"] is True  # one app, one migration, before any fork
    assert options["post_fork"] is serving._forked


def test_serve_refuses_a_number_of_workers_below_one(capsys):
    assert cli.main(["serve", "--workers", "0"]) == 2
    assert "'0' is not a number of processes (1 or more)" in capsys.readouterr().err
