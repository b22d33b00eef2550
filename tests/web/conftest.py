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
