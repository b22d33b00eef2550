"""Log-in limits hold under concurrency, stop password spraying, keep their table small, and
never let someone who only knows an email lock its runner out; unknown emails cost a hash too."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.web.conftest import PASSWORD, AuthActions
from web import create_app


def attempt(app, email="runner@example.com", password="wrong password", ip="203.0.113.7"):
    """One log-in from a client at `ip`."""
    return app.test_client().post(
        "/auth/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": ip}
    )


@pytest.fixture
def runner(app, auth):
    auth.signup()
    auth.logout()
    return "runner@example.com"


def counters(app) -> int:
    from web.core.db import session
    from web.store.models import LoginCounter

    with app.test_request_context():
        return session().scalar(select(func.count()).select_from(LoginCounter))


def test_concurrent_wrong_passwords_get_no_more_checks_than_the_limit(app, runner):
    tries = 10
    start, statuses = threading.Barrier(tries), []

    def one() -> None:
        start.wait()
        statuses.append(attempt(app).status_code)

    threads = [threading.Thread(target=one) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [400] * 5 + [429] * 5  # five passwords checked, no more


def test_one_address_trying_many_emails_is_stopped(app, runner):
    for i in range(20):
        assert attempt(app, email=f"guess{i}@example.com").status_code == 400
    sprayed = attempt(app, email="guess99@example.com")
    assert sprayed.status_code == 429
    assert "from your network" in sprayed.get_data(as_text=True)
    assert attempt(app, email=runner, password=PASSWORD, ip="198.51.100.2").status_code == 302


def test_knowing_an_email_is_not_enough_to_lock_its_runner_out(app, runner):
    for i in range(12):  # many addresses, each under its own limit
        assert attempt(app, ip=f"203.0.113.{i}").status_code == 400
    assert attempt(app, ip="203.0.113.0").status_code == 400  # the account's one try a minute
    slowed = attempt(app, ip="203.0.113.1")
    assert slowed.status_code == 429 and "Wait a minute" in slowed.get_data(as_text=True)
    assert attempt(app, password=PASSWORD, ip="198.51.100.2").status_code == 302  # the runner


def test_after_many_failures_a_failing_address_gets_one_try_a_minute(app, runner):
    for i in range(10):
        attempt(app, ip=f"203.0.113.{i}")
    assert attempt(app, ip="203.0.113.1").status_code == 400  # the account's one try
    assert attempt(app, ip="203.0.113.2").status_code == 429
    later = app.config["CLOCK"]() + timedelta(seconds=61)
    app.config["CLOCK"] = lambda: later
    assert attempt(app, ip="203.0.113.2", password=PASSWORD).status_code == 302


def test_a_refused_try_does_not_count_towards_the_addresses_own_limit(app, runner):
    for i in range(10):
        attempt(app, ip=f"203.0.113.{i}")
    attempt(app, ip="203.0.113.1")
    for _ in range(5):
        assert attempt(app, ip="203.0.113.2").status_code == 429  # too soon, again and again
    later = app.config["CLOCK"]() + timedelta(seconds=61)
    app.config["CLOCK"] = lambda: later
    assert attempt(app, ip="203.0.113.2", password=PASSWORD).status_code == 302


def test_counters_whose_window_ended_are_pruned(app, runner):
    before = counters(app)
    for i in range(30):
        attempt(app, email=f"guess{i}@example.com", ip=f"192.0.2.{i}")
    assert counters(app) == before + 90  # an address, a pair and an email each
    later = app.config["CLOCK"]() + timedelta(minutes=61)  # the longest window, a reset's
    app.config["CLOCK"] = lambda: later
    attempt(app, email="one-more@example.com")
    assert counters(app) == 3


def test_a_good_log_in_clears_its_addresses_failures(app, runner):
    for _ in range(4):
        attempt(app)
    assert attempt(app, password=PASSWORD).status_code == 302
    for _ in range(5):
        assert attempt(app).status_code == 400
    assert attempt(app).status_code == 429


def test_an_unknown_email_costs_a_password_hash_like_a_known_one(app, runner, monkeypatch):
    from web.auth import passwords

    checked = []
    real = passwords.check_password_hash

    def counting(stored, password):
        checked.append(stored)
        return real(stored, password)

    monkeypatch.setattr(passwords, "check_password_hash", counting)
    unknown = attempt(app, email="nobody@example.com")
    known = attempt(app)
    assert unknown.status_code == known.status_code == 400
    assert len(checked) == 2 and checked[0] != checked[1]  # the dummy hash, then the runner's own
    assert method_of(checked[0]) == method_of(checked[1]) == app.config["PASSWORD_HASH_METHOD"]


def test_a_managed_profiles_email_costs_a_hash_and_never_logs_in(app, client, monkeypatch):
    from tests.web.test_coach import coach_signup, managed_athlete
    from web.auth import passwords
    from web.store import users

    coach_signup(client)
    athlete = managed_athlete(client)
    with app.test_request_context():
        email = users.by_id(athlete).email
    checked = []
    real = passwords.check_password_hash
    monkeypatch.setattr(
        passwords,
        "check_password_hash",
        lambda stored, pw: checked.append(stored) or real(stored, pw),
    )
    assert attempt(app, email=email, password="!").status_code == 400
    assert len(checked) == 1 and method_of(checked[0]) == app.config["PASSWORD_HASH_METHOD"]


def test_passwords_are_hashed_with_scrypt_unless_configured_otherwise(tmp_path):
    from web.auth import passwords

    app = create_app({"SECRET_KEY": "s", "DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite'}"})
    with app.app_context():
        stored = passwords.hash_password("a long password")
        assert method_of(stored).startswith("scrypt:")
        assert passwords.check(stored, "a long password")
        assert not passwords.check(stored, "another password")
    app.extensions["rtr.engine"].dispose()


def test_a_hash_made_with_another_method_still_checks(app):
    from werkzeug.security import generate_password_hash

    from web.auth import passwords

    with app.app_context():
        assert passwords.check(
            generate_password_hash("old password", method="scrypt"), "old password"
        )


def method_of(stored: str) -> str:
    return stored.split("$", 1)[0]


def test_known_and_unknown_emails_get_the_same_page(app, runner):
    def page(email):
        html = attempt(app, email=email).get_data(as_text=True)
        return re.sub(r'name="csrf_token" value="[^"]*"', "", html.replace(email, "EMAIL"))

    assert page("nobody@example.com") == page(runner)


def test_a_user_logs_in_after_another_processes_failures(app, runner):
    """The counters live in the database: a second app on the same database sees them."""
    from tests.conftest import fixed_clock

    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "CLOCK": fixed_clock(),
            "DATABASE_URL": app.config["DATABASE_URL"],
            "WTF_CSRF_ENABLED": False,
        }
    )
    try:
        for _ in range(5):
            attempt(other)
        assert attempt(app, password=PASSWORD).status_code == 429
        assert AuthActions(app.test_client()).login().status_code == 302  # another address
    finally:
        other.extensions["rtr.engine"].dispose()


def change_password(client, current: str):
    new = "another long passphrase"
    form = {"timezone": "UTC", "current_password": current, "new_password": new, "confirm": new}
    return client.post("/auth/account", data=form)


def test_the_password_change_form_guesses_the_current_password_no_more_than_a_log_in(
    app, client, auth
):
    auth.signup()
    for guess in range(app.config["LOGIN_MAX_FAILURES"]):
        assert change_password(client, f"guess {guess:04d}").status_code == 400
    refused = change_password(client, PASSWORD)
    assert refused.status_code == 400 and "Too many" in refused.get_data(as_text=True)
    from web.auth import passwords
    from web.store import users

    with app.app_context():  # the right guess, past the limit, changed nothing
        assert passwords.check(users.by_email("runner@example.com").password_hash, PASSWORD)


def test_an_empty_current_password_is_asked_for_and_is_no_failed_guess(app, client, auth):
    auth.signup()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 1):
        empty = change_password(client, "")
        page = empty.get_data(as_text=True)
        assert empty.status_code == 400 and "Enter your current password." in page
        assert "not your current password" not in page and "Too many" not in page
    assert AuthActions(app.test_client()).login().status_code == 302  # not locked out: no 429
    assert change_password(client, PASSWORD).status_code == 302


def test_the_addresses_of_one_ipv6_network_count_as_one_address(app, runner):
    for i in range(app.config["LOGIN_MAX_FAILURES"]):
        assert attempt(app, ip=f"2001:db8:1:2::{i + 1:x}").status_code == 400
    guessed = attempt(app, password=PASSWORD, ip="2001:db8:1:2:ffff::1")
    assert guessed.status_code == 429
    assert attempt(app, password=PASSWORD, ip="2001:db8:1:3::1").status_code == 302


def test_an_account_under_attack_from_everywhere_is_slowed_for_new_addresses_too(app, runner):
    app.config["LOGIN_ACCOUNT_SLOWDOWN_EVERYWHERE"] = 30
    for i in range(30):  # each address new to the account, each under its own limits
        assert attempt(app, ip=f"203.0.113.{i}").status_code == 400
    assert attempt(app, ip="198.51.100.1").status_code == 400  # the account's one try a minute
    slowed = attempt(app, ip="198.51.100.2")
    assert slowed.status_code == 429 and "Wait a minute" in slowed.get_data(as_text=True)
    later = app.config["CLOCK"]() + timedelta(seconds=61)
    app.config["CLOCK"] = lambda: later
    assert attempt(app, ip="198.51.100.2", password=PASSWORD).status_code == 302


# Device cookies: the runner's own browser logs in at once while an attack slows the account.


def under_attack_from_everywhere(app, tries: int = 30) -> None:
    app.config["LOGIN_ACCOUNT_SLOWDOWN_EVERYWHERE"] = tries
    for i in range(tries):  # each address new to the account, each under its own limits
        assert attempt(app, ip=f"203.0.113.{i}").status_code == 400
    assert attempt(app, ip="198.51.100.1").status_code == 400  # the one try a minute, taken


def known_browser(app, email="runner@example.com", ip="192.0.2.50"):
    """A browser that logged in to the account once (and out again): it holds a device cookie."""
    browser = app.test_client()
    logged = browser.post(
        "/auth/login", data={"email": email, "password": PASSWORD}, environ_base={"REMOTE_ADDR": ip}
    )
    assert logged.status_code == 302
    browser.post("/auth/logout")
    return browser


def log_in(browser, password=PASSWORD, ip="192.0.2.50", email="runner@example.com"):
    data = {"email": email, "password": password}
    return browser.post("/auth/login", data=data, environ_base={"REMOTE_ADDR": ip})


def test_a_browser_that_logged_in_before_is_not_slowed_by_an_attack_from_everywhere(app, runner):
    browser = known_browser(app)
    under_attack_from_everywhere(app)
    assert log_in(app.test_client(), ip="192.0.2.51").status_code == 429  # a new browser waits
    assert log_in(browser).status_code == 302  # the runner's own does not


def forgery(signed: str) -> str:
    """The signed value with one character of its signature changed, always to another one,
    and not the last (whose low bits are base64 padding: changing it alone may decode to the
    same bytes; a CI run once drew such a signature when the last two were replaced)."""
    at = len(signed) - 5
    other = "A" if signed[at] != "A" else "B"
    return signed[:at] + other + signed[at + 1 :]


def test_the_device_cookie_is_signed_http_only_and_sent_to_the_log_in_forms_only(app, runner):
    answer = log_in(app.test_client())
    [cookie] = [c for c in answer.headers.getlist("Set-Cookie") if c.startswith("rtr_device=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/auth/" in cookie
    forged = app.test_client()
    forged.set_cookie("rtr_device", forgery(cookie.split(";")[0].split("=", 1)[1]), path="/auth/")
    under_attack_from_everywhere(app)
    assert log_in(forged).status_code == 429


def test_a_device_cookie_of_another_account_does_not_help(app, runner):
    from tests.web.conftest import sign_up

    sign_up(app.test_client(), "other@example.com")
    browser = known_browser(app, email="other@example.com")
    under_attack_from_everywhere(app)
    assert log_in(browser).status_code == 429


def test_a_known_browser_that_keeps_failing_is_slowed_like_any_other(app, runner):
    browser = known_browser(app)
    under_attack_from_everywhere(app)
    for guess in range(app.config["LOGIN_MAX_FAILURES"]):
        assert log_in(browser, f"guess {guess}", ip=f"192.0.2.{60 + guess}").status_code == 400
    assert log_in(browser, ip="192.0.2.99").status_code == 429


def test_a_new_password_ends_the_trust_of_device_cookies_made_with_the_old_one(app, runner):
    thief = known_browser(app, ip="192.0.2.77")  # someone who knew the password, once
    owner = app.test_client()
    assert log_in(owner).status_code == 302
    new = "another long passphrase"
    form = {"timezone": "UTC", "current_password": PASSWORD, "new_password": new, "confirm": new}
    assert owner.post("/auth/account", data=form).status_code == 302
    owner.post("/auth/logout")
    under_attack_from_everywhere(app)
    assert log_in(thief, new, ip="192.0.2.77").status_code == 429  # a new device now
    assert log_in(owner, new).status_code == 302  # the owner's browser was given a new cookie


def test_a_burst_of_guesses_with_a_known_device_passes_no_more_than_its_few_tries(app, runner):
    from web.auth import login_limits

    browser = known_browser(app)
    under_attack_from_everywhere(app)
    device_cookie = browser.get_cookie("rtr_device", path="/auth/").value
    passed = 0
    for i in range(20):  # all counted before any password is checked, as at the same instant
        with app.test_request_context(headers={"Cookie": f"rtr_device={device_cookie}"}):
            from web.auth import device_cookies

            device = device_cookies.device_of("runner@example.com")
            assert device is not None
            try:
                login_limits.reserve("runner@example.com", f"198.51.100.{100 + i}", device)
                passed += 1
            except login_limits.TooMany:
                pass
    assert passed <= app.config["LOGIN_MAX_FAILURES"] + 1  # its tries, and the account's one turn


def test_the_device_cookie_names_the_account_by_number_not_by_email(app, runner):
    import base64

    cookie = known_browser(app).get_cookie("rtr_device", path="/auth/").value
    payload = cookie.split(".")[0]
    readable = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    assert "runner@example.com" not in readable and "example" not in readable


def test_one_browser_stays_a_known_device_of_each_of_its_accounts(app, runner):
    from tests.web.conftest import sign_up

    sign_up(app.test_client(), "other@example.com")
    browser = known_browser(app)
    log_in(browser, email="other@example.com")
    browser.post("/auth/logout")
    under_attack_from_everywhere(app)
    assert log_in(browser).status_code == 302  # the first account's entry is still there


def test_deleting_the_account_takes_its_entry_out_of_the_browser(app, client, auth):
    auth.signup()
    assert client.get_cookie("rtr_device", path="/auth/") is not None
    form = {"delete_password": PASSWORD, "confirm": "delete"}
    assert client.post("/auth/account/delete", data=form).status_code == 302
    assert client.get_cookie("rtr_device", path="/auth/") is None
