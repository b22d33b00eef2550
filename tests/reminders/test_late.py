"""A message not sent in its window (no worker ran) is dropped, not sent late: a sender back
after days sends no burst of old mornings (web/services/reminder_schedule.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.reminders.conftest import AuthActions, deliveries, runner_with_plan, tick
from web.store.models import DROPPED, SENT

SEVEN = datetime(2025, 3, 20, 7, 5, tzinfo=UTC)


def nobody_sends(*_args) -> None:
    """A dispatch that goes nowhere: the worker is down, or its queue was lost."""


def test_a_sender_back_after_three_days_drops_the_old_mornings_instead_of_sending_them(
    app, clock, mailbox
):
    runner_with_plan(app, "runner@example.com", "Europe/London", nudge=True)
    for days in range(3):
        clock.now = SEVEN + timedelta(days=days)
        tick(app, dispatch=nobody_sends)
    clock.now = datetime(2025, 3, 22, 21, 30, tzinfo=UTC)
    tick(app)
    assert {(d.status, d.error) for d in deliveries(app)} == {(DROPPED, "too late")}
    assert len(deliveries(app)) == 6  # a morning and a nudge on each of three days
    assert mailbox.messages == []


def test_a_morning_message_late_but_within_its_window_still_goes(app, clock, mailbox):
    runner_with_plan(app, "runner@example.com", "Europe/London")
    clock.now = SEVEN
    tick(app, dispatch=nobody_sends)
    clock.now = SEVEN + timedelta(hours=2, minutes=50)  # the window closes at 10:00
    tick(app)
    assert [d.status for d in deliveries(app)] == [SENT]
    assert len(mailbox.wait_for(1)) == 1


def change_left_unsent_at_seven(app, clock) -> None:
    """A red flag at 07:00 records a plan-change message that no worker sends then."""
    plan = runner_with_plan(app, "runner@example.com", morning=False, change=True)
    page = app.test_client()
    AuthActions(page).login()
    clock.now = SEVEN
    form = {"flags": ["calf_swelling"], "confirm": "red_flag"}
    assert page.post(f"/plans/{plan}/report", data=form).status_code == 302
    tick(app, dispatch=nobody_sends)


def test_a_plan_change_message_is_dropped_once_it_is_a_day_old(app, clock, mailbox):
    change_left_unsent_at_seven(app, clock)
    clock.now = SEVEN + timedelta(days=1, minutes=1)
    tick(app)
    assert [(d.status, d.error) for d in deliveries(app)] == [(DROPPED, "too late")]
    assert mailbox.messages == []


def test_a_plan_change_message_a_few_hours_late_still_goes(app, clock, mailbox):
    change_left_unsent_at_seven(app, clock)
    clock.now = SEVEN + timedelta(hours=5)
    tick(app)
    assert [d.status for d in deliveries(app)] == [SENT]
    assert len(mailbox.wait_for(1)) == 1
