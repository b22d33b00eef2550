"""A live server on a free local port and a real headless Chromium (Debian's) to drive it."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import FAST_PASSWORDS, fixed_clock
from web import create_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Find Debian's chromium; skip without it, except on CI where it must be there."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed, and CI=true needs the browser tests to run")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture
def live_server(tmp_path):
    """Serve the app on 127.0.0.1 with a temp SQLite file and the fixed clock."""
    with serve(tmp_path) as url:
        yield url


@contextlib.contextmanager
def serve(tmp_path, **config):
    """Serve an app (with these settings added) on a free loopback port; yield its URL."""
    with serve_app(tmp_path, **config) as (base, _app):
        yield base


@contextlib.contextmanager
def serve_app(tmp_path, **config):
    """Serve an app as `serve` does; yield (its URL, the app), so a test can store plans."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "e2e-secret",
            "CLOCK": fixed_clock(),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite'}",
            **FAST_PASSWORDS,
            **config,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        app.extensions["rtr.engine"].dispose()


@pytest.fixture
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1100, "height": 900}, timezone_id="UTC", locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def picture(target, path: Path, **options) -> None:
    """Save a screenshot of a page or an element. Chromium sometimes refuses a capture on a busy
    machine ("Unable to capture screenshot"): try up to three times before failing the test."""
    from playwright.sync_api import Error

    path.parent.mkdir(exist_ok=True)
    for attempt in range(3):
        try:
            target.screenshot(path=str(path), **options)
            return
        except Error:
            if attempt == 2:
                raise
            time.sleep(1)


@pytest.fixture
def shot():
    """Save a full-page screenshot into test-artifacts/ for a human to look at."""

    def save(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        picture(page, path, full_page=True)
        return path

    return save


def sign_up(
    page, base: str, password: str, email: str = "runner@example.com", *, coach: bool = False
) -> None:
    """Sign up through the form and log in, as a new runner (or coach) does; end on the plan
    wizard (or the coach's dashboard)."""
    import re

    page.goto(f"{base}/auth/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    if coach:
        page.get_by_label("I'm a coach").check()
    page.get_by_role("button", name="Sign up").click()
    log_in_after_sign_up(page, password)
    page.wait_for_url(re.compile(r"/coach/$" if coach else r"/plans/new/where$"))


def log_in_after_sign_up(page, password: str) -> None:
    """A sign-up ends on the log-in page with the email filled in: give the password."""
    import re

    page.wait_for_url(re.compile(r"/auth/login$"))
    assert page.get_by_label("Email").input_value()
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def plan_link(page, name: str, *, phone: bool = False):
    """A link of the plan's own navigation: the row of links on a desktop, the tab bar at the
    bottom on a phone. Both carry Today, Calendar and History, and until the stylesheet has
    hidden one of them a page shows both: a link found by its name alone may be either."""
    nav = page.get_by_role("navigation", name="Plan tabs" if phone else "This plan")
    return nav.get_by_role("link", name=name, exact=True)
