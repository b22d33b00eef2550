"""Fixtures for the JSON API: a runner with a personal token and a client that sends it."""

from __future__ import annotations

import pytest

from tests.web.conftest import *  # noqa: F403 - the web suite's fixtures


def issue_token(app, email: str) -> str:
    """Create a personal API token for the user with this email, as the account page does."""
    from web.auth import tokens
    from web.store import users

    with app.test_request_context():
        return tokens.issue(users.by_email(email).id, "tests")


class Api:
    """A test client that sends a bearer token and JSON."""

    def __init__(self, client, token: str) -> None:
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def __getattr__(self, method: str):
        call = getattr(self.client, method)
        return lambda path, **kw: call(f"/api/v1{path}", headers=self.headers, **kw)


@pytest.fixture
def token(app, auth) -> str:
    auth.signup()
    return issue_token(app, "runner@example.com")


@pytest.fixture
def api(app, token) -> Api:
    return Api(app.test_client(), token)


def coach_with_runner(app, runner_client) -> str:
    """Sign up a coach, have the logged-in runner join them by invite; return the coach's token."""
    from tests.web.test_coach import coach_signup, invite_link

    coach = app.test_client()
    coach_signup(coach)
    assert runner_client.post(invite_link(coach, name="Rae Runner")).status_code == 302
    return issue_token(app, "coach@example.com")


@pytest.fixture
def coach_api(app, client, token) -> Api:
    """A coach's API client; the runner of `api` is on their roster."""
    return Api(app.test_client(), coach_with_runner(app, client))
