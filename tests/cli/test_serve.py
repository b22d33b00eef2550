"""`rtr serve` runs the app in one process on waitress, or in `--workers` gunicorn processes,
each with the embedded reminders (rtr/serving.py)."""

from __future__ import annotations

import os
from types import SimpleNamespace

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
    ran = []
    app = SimpleNamespace(extensions={"rtr.engine": SimpleNamespace(dispose=lambda: None)})
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


def test_serve_with_workers_forks_no_open_database_connection(monkeypatch, tmp_path):
    app = web.create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    )
    assert app.extensions["rtr.engine"].pool.checkedin() > 0  # the migrations' connection
    open_at_fork = []
    monkeypatch.setattr(
        serving,
        "_run_processes",
        lambda what, _options: open_at_fork.append(what.extensions["rtr.engine"].pool.checkedin()),
    )
    serving.serve(app, "127.0.0.1", 8123, workers=2)
    assert open_at_fork == [0]


def test_an_ipv6_address_is_bound_in_brackets():
    assert serving.gunicorn_options("::", 8000, 2)["bind"] == "[::]:8000"
    assert serving.gunicorn_options("0.0.0.0", 8000, 2)["bind"] == "0.0.0.0:8000"


def test_one_worker_at_a_time_holds_the_scheduler_lock(tmp_path):
    path = str(tmp_path / "instance" / serving.SCHEDULER_LOCK)
    first = serving.take_turn(path)
    assert first is not None
    assert serving.take_turn(path) is None  # a second worker waits its turn
    os.close(first)  # the first worker ends: the kernel lets its lock go
    second = serving.take_turn(path)
    assert second is not None
    os.close(second)


def test_each_worker_waits_for_its_turn_to_send_reminders(monkeypatch, tmp_path):
    app = web.create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    )
    app.instance_path = str(tmp_path / "instance")
    started = []
    monkeypatch.setattr(reminder_jobs, "start_embedded", started.append)
    serving._schedule_when_chosen(app)  # the first worker: its turn at once
    assert started == [app]
    assert serving.take_turn(str(tmp_path / "instance" / serving.SCHEDULER_LOCK)) is None
