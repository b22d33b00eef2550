"""`rtr serve` runs the app on waitress with SERVE_THREADS threads and the embedded reminders."""

from __future__ import annotations

import waitress

import web
from rtr import cli
from web.services import reminder_jobs


def test_serve_runs_waitress_with_its_threads_on_the_given_address(monkeypatch):
    served, embedded, app = {}, [], object()
    monkeypatch.setattr(web, "create_app", lambda: app)
    monkeypatch.setattr(reminder_jobs, "start_embedded", embedded.append)
    monkeypatch.setattr(waitress, "serve", lambda what, **options: served.update(options, app=what))
    assert cli.main(["serve", "--host", "127.0.0.2", "--port", "8123"]) == 0
    assert served == {"app": app, "host": "127.0.0.2", "port": 8123, "threads": cli.SERVE_THREADS}
    assert embedded == [app]
