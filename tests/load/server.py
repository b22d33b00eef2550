"""Run the real app in a subprocess on a free loopback port, and talk to it with urllib."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = """
from tests.conftest import FAST_PASSWORDS, fixed_clock
from web import create_app
app = create_app({{"SECRET_KEY": "load", "DATABASE_URL": {url!r}, "CLOCK": fixed_clock(),
                  "WTF_CSRF_ENABLED": False, **FAST_PASSWORDS}})
"""


LOG = "server.log"


def log_tail(folder: Path, lines: int = 60) -> str:
    """The end of what the servers started in this folder printed."""
    path = folder / LOG
    return (
        "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_app(folder: Path, url: str) -> None:
    """Write the WSGI module the servers import: the app on this database with a fixed clock."""
    (folder / "load_app.py").write_text(APP.format(url=url))


def start(
    folder: Path,
    port: int,
    server: str = "waitress",
    *,
    workers: int = 2,
    threads: int | None = None,
) -> subprocess.Popen:
    """Start waitress (16 threads), gunicorn (2 workers of 4 threads; one thread is the
    plain sync worker) or `rtr serve`'s processes (rtr/serving.py: `workers` of them, over
    the app made once in the parent) and wait until /healthz answers; what the server prints
    (a traceback behind a 500, say) goes to `server.log` in the folder."""
    if server == "rtr":
        run = "import load_app, rtr.serving; rtr.serving.serve(load_app.app, '127.0.0.1', {}, {})"
        command = [sys.executable, "-c", run.format(port, workers)]
    elif server == "gunicorn":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(workers),
            "--threads",
            str(threads or 4),
            "-b",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "2",
            "load_app:app",
        ]
    else:
        command = [
            sys.executable,
            "-m",
            "waitress",
            "--listen",
            f"127.0.0.1:{port}",
            "--threads",
            str(threads or 16),
            "load_app:app",
        ]
    env = {**os.environ, "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}"}
    with open(folder / LOG, "ab") as log:  # the server keeps its own descriptor
        process = subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/healthz", timeout=1)[0] == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start within 30 seconds")


def request(
    port: int, method: str, path: str, body=None, token: str | None = None, timeout: float = 20
) -> tuple[int, object]:
    """Send one request; return (status, parsed JSON or None)."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=data, method=method, headers=headers
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        error.close()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, None


def seed(app_url: str) -> tuple[str, int, list[str]]:
    """Create a runner, a token and a walk-run plan; return (token, plan id, today's item keys)."""
    from tests.api.conftest import issue_token
    from tests.conftest import FAST_PASSWORDS, fixed_clock
    from tests.web.conftest import AuthActions, add_plan, add_reports, green_week
    from web import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "load",
            "DATABASE_URL": app_url,
            "CLOCK": fixed_clock(),
            "WTF_CSRF_ENABLED": False,
            **FAST_PASSWORDS,
        }
    )
    AuthActions(app.test_client()).signup()
    plan = add_plan(app, "runner@example.com", run_days=(0, 1, 3, 5))
    add_reports(app, plan, green_week())
    token = issue_token(app, "runner@example.com")
    client = app.test_client()
    built = client.get(f"/api/v1/plans/{plan}/plan", headers={"Authorization": f"Bearer {token}"})
    keys = {d["date"]: [i["key"] for i in d["items"]] for d in built.get_json()["days"]}
    app.extensions["rtr.engine"].dispose()
    return token, plan, keys


def kill(process: subprocess.Popen) -> None:
    """SIGKILL the server and its workers (its own process group), as a power cut would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=15)
