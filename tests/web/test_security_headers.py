"""Every response says: never frame me, never sniff me, keep my URL's tokens to this site."""

from __future__ import annotations

import pytest

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
