"""Fixtures for the web app, flaskr style: app, client, auth, and a plan to work on."""

from __future__ import annotations

from datetime import date

import pytest

from planner.model import PlanSpec
from tests.conftest import fixed_clock
from web import create_app

PASSWORD = "correct horse battery"


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "CLOCK": fixed_clock(),
        "WTF_CSRF_ENABLED": False,
    })
    app.instance_path = str(tmp_path / "instance")
    yield app
    app.extensions["rtr.engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def signup(self, email="runner@example.com", password=PASSWORD, timezone="UTC"):
        return self._client.post("/auth/signup", data={
            "email": email, "password": password, "confirm": password, "timezone": timezone,
        })

    def login(self, email="runner@example.com", password=PASSWORD):
        return self._client.post("/auth/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def add_plan(app, email: str, **changes) -> int:
    """Store a plan straight through the repository for the user with this email."""
    from web import store, users

    spec = PlanSpec(**{
        "condition": "achilles-tendinopathy-midportion", "onset": date(2025, 3, 1),
        "baseline": 30.0, "unit": "km", "start": date(2025, 3, 1), **changes,
    })
    with app.test_request_context():
        return store.add_plan(users.by_email(email).id, spec).id


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


def add_reports(app, plan_id: int, reports) -> None:
    from web import store

    with app.test_request_context():
        for report in reports:
            store.save_report(plan_id, report)


def green_week():
    """Five pain-free reports from the first test day: the plan reaches walk-run stage S3."""
    from datetime import timedelta

    from planner.model import Report

    return [Report(date(2025, 3, 8) + timedelta(days=i), pain_rest=0, pain_walking=0,
                   pain_running=0, pain_morning=0) for i in range(5)]


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
    from web.models import PlanRow

    with app.test_request_context():
        from web.db import session

        log = store.load_log(session().get(PlanRow, plan_id))
        return len(log.reports), len(log.completions)
