"""Kill the server mid-load (gunicorn, or `rtr serve --workers 2`): every write it acknowledged
is still there after a restart, and the restarted server writes (nothing stays locked)."""

from __future__ import annotations

import http.client
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from tests.load import server

DAYS = [date(2025, 3, 1) + timedelta(days=i) for i in range(20)]
GREEN = {date(2025, 3, 8) + timedelta(days=i) for i in range(5)}
KILL_AFTER = 80  # acknowledged writes before the SIGKILL
MAX_SECONDS = 30


@pytest.mark.parametrize("kind", ["gunicorn", "rtr"])
def test_a_killed_server_loses_no_acknowledged_write(kind, database_url, tmp_path):
    token, plan, keys = server.seed(database_url)
    server.write_app(tmp_path, database_url)
    port = server.free_port()
    process = server.start(tmp_path, port, kind)
    load = [
        ("completions", {"date": d.isoformat(), "item": k})
        for d in DAYS
        for k in keys[d.isoformat()]
    ]
    load += [
        ("reports", {"date": d.isoformat(), "note": f"crash {d}"}) for d in DAYS if d not in GREEN
    ]
    acked: list[tuple[str, dict]] = []
    lock, killed = threading.Lock(), threading.Event()
    deadline = time.monotonic() + MAX_SECONDS

    def send(write):
        if killed.is_set() or time.monotonic() > deadline:
            return
        kind, body = write
        try:
            status, _ = server.request(
                port, "POST", f"/api/v1/plans/{plan}/{kind}", body, token, timeout=5
            )
        except (OSError, http.client.HTTPException):
            return  # the server died under this request: not acknowledged
        assert status < 500, (status, write)
        if status in (200, 201):
            with lock:
                acked.append(write)
                if len(acked) >= KILL_AFTER and not killed.is_set():
                    killed.set()
                    server.kill(process)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(send, load))
    assert killed.is_set() and len(acked) >= KILL_AFTER
    assert len(acked) < len(load)  # the kill really came mid-load

    process = server.start(tmp_path, port, kind)
    try:
        log = server.request(port, "GET", f"/api/v1/plans/{plan}/log", token=token)[1]
        after = {"date": DAYS[-1].isoformat(), "note": "after the restart"}
        path = f"/api/v1/plans/{plan}/reports"
        assert server.request(port, "POST", path, after, token, timeout=10)[0] in (200, 201)
    finally:
        server.stop(process)
    stored_completions = {(c["date"], c["item"]) for c in log["completions"]}
    stored_reports = {r["date"]: r["note"] for r in log["reports"]}
    for kind, body in acked:
        if kind == "completions":
            assert (body["date"], body["item"]) in stored_completions
        else:
            assert stored_reports[body["date"]] == body["note"]
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
