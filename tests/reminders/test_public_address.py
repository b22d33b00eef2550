"""Without PUBLIC_URL no reminder goes: its links (the stop link too) would point nowhere.
The site says so at start, and the reminder pages say so (web/services/reminder_messages.py)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from tests.reminders.conftest import deliveries, runner_with_plan, tick
from tests.web.conftest import add_plan
from web.store.models import DROPPED

SEVEN = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)


def test_without_a_public_address_a_due_reminder_is_dropped_not_mailed_with_broken_links(
    app, clock, mailbox
):
    app.config["PUBLIC_URL"] = None
    runner_with_plan(app, "runner@example.com")
    clock.now = SEVEN
    tick(app)
    assert [(d.status, d.error) for d in deliveries(app)] == [(DROPPED, "PUBLIC_URL is not set")]
    assert mailbox.messages == []


def start(database_url, caplog, **config) -> str:
    from tests.conftest import fixed_clock
    from web import create_app

    with caplog.at_level(logging.WARNING):
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "x",
                "CLOCK": fixed_clock(),
                "DATABASE_URL": database_url,
                **config,
            }
        )
    app.extensions["rtr.engine"].dispose()
    return caplog.text


def test_with_mail_and_no_public_address_the_app_says_at_start_that_reminders_are_off(
    database_url, caplog
):
    said = start(database_url, caplog, MAIL_SERVER="mail.example")
    assert said.count("reminders are off") == 1


def test_with_a_public_address_the_app_says_nothing_of_reminders_at_start(database_url, caplog):
    said = start(database_url, caplog, MAIL_SERVER="mail.example", PUBLIC_URL="https://rtr.example")
    assert "reminders are off" not in said


def test_the_reminder_page_says_nothing_can_be_sent_until_the_site_has_its_address(
    app, client, auth
):
    auth.signup()
    plan = add_plan(app, "runner@example.com")
    app.config.update(MAIL_SERVER="mail.example", PUBLIC_URL=None)
    said = "Reminders cannot be sent from this site yet"
    assert said in client.get(f"/plans/{plan}/reminders").get_data(as_text=True)
    form = {"morning": "1", "at": "06:45", "email": "1"}
    saved = client.post(f"/plans/{plan}/reminders", data=form, follow_redirects=True)
    assert f"Reminders saved. {said}" in saved.get_data(as_text=True)
    app.config["PUBLIC_URL"] = "https://rtr.example"
    assert said not in client.get(f"/plans/{plan}/reminders").get_data(as_text=True)
