"""Accounts: sign up, log in (rate-limited), log out, change password and time zone."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import PASSWORD, AuthActions


def test_signing_up_then_logging_in_starts_the_wizard(client, auth):
    response = auth.signup(timezone="Europe/Paris")
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"].endswith("/plans/new/where")
    assert "Europe/Paris" in client.get("/auth/account").get_data(as_text=True)


def test_a_missing_or_unknown_time_zone_falls_back_to_utc(client, auth):
    auth.signup(timezone="Mars/Olympus")
    assert '<option value="UTC" selected>UTC</option>' in client.get("/auth/account").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    "form, field",
    [
        ({"email": "", "password": PASSWORD, "confirm": PASSWORD}, "email"),
        ({"email": "not-an-email", "password": PASSWORD, "confirm": PASSWORD}, "email"),
        ({"email": "a@example.com", "password": "short", "confirm": "short"}, "password"),
        ({"email": "a@example.com", "password": PASSWORD, "confirm": "different!"}, "password"),
    ],
)
def test_a_bad_sign_up_names_the_field_and_keeps_the_email(client, form, field):
    response = client.post("/auth/signup", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and f'id="{field}-error"' in html
    assert f'value="{form["email"]}"' in html
    assert PASSWORD not in html
    # the first field to fix takes the focus: a screen reader reads it, a phone shows it
    assert len(re.findall(r"\bautofocus\b", html)) == 1
    assert re.search(rf'<input id="{field}"[^>]* autofocus', html)


def signed_up(client, email, password=PASSWORD):
    """Sign up and follow to the page it leads to; return that page and where it was."""
    response = client.post(
        "/auth/signup", data={"email": email, "password": password, "confirm": password}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return response.headers["Location"], re.sub(r'value="[^"]*"', "", page.replace(email, "EMAIL"))


def test_signing_up_with_a_taken_email_answers_as_for_a_new_one(app, client, auth):
    auth.signup()
    auth.logout()
    client.get("/auth/login")  # takes the log-out message
    taken = signed_up(app.test_client(), "runner@example.com", "another password")
    new = signed_up(app.test_client(), "new@example.com", "another password")
    assert taken == new
    assert taken[0] == "/auth/login" and "If EMAIL was new here" in taken[1]


def test_an_email_can_only_sign_up_once_and_the_account_stays_as_it_was(app, client, auth):
    auth.signup()
    auth.logout()
    signed_up(app.test_client(), "Runner@Example.com", "another password")
    assert auth.login(password="another password").status_code == 400
    assert auth.login().status_code == 302


def test_signing_up_never_logs_in_and_fills_in_the_email_to_log_in_with(client):
    response = client.post(
        "/auth/signup", data={"email": "new@example.com", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert client.get("/plans/").status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="new@example.com"' in page
    assert (
        client.post(
            "/auth/login", data={"email": "new@example.com", "password": PASSWORD}
        ).status_code
        == 302
    )


def test_an_invite_sign_up_with_a_taken_email_answers_as_for_a_new_one(app, client, auth):
    from tests.web.test_coach import coach_signup, invite_link

    auth.signup()
    coach = app.test_client()
    coach_signup(coach)

    def joined(email):
        visitor = app.test_client()
        response = visitor.post(
            invite_link(coach),
            data={"email": email, "password": "another password", "confirm": "another password"},
        )
        page = visitor.get(response.headers["Location"]).get_data(as_text=True)
        return response.status_code, re.sub(r'value="[^"]*"', "", page.replace(email, "EMAIL"))

    assert joined("runner@example.com") == joined("new@example.com")
    assert AuthActions(app.test_client()).login().status_code == 302  # the password stayed


def test_logging_in_and_out(client, auth):
    auth.signup()
    auth.logout()
    assert client.get("/plans/").status_code == 302
    assert auth.login().status_code == 302
    assert client.get("/plans/").status_code == 200


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, auth):
    auth.signup()
    auth.logout()
    response = auth.login(password="wrong password")
    assert response.status_code == 400
    assert "That email and password do not match." in response.get_data(as_text=True)


def test_five_failures_lock_the_email_for_that_address_even_with_the_right_password(client, auth):
    auth.signup()
    auth.logout()
    for _ in range(5):
        assert auth.login(password="wrong password").status_code == 400
    response = auth.login()
    assert response.status_code == 429 and "Too many failed attempts" in response.get_data(
        as_text=True
    )


def test_the_lock_is_per_email_so_other_runners_can_still_log_in(client, auth):
    auth.signup()
    auth.logout()
    auth.signup(email="second@example.com")
    auth.logout()
    for _ in range(5):
        auth.login(password="wrong password")
    assert auth.login(email="second@example.com").status_code == 302


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/plans/", "/plans/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
    ],
)
def test_login_follows_next_only_within_the_site(client, auth, target, expected):
    auth.signup()
    auth.logout()
    response = client.post(
        f"/auth/login?next={target}", data={"email": "runner@example.com", "password": PASSWORD}
    )
    assert response.headers["Location"] == expected


def test_changing_the_password(client, auth):
    auth.signup()
    response = client.post(
        "/auth/account",
        data={
            "timezone": "UTC",
            "current_password": PASSWORD,
            "new_password": "a brand new secret",
            "confirm": "a brand new secret",
        },
    )
    assert response.status_code == 302
    auth.logout()
    assert auth.login().status_code == 400
    assert auth.login(password="a brand new secret").status_code == 302


@pytest.mark.parametrize(
    "form, field",
    [
        ({"timezone": "Nowhere/Town"}, "timezone"),
        (
            {
                "timezone": "UTC",
                "current_password": "wrong",
                "new_password": "long enough!",
                "confirm": "long enough!",
            },
            "current_password",
        ),
        (
            {
                "timezone": "UTC",
                "current_password": PASSWORD,
                "new_password": "short",
                "confirm": "short",
            },
            "new_password",
        ),
        (
            {
                "timezone": "UTC",
                "current_password": PASSWORD,
                "new_password": "long enough!",
                "confirm": "not the same",
            },
            "new_password",
        ),
    ],
)
def test_a_bad_account_change_names_the_field_and_changes_nothing(client, auth, form, field):
    auth.signup()
    response = client.post("/auth/account", data=form)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    auth.logout()
    assert auth.login().status_code == 302


def test_changing_the_time_zone_moves_today(client, auth, plan_id):
    client.post("/auth/account", data={"timezone": "Pacific/Honolulu"})  # 22:00 the day before
    assert "Wednesday 19 March 2025" in client.get(f"/plans/{plan_id}/today").get_data(as_text=True)


def test_the_account_page_needs_a_login(client):
    assert client.get("/auth/account").status_code == 302


def test_behind_a_trusted_proxy_the_lock_uses_the_clients_address(app, client, auth):
    from web import trust_proxies

    app.config["TRUSTED_PROXIES"] = 1
    trust_proxies(app)
    auth.signup()
    auth.logout()
    for _ in range(5):
        client.post(
            "/auth/login",
            data={"email": "runner@example.com", "password": "nope"},
            headers={"X-Forwarded-For": "203.0.113.7"},
        )
    other_address = client.post(
        "/auth/login",
        headers={"X-Forwarded-For": "198.51.100.2"},
        data={"email": "runner@example.com", "password": PASSWORD},
    )
    assert other_address.status_code == 302
    auth.logout()
    same_address = client.post(
        "/auth/login",
        headers={"X-Forwarded-For": "203.0.113.7"},
        data={"email": "runner@example.com", "password": PASSWORD},
    )
    assert same_address.status_code == 429


# A NUL in any field is refused before the view: tests/web/test_security_inputs.py
@pytest.mark.parametrize(
    "email",
    # found in the browser: "<script>@x.com" was taken at sign-up
    ["x" * 300 + "@example.com", "no-at-sign", "<script>@x.com", "a@b@example.com", "a,b@x.com"],
)
def test_logging_in_with_something_that_is_not_an_email_is_refused_without_a_server_error(
    client, email
):
    response = client.post("/auth/login", data={"email": email, "password": "whatever-it-is"})
    assert response.status_code == 400
    assert "does not look like an email address" in response.get_data(as_text=True)


def test_signing_up_with_an_address_no_one_has_is_refused(client):
    form = {"email": "<script>@x.com", "password": PASSWORD, "confirm": PASSWORD}
    response = client.post("/auth/signup", data={**form, "timezone": "UTC"})
    assert response.status_code == 400
    assert "does not look like an email address" in response.get_data(as_text=True)


BROKEN_LINES = [
    "a\nb@example.com",
    "a\rb@example.com",
    "a\x0bb@example.com",
    "a\x85b@example.com",
    "a\u2028b@example.com",
    "a\u2029b@example.com",
    "a\u200bb@example.com",
    "a\u00a0b@example.com",
    "a b@example.com",
]


@pytest.mark.parametrize("email", BROKEN_LINES)
def test_an_email_with_a_line_break_or_invisible_character_is_refused_at_sign_up_and_log_in(
    client, email
):
    form = {"email": email, "password": PASSWORD, "confirm": PASSWORD, "timezone": "UTC"}
    for page in ("/auth/signup", "/auth/login"):
        response = client.post(page, data=form)
        assert response.status_code == 400
        assert "no spaces, line breaks or invisible characters" in response.get_data(as_text=True)


def test_a_password_typed_with_a_composed_or_a_combining_accent_is_the_same_password(client, auth):
    auth.signup(password="pa\u0301ssword-horse")  # "a" and a combining acute accent
    auth.logout()
    assert auth.login(password="p\u00e1ssword-horse").status_code == 302  # one "á"
    assert client.get("/plans/").status_code == 200


def test_a_hash_stored_before_passwords_were_normalised_still_logs_in(app):
    from werkzeug.security import generate_password_hash

    from web.auth import passwords

    typed = "pa\u0301ssword-horse"
    with app.app_context():
        legacy = generate_password_hash(typed, method=passwords.method())
        assert passwords.check(legacy, typed)
        assert not passwords.check(legacy, "password-horse")
