"""Forgotten passwords: a link by email (a real SMTP server on loopback), once, for an hour."""

from __future__ import annotations

import logging
import re
import threading
from datetime import timedelta

import pytest

from tests.web.conftest import PASSWORD, AuthActions

NEW = "a brand new passphrase"


def ask(app, email="runner@example.com", ip="198.51.100.9"):
    return app.test_client().post(
        "/auth/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": ip}
    )


def link_in(message) -> str:
    return re.search(r"http://localhost(/auth/reset/\S+)", message.get_content()).group(1)


@pytest.fixture(autouse=True)
def public_address(app):
    """Reset links are mailed only at the site's configured address (PUBLIC_URL)."""
    app.config["PUBLIC_URL"] = "http://localhost"


@pytest.fixture
def runner(auth):
    auth.signup()
    return "runner@example.com"


def test_the_link_in_the_mail_sets_a_new_password_and_ends_every_session(
    app, client, runner, mailbox, plan_id
):
    answer = ask(app)
    assert answer.status_code == 200 and "we have sent it a link" in answer.get_data(as_text=True)
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == runner and "Reset your return-to-run password" in mail["Subject"]
    link = link_in(mail)
    visitor = app.test_client()
    form = visitor.get(link)
    assert form.status_code == 200 and form.headers["Cache-Control"] == "no-store"
    saved = visitor.post(link, data={"password": NEW, "confirm": NEW})
    assert saved.headers["Location"] == "/auth/login"
    assert client.get(f"/plans/{plan_id}/today").status_code == 302  # the old session ended
    assert AuthActions(app.test_client()).login(password=PASSWORD).status_code == 400
    assert AuthActions(app.test_client()).login(password=NEW).status_code == 302


def test_the_link_goes_to_the_public_address_whatever_host_the_request_named(app, runner, mailbox):
    app.config["PUBLIC_URL"] = "https://rtr.example.org"
    answer = app.test_client().post(
        "/auth/forgot", data={"email": runner}, base_url="http://evil.example"
    )
    assert answer.status_code == 200
    [mail] = mailbox.wait_for(1)
    assert "evil.example" not in mail.get_content()
    assert re.search(r"https://rtr\.example\.org/auth/reset/\S+", mail.get_content())


def test_without_a_public_address_no_link_is_mailed_and_the_page_says_to_ask(app, runner, mailbox):
    app.config["PUBLIC_URL"] = ""
    page = app.test_client().post(
        "/auth/forgot", data={"email": runner}, base_url="http://evil.example"
    )
    assert "Ask its administrator" in page.get_data(as_text=True)
    for thread in threading.enumerate():
        if thread.name == "mail":
            thread.join()
    assert mailbox.messages == []


def test_a_link_works_once(app, runner, mailbox):
    ask(app)
    link = link_in(mailbox.wait_for(1)[0])
    app.test_client().post(link, data={"password": NEW, "confirm": NEW})
    again = app.test_client().post(
        link, data={"password": "yet another one!", "confirm": "yet another one!"}
    )
    assert again.status_code == 410 and "expired or was already used" in again.get_data(
        as_text=True
    )
    assert AuthActions(app.test_client()).login(password=NEW).status_code == 302


def test_a_link_expires_after_an_hour(app, runner, mailbox):
    ask(app)
    link = link_in(mailbox.wait_for(1)[0])
    later = app.config["CLOCK"]() + timedelta(minutes=61)
    app.config["CLOCK"] = lambda: later
    assert app.test_client().get(link).status_code == 410


def test_a_new_password_voids_the_other_links(app, runner, mailbox):
    ask(app)
    ask(app)
    first, second = (link_in(m) for m in mailbox.wait_for(2))
    app.test_client().post(first, data={"password": NEW, "confirm": NEW})
    assert app.test_client().get(second).status_code == 410


def test_known_and_unknown_emails_get_the_same_answer_and_only_an_account_gets_mail(
    app, runner, mailbox
):
    def page(email):
        html = ask(app, email).get_data(as_text=True)
        return re.sub(r'value="[^"]*"', "", html.replace(email, "EMAIL"))

    assert page("nobody@example.com") == page(runner)
    assert [m["To"] for m in mailbox.wait_for(1)] == [runner]


def test_a_managed_profile_gets_no_link(app, client, mailbox):
    from tests.web.test_coach import coach_signup, managed_athlete
    from web.store import users

    coach_signup(client)
    with app.test_request_context():
        email = users.by_id(managed_athlete(client)).email
    ask(app, email)
    ask(app, "coach@example.com")
    assert [m["To"] for m in mailbox.wait_for(1)] == ["coach@example.com"]


def test_the_token_is_stored_hashed(app, runner, mailbox):
    from web.core.db import session
    from web.store.models import PasswordReset

    ask(app)
    token = link_in(mailbox.wait_for(1)[0]).rsplit("/", 1)[1]
    with app.test_request_context():
        stored = session().query(PasswordReset).one()
        assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_a_bad_new_password_names_the_field_and_keeps_the_link(app, runner, mailbox):
    ask(app)
    link = link_in(mailbox.wait_for(1)[0])
    bad = app.test_client().post(link, data={"password": "short", "confirm": "short"})
    assert bad.status_code == 400 and 'id="password-error"' in bad.get_data(as_text=True)
    assert app.test_client().get(link).status_code == 200


def test_an_inbox_gets_at_most_three_links_an_hour(app, runner, mailbox):
    for i in range(5):
        assert ask(app, ip=f"198.51.100.{i}").status_code == 200
    mailbox.wait_for(3)
    assert ask(app, ip="198.51.100.77").status_code == 200
    assert len(mailbox.messages) == 3


def test_a_reset_lets_a_runner_in_whose_email_was_being_guessed(app, runner, mailbox):
    for i in range(12):
        app.test_client().post(
            "/auth/login",
            data={"email": runner, "password": "guess"},
            environ_base={"REMOTE_ADDR": f"203.0.113.{i}"},
        )
    ask(app)
    app.test_client().post(link_in(mailbox.wait_for(1)[0]), data={"password": NEW, "confirm": NEW})
    again = app.test_client().post(
        "/auth/login",
        data={"email": runner, "password": NEW},
        environ_base={"REMOTE_ADDR": "203.0.113.3"},
    )
    assert again.status_code == 302


def test_without_a_mail_server_the_page_says_to_ask_an_administrator(app, client, runner):
    page = client.get("/auth/forgot").get_data(as_text=True)
    assert "Ask its administrator" in page and "Send me a link" not in page
    assert "Ask its administrator" in ask(app).get_data(as_text=True)


def test_without_a_mail_server_the_app_says_so_at_start(database_url, tmp_path, caplog):
    from tests.conftest import fixed_clock
    from web import create_app

    with caplog.at_level(logging.WARNING):
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "x",
                "CLOCK": fixed_clock(),
                "DATABASE_URL": database_url,
            }
        )
    app.extensions["rtr.engine"].dispose()
    assert "password reset by email is unavailable" in caplog.text


def test_an_administrator_makes_a_link_that_works_and_no_log_holds_it(app, runner, caplog):
    with caplog.at_level(logging.DEBUG):
        result = app.test_cli_runner().invoke(args=["reset-link", runner])
    path = re.search(r"(/auth/reset/\S+)", result.output).group(1)
    assert path.rsplit("/", 1)[1] not in caplog.text
    assert app.test_client().post(path, data={"password": NEW, "confirm": NEW}).status_code == 302
    assert AuthActions(app.test_client()).login(password=NEW).status_code == 302
    unknown = app.test_cli_runner().invoke(args=["reset-link", "nobody@example.com"])
    assert unknown.exit_code != 0 and "No account" in unknown.output


def test_mail_and_logs_never_hold_the_token_when_sending_fails(app, runner, caplog):
    from tests.load.server import free_port

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens
    with caplog.at_level(logging.DEBUG):
        assert ask(app).status_code == 200
        for thread in threading.enumerate():
            if thread.name == "mail":
                thread.join()
    assert "Could not send mail" in caplog.text
    assert "/auth/reset/" not in caplog.text


@pytest.mark.parametrize("email", ["a\nb@example.com", "a\u2028b@example.com", "a\x85b@x.com"])
def test_a_reset_for_an_email_with_a_line_break_is_refused_in_words_not_mailed(app, mailbox, email):
    response = ask(app, email)
    assert response.status_code == 400
    assert "no spaces, line breaks or invisible characters" in response.get_data(as_text=True)


def test_a_reset_revokes_every_api_token_and_the_pages_say_so(app, runner, mailbox):
    from tests.api.conftest import Api, issue_token

    api = Api(app.test_client(), issue_token(app, runner))
    assert api.get("/plans").status_code == 200
    ask(app)
    [mail] = mailbox.wait_for(1)
    assert "API tokens" in mail.get_content()
    link = link_in(mail)
    visitor = app.test_client()
    assert "API tokens" in visitor.get(link).get_data(as_text=True)
    saved = visitor.post(link, data={"password": NEW, "confirm": NEW})
    assert "API tokens" in visitor.get(saved.headers["Location"]).get_data(as_text=True)
    assert api.get("/plans").status_code == 401


def test_a_password_changed_on_the_account_page_uses_up_every_open_link(app, client, runner):
    from web.auth import password_reset
    from web.store import users

    with app.test_request_context():
        link = f"/auth/reset/{password_reset.new_link(users.by_email(runner).id)}"
    changed = client.post(
        "/auth/account",
        data={"current_password": PASSWORD, "new_password": NEW, "confirm": NEW, "timezone": "UTC"},
    )
    assert changed.status_code == 302
    stranger = app.test_client()
    gone = stranger.get(link)
    assert gone.status_code == 410 and "expired or was already used" in gone.get_data(as_text=True)
    theirs = "a stranger's pick"
    assert stranger.post(link, data={"password": theirs, "confirm": theirs}).status_code == 410
    assert AuthActions(app.test_client()).login(password=theirs).status_code == 400
    assert AuthActions(app.test_client()).login(password=NEW).status_code == 302


def test_a_managed_profile_claimed_through_its_invite_leaves_no_reset_link_open(app, client):
    from tests.web.test_coach import coach_signup, invite_link, join, managed_athlete
    from web.auth import password_reset

    coach_signup(client)
    athlete = managed_athlete(client)
    with app.test_request_context():  # nothing mails a profile one: made here directly
        link = f"/auth/reset/{password_reset.new_link(athlete)}"
    join(app.test_client(), invite_link(client, athlete_id=str(athlete)), "ana@example.com")
    assert app.test_client().get(link).status_code == 410


def test_asking_for_an_email_with_an_account_writes_as_often_as_for_one_without(
    app, runner, mailbox
):
    # Each commit that writes waits for the disk: one more for an account would tell by its
    # time that the email has one, though the page says the same.
    from sqlalchemy import event

    writes: list[str] = []

    def count(connection) -> None:
        writes.append("commit")

    engine = app.extensions["rtr.engine"]
    event.listen(engine, "commit", count)
    try:
        for email, ip in (
            ("runner@example.com", "198.51.100.1"),
            ("nobody@example.com", "198.51.100.2"),
        ):
            before = len(writes)
            assert ask(app, email, ip).status_code == 200
            writes.append(f"{email}: {len(writes) - before}")
    finally:
        event.remove(engine, "commit", count)
    assert [w for w in writes if ":" in w] == ["runner@example.com: 2", "nobody@example.com: 2"]
    assert len(mailbox.wait_for(1)) == 1
