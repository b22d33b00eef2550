"""Every response says: never frame me, never sniff me, keep my URL's tokens to this site."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.web.conftest import PASSWORD, AuthActions
from web.store import users

EVERYWHERE = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@pytest.mark.parametrize(
    "path", ["/auth/login", "/no-such-page", "/healthz", "/api/v1/ping", "/static/style.css"]
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()  # a static file is streamed
    for name, value in EVERYWHERE.items():
        assert response.headers[name] == value
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy


def test_a_logged_in_plan_page_carries_them_too(client, plan_id):
    response = client.get(f"/plans/{plan_id}/today")
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_api_token_page_is_never_stored(client, plan_id):
    response = client.post("/auth/tokens", data={"name": "laptop"})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"


def test_the_api_token_is_shown_in_a_field_with_a_copy_button_as_links_are(client, plan_id):
    html = client.post("/auth/tokens", data={"name": "laptop"}).get_data(as_text=True)
    assert '<div class="copy-field"><input id="token"' in html
    assert 'data-copy="token"' in html and "copy.js" in html


def test_the_invite_link_page_is_never_stored(app, auth, client):
    auth.signup(email="coach@example.com")
    from web.core.db import session
    from web.store import users

    with app.test_request_context():
        users.by_email("coach@example.com").role = "coach"
        session().commit()
    response = client.post("/coach/invites", data={"name": "Sam"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


# X-Viewer: whose page this is, for the service worker's kept pages (web/static/sw.js), without
# saying who.


def viewer(client, path="/auth/account") -> str:
    return client.get(path).headers["X-Viewer"]


def test_a_page_seen_by_nobody_logged_in_names_its_viewer_anon(client):
    assert viewer(client, "/auth/login") == "anon"
    assert viewer(client, "/no-such-page") == "anon"


def test_a_logged_in_viewer_is_named_the_same_on_every_page_and_apart_from_another(
    app, client, auth, plan_id
):
    mine = viewer(client)
    assert mine != "anon" and viewer(client, f"/plans/{plan_id}/today") == mine
    assert viewer(client, "/no-such-page") == mine
    other = app.test_client()
    AuthActions(other).signup(email="other@example.com")
    assert viewer(other) not in (mine, "anon")


def test_the_viewers_name_is_keyed_by_the_secret_key_not_a_guessable_id(app, client, auth):
    auth.signup()
    mine = viewer(client)
    with app.test_request_context():
        user_id = users.by_email("runner@example.com").id
    assert str(user_id) != mine and len(mine) >= 16
    app.config.update(SECRET_KEY="a new key", SECRET_KEY_FALLBACKS=["test-secret"])
    assert viewer(client) not in (mine, "anon")  # the same session, a new key: a new name


def test_a_session_that_idled_out_or_whose_account_was_deleted_names_nobody(app, client, auth):
    auth.signup()
    later = app.config["CLOCK"]() + timedelta(minutes=31)
    app.config["CLOCK"] = lambda: later
    assert viewer(client) == "anon"  # the page that sends them to log in again
    auth.login()
    deleted = client.post(
        "/auth/account/delete", data={"delete_password": PASSWORD, "confirm": "delete"}
    )
    assert deleted.status_code == 302 and deleted.headers["X-Viewer"] == "anon"


def test_only_pages_name_a_viewer(client, plan_id):
    with client.get("/static/style.css") as static:
        assert "X-Viewer" not in static.headers
    assert "X-Viewer" not in client.get("/healthz").headers
