"""Fixtures for the reminders: the web suite's app, runner and mailbox, a clock to move, Redis."""

from __future__ import annotations

import os
from datetime import datetime, time

import pytest

from tests.web import conftest as web
from tests.web.conftest import AuthActions, Mailbox, add_plan

app, client, auth = web.app, web.client, web.auth  # the web suite's fixtures

# Database 13 by default; under pytest-xdist each worker takes its own among Redis's 16, never
# database 0 (gw0: 13, gw1: 14, gw2: 15, gw3: 1, ... up to 15 workers), so any split of these
# tests over the workers works (tests/conftest.py SERIAL_FOLDERS: they are meant to share one).
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
_DATABASE = 1 + (12 + _WORKER) % 15
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{_DATABASE}")
PUBLIC_URL = "https://rtr.example"  # the site's address: a reminder's links need one


class PickyMailbox(Mailbox):
    """The web suite's loopback mailbox, which also refuses some recipients (a bad address)
    and can take its time over each one (so that a test can kill a worker mid-send)."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: set[str] = set()
        self.delay = 0.0
        self.waiting = 0  # senders kept waiting on a recipient right now: mid-send

    async def handle_RCPT(self, _server, session, envelope, address, _options):  # noqa: N802
        import asyncio

        if self.delay:
            self.waiting += 1
            try:
                await asyncio.sleep(self.delay)
            finally:
                self.waiting -= 1
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def mailbox(app):
    """A real SMTP server on loopback, and the app set to send its mail there (at its public
    address: reminders go from a site that has one)."""
    from aiosmtpd.controller import Controller

    from tests.load.server import free_port

    box = PickyMailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, PUBLIC_URL=PUBLIC_URL)
    yield box
    controller.stop()


class Clock:
    """A clock the test moves by hand: the scheduler's "now"."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(app):
    from tests.conftest import FIXED_NOW

    moved = Clock(FIXED_NOW)
    app.config["CLOCK"] = moved
    return moved


def runner_with_plan(app, address: str, timezone: str = "UTC", **choices) -> int:
    """Sign a runner up in their zone, give them a plan and store their reminder choices."""
    from web.store import reminders as store

    AuthActions(app.test_client()).signup(email=address, timezone=timezone)
    plan = add_plan(app, address)
    values = {
        "morning": True,
        "nudge": False,
        "change": False,
        "at": time(7, 0),
        "email": True,
        "push": False,
        **choices,
    }
    with app.app_context():
        store.save_choice(plan, **values)
    return plan


def tick(app, dispatch=None) -> dict:
    """One scheduler tick, sending in this process (no Redis) unless told how to dispatch."""
    from web.services import reminder_jobs as jobs

    with app.app_context():
        return jobs.tick(dispatch)


def deliveries(app, kind: str | None = None) -> list:
    from web.store import reminders as store

    with app.app_context():
        return store.deliveries(kind)


@pytest.fixture
def redis_url():
    """A Redis database of the tests' own, flushed; skipped when Redis is away (not under CI)."""
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    connection = Redis.from_url(TEST_REDIS_URL)
    try:
        connection.ping()
    except RedisDown:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {TEST_REDIS_URL} (CI=true needs it)")
        pytest.skip(f"Redis is not reachable at {TEST_REDIS_URL}")
    connection.flushdb()
    yield TEST_REDIS_URL
    connection.flushdb()
    connection.close()
