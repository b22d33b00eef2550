"""Personal API tokens: an optional expiry, listed on the Account page and in the API, and
revocable one by one."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.api.conftest import Api, issue_token


def created(client, name="watch", expires="30") -> str:
    page = client.post("/auth/tokens", data={"name": name, "expires": expires})
    assert page.status_code == 201
    return re.search(r'value="(rtr_[^"]+)"', page.get_data(as_text=True)).group(1)


def later(app, days: int) -> None:
    moved = app.config["CLOCK"]() + timedelta(days=days)
    app.config["CLOCK"] = lambda: moved


def test_a_token_stops_working_when_it_expires_and_the_page_says_so(app, client, auth):
    auth.signup()
    api = Api(app.test_client(), created(client, expires="30"))
    assert api.get("/plans").status_code == 200
    assert "works until 2025-04-19" in client.get("/auth/account").get_data(as_text=True)
    later(app, 31)
    assert api.get("/plans").status_code == 401
    client.post(
        "/auth/login", data={"email": "runner@example.com", "password": "correct horse battery"}
    )  # idle 31 days
    assert "expired 2025-04-19" in client.get("/auth/account").get_data(as_text=True)


def test_a_token_made_to_last_works_until_revoked(app, client, auth):
    auth.signup()
    api = Api(app.test_client(), created(client, expires="never"))
    later(app, 800)
    assert api.get("/plans").status_code == 200


def test_a_lifetime_not_on_the_list_is_refused(client, auth):
    auth.signup()
    response = client.post("/auth/tokens", data={"name": "x", "expires": "9999"})
    assert response.status_code == 400 and "how long the token works" in response.get_data(
        as_text=True
    )


def test_the_api_lists_tokens_without_their_secret_and_revokes_one_by_one(app, api, client):
    other = created(client, name="laptop")
    listed = api.get("/tokens").get_json()["tokens"]
    assert [t["name"] for t in listed] == ["laptop", "tests"]
    assert listed[0]["expires"].startswith("2025-04-19") and listed[0]["expired"] is False
    assert other not in str(listed) and all(len(t["hint"]) == 8 for t in listed)
    assert api.delete(f"/tokens/{listed[0]['id']}").status_code == 204
    assert Api(app.test_client(), other).get("/plans").status_code == 401
    assert api.get("/plans").status_code == 200  # the other token still works
    assert api.delete(f"/tokens/{listed[0]['id']}").status_code == 404


def test_nobody_revokes_another_accounts_token(app, api, auth):
    from tests.web.conftest import sign_up

    stranger = app.test_client()
    sign_up(stranger, "stranger@example.com")
    theirs = Api(app.test_client(), issue_token(app, "stranger@example.com"))
    their_id = theirs.get("/tokens").get_json()["tokens"][0]["id"]
    assert api.delete(f"/tokens/{their_id}").status_code == 404
    assert theirs.get("/plans").status_code == 200
    assert stranger.post(f"/auth/tokens/{their_id + 1000}/revoke").status_code == 302


def test_the_account_page_dates_a_token_by_the_runners_own_calendar(app, client, auth):
    """At noon UTC on 20 March it is 21 March in Kiritimati (UTC+14)."""
    app.config["CLOCK"] = lambda: datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
    auth.signup(timezone="Pacific/Kiritimati")
    created(client, expires="30")
    page = client.get("/auth/account").get_data(as_text=True)
    assert "created 2025-03-21 ·" in page and "works until 2025-04-20" in page
