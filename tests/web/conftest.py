"""Fixtures for the web app, flaskr style: app, client, auth, and a plan to work on."""

from __future__ import annotations

import base64
import zlib
from datetime import UTC, date, datetime

import pytest

from planner.model import PlanSpec
from tests.conftest import FAST_PASSWORDS, fixed_clock
from web import create_app

PASSWORD = "correct horse battery"


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_url,
            "CLOCK": fixed_clock(),
            "WTF_CSRF_ENABLED": False,
            **FAST_PASSWORDS,
        }
    )
    app.instance_path = str(tmp_path / "instance")
    yield app
    close(app)


def close(app) -> None:
    """Give back what a test's app holds on its database: the pool, the listening thread."""
    watch = app.extensions.get("rtr.write_watch")
    if watch is not None:
        watch.stop()
    app.extensions["rtr.engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def sign_up(client, email="runner@example.com", password=PASSWORD, *, coach=False, timezone="UTC"):
    """Sign up (which never logs in: web.auth.signup), then log in; return the log-in's answer."""
    form = {"email": email, "password": password, "confirm": password, "timezone": timezone}
    signed_up = client.post("/auth/signup", data={**form, **({"coach": "1"} if coach else {})})
    assert signed_up.status_code == 302, signed_up.get_data(as_text=True)
    client.get(signed_up.headers["Location"])  # shows (and so takes) the sign-up's message
    return client.post("/auth/login", data={"email": email, "password": password})


class AuthActions:
    def __init__(self, client):
        self._client = client

    def signup(self, email="runner@example.com", password=PASSWORD, timezone="UTC"):
        """Sign up and log in."""
        return sign_up(self._client, email, password, timezone=timezone)

    def login(self, email="runner@example.com", password=PASSWORD):
        return self._client.post("/auth/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def add_plan(app, email: str, **changes) -> int:
    """Store a plan straight through the repository for the user with this email."""
    from web import store
    from web.store import users

    spec = PlanSpec(
        **{
            "condition": "achilles-tendinopathy-midportion",
            "onset": date(2025, 3, 1),
            "baseline": 30.0,
            "unit": "km",
            "start": date(2025, 3, 1),
            **changes,
        }
    )
    with app.test_request_context():
        return store.plans.add_plan(users.by_email(email).id, spec).id


@pytest.fixture
def plan_id(app, auth):
    """A logged-in runner with a mid-portion Achilles plan that began 20 days ago."""
    auth.signup()
    return add_plan(app, "runner@example.com")


@pytest.fixture
def other_plan(app, client):
    """A plan that belongs to someone else."""
    other = app.test_client()
    AuthActions(other).signup(email="other@example.com")
    return add_plan(app, "other@example.com")


def part_of(client, path: str, element_id: str, end: str = "</section>") -> str:
    """The HTML of a page from the element with this id to the first `end` after it; "" when
    the page has no such element."""
    page = client.get(path).get_data(as_text=True)
    start = page.find(f'id="{element_id}"')
    return page[start : page.find(end, start)] if start >= 0 else ""


def add_reports(app, plan_id: int, reports) -> None:
    from web import store

    with app.test_request_context():
        for report in reports:
            store.logs.save_report(plan_id, report)


def green_week():
    """Five pain-free reports from the first test day, and the morning after the last (a stage
    passes once its next morning is in): the plan reaches walk-run stage S3."""
    from datetime import timedelta

    from planner.model import Report

    return [
        Report(
            date(2025, 3, 8) + timedelta(days=i),
            pain_rest=0,
            pain_walking=0,
            pain_running=0,
            pain_morning=0,
        )
        for i in range(5)
    ] + [Report(date(2025, 3, 13), pain_rest=0, pain_walking=0, pain_morning=0)]


@pytest.fixture
def walk_run_plan(app, auth):
    """A runner whose plan has a walk-run session today (Thursday 20 March, stage S3)."""
    auth.signup()
    plan = add_plan(app, "runner@example.com", run_days=(0, 2, 3, 4))
    add_reports(app, plan, green_week())
    return plan


def log_counts(app, plan_id: int) -> tuple[int, int]:
    """Count a plan's stored reports and check-offs."""
    from web import store
    from web.store.models import PlanRow

    with app.test_request_context():
        from web.core.db import session

        log = store.logs.load_log(session().get(PlanRow, plan_id))
        return len(log.reports), len(log.completions)


class Mailbox:
    """An SMTP server on loopback (aiosmtpd) that keeps what it receives."""

    def __init__(self) -> None:
        import threading

        self.messages: list = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 - aiosmtpd's name
        from email import message_from_bytes
        from email.policy import default

        with self._arrived:
            self.messages.append(message_from_bytes(envelope.content, policy=default))
            self._arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int = 1) -> list:
        """Return the first `count` messages, waiting (up to 10 s) for them to arrive."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.messages) >= count, timeout=10)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} mails arrived"
        return self.messages[:count]


@pytest.fixture
def mailbox(app):
    """A real SMTP server on loopback, and the app set to send its mail there."""
    from aiosmtpd.controller import Controller

    from tests.load.server import free_port

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield box
    controller.stop()


def upload_log(client, plan_id: int, body: bytes | dict):
    """Send a JSON log to the import form: the answer is the preview (or an error page)."""
    import io
    import json

    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(
        f"/plans/{plan_id}/import",
        data={"file": (io.BytesIO(data), "log.json")},
        content_type="multipart/form-data",
    )


def confirm_preview(client, plan_id: int, preview):
    """Press "Import these changes" on a preview page, as a browser would."""
    import html
    import re

    page = preview.get_data(as_text=True)
    fields = {
        name: html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))
        for name in ("log", "version")
    }
    return client.post(f"/plans/{plan_id}/import/confirm", data=fields)


def import_log(client, plan_id: int, body: bytes | dict):
    """Upload a log and confirm its preview; a refused file answers at the first step."""
    preview = upload_log(client, plan_id, body)
    if preview.status_code != 200 or "Import these changes" not in preview.get_data(as_text=True):
        return preview
    return confirm_preview(client, plan_id, preview)


def cookie_as_anyone_reads_it(client) -> str:
    """The session cookie's content as anyone holding the browser can read it: Flask signs
    the cookie but does not encrypt it (base64 of JSON, compressed when that is shorter)."""
    value = client.get_cookie("session").value
    compressed = value.startswith(".")
    payload = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return (zlib.decompress(raw) if compressed else raw).decode()


@pytest.fixture
def coached(app):
    """A coach with a client, an athlete who has an account, and a managed athlete."""
    from web import store
    from web.core.db import session
    from web.store import users
    from web.store.models import RosterEntry

    coach = app.test_client()
    sign_up(coach, "coach@example.com", coach=True)
    app.test_client().post(
        "/auth/signup",
        data={"email": "runner@example.com", "password": PASSWORD, "confirm": PASSWORD},
    )
    with app.test_request_context():
        coach_id = users.by_email("coach@example.com").id
        runner_id = users.by_email("runner@example.com").id
        db = session()
        db.add(
            RosterEntry(
                athlete_id=runner_id,
                coach_id=coach_id,
                name="Runner",
                managed=False,
                joined=datetime.now(UTC),
            )
        )
        db.commit()
        store.roster.add_managed_athlete(coach_id, "Managed", "managed@athletes.invalid")
    return coach, add_plan(app, "runner@example.com"), add_plan(app, "managed@athletes.invalid")
