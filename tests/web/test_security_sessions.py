"""A session ends for good: a cookie copied before log-out or a password change stops working."""

from __future__ import annotations

from tests.web.conftest import PASSWORD


def copy_session(app, client):
    """Return a second client holding the same session cookie, as a thief would."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief.set_cookie("session", cookie.value)
    return thief


def test_a_cookie_copied_before_logout_is_sent_to_login_after_it(app, client, auth, plan_id):
    thief = copy_session(app, client)
    assert thief.get(f"/plans/{plan_id}/today").status_code == 200
    auth.logout()
    response = thief.get(f"/plans/{plan_id}/today")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_cookie_copied_before_a_password_change_is_sent_to_login_after_it(
        app, client, plan_id):
    thief = copy_session(app, client)
    changed = client.post("/auth/account", data={
        "timezone": "UTC", "current_password": PASSWORD, "new_password": "a brand new passphrase",
        "confirm": "a brand new passphrase"})
    assert changed.status_code == 302
    response = thief.get(f"/plans/{plan_id}/today")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert client.get(f"/plans/{plan_id}/today").status_code == 200  # who changed it stays in


def test_logging_in_again_after_logout_works(client, auth, plan_id):
    auth.logout()
    auth.login()
    assert client.get(f"/plans/{plan_id}/today").status_code == 200
