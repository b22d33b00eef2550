"""The nudge, the coach's digest, a message nobody can receive, and the tick that is a set."""

from __future__ import annotations

from datetime import UTC, date, datetime

from planner.model import Report
from tests.reminders.conftest import AuthActions, deliveries, runner_with_plan, tick
from tests.web.conftest import add_plan, add_reports, log_counts, sign_up
from web.store.models import DROPPED, SENT

SEVEN = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)


def test_a_runner_quiet_for_two_days_is_nudged_and_one_who_reported_yesterday_is_not(
    app, clock, mailbox
):
    quiet = runner_with_plan(app, "quiet@example.com", morning=False, nudge=True)
    busy = runner_with_plan(app, "busy@example.com", morning=False, nudge=True)
    add_reports(app, busy, [Report(date(2025, 3, 19), pain_rest=1)])
    clock.now = SEVEN
    tick(app)
    assert [(d.kind, d.subject) for d in deliveries(app)] == [("nudge", quiet)]
    (mail,) = mailbox.wait_for(1)
    assert (mail["To"], mail["Subject"]) == ("quiet@example.com", "Time for today's check-in")


def test_a_coach_gets_a_digest_naming_the_athletes_who_need_attention(app, client, clock, mailbox):
    from web.store import reminders as store
    from web.store import roster
    from web.store.users import by_email

    sign_up(client, "coach@example.com", coach=True)
    with app.test_request_context():
        coach = by_email("coach@example.com").id
        roster.add_managed_athlete(coach, "Quiet Quinn", "quinn@example.com")
        store.save_digest(
            coach, enabled=True, at=SEVEN.time().replace(minute=0), email=True, push=False
        )
    plan = add_plan(app, "quinn@example.com")
    with app.app_context():  # made on the day it starts (1 March), so its sessions were due
        from web.core.db import session
        from web.store.models import PlanRow

        session().get(PlanRow, plan).created = datetime(2025, 3, 1, tzinfo=UTC)
        session().commit()
    clock.now = SEVEN
    tick(app)
    (mail,) = mailbox.wait_for(1)
    assert (mail["To"], mail["Subject"]) == ("coach@example.com", "Your athletes today")
    assert "Quiet Quinn: Missed sessions" in mail.get_body(("plain",)).get_content()


def test_a_coach_whose_athletes_are_all_on_track_gets_no_digest(app, client, clock, mailbox):
    from web.store import reminders as store
    from web.store.users import by_email

    sign_up(client, "coach@example.com", coach=True)
    with app.app_context():
        store.save_digest(
            by_email("coach@example.com").id,
            enabled=True,
            at=SEVEN.time().replace(minute=0),
            email=True,
            push=False,
        )
    clock.now = SEVEN
    tick(app)
    assert [(d.kind, d.status, d.error) for d in deliveries(app)] == [
        ("digest", DROPPED, "nobody needs attention")
    ]
    assert mailbox.messages == []


def test_without_a_mail_server_an_email_only_reminder_is_dropped_not_retried(app, clock):
    runner_with_plan(app, "runner@example.com")
    assert not app.config["MAIL_SERVER"]
    clock.now = SEVEN
    tick(app)
    assert [(d.status, d.attempts, d.error) for d in deliveries(app)] == [
        (DROPPED, 1, "no way to send")
    ]


def test_a_message_turned_off_after_it_fell_due_is_not_sent(app, clock, mailbox):
    from web.services import reminder_jobs as jobs
    from web.store import reminders as store

    plan = runner_with_plan(app, "runner@example.com")
    clock.now = SEVEN
    tick(app, dispatch=lambda *_: None)  # recorded, not yet sent
    with app.app_context():
        store.turn_off("morning", plan)
    (pending,) = deliveries(app)
    with app.app_context():
        assert jobs.send(pending.id) == "dropped"
    assert mailbox.messages == []


def test_a_nudge_that_waited_is_not_sent_once_the_runner_has_reported(app, clock, mailbox):
    from web.services import reminder_jobs as jobs

    plan = runner_with_plan(app, "runner@example.com", morning=False, nudge=True)
    add_reports(app, plan, [Report(date(2025, 3, 17), pain_rest=1)])
    clock.now = SEVEN
    tick(app, dispatch=lambda *_: None)  # recorded; the mail server is down, say
    (pending,) = deliveries(app)
    assert pending.kind == "nudge"
    add_reports(app, plan, [Report(date(2025, 3, 20), pain_rest=0)])  # reported at 07:30
    with app.app_context():
        assert jobs.send(pending.id) == "dropped"
    assert mailbox.messages == []


def test_a_sent_message_is_not_sent_again_by_a_late_duplicate_job(app, clock, mailbox):
    from web.services import reminder_jobs as jobs

    runner_with_plan(app, "runner@example.com")
    clock.now = SEVEN
    tick(app)
    (sent,) = deliveries(app)
    assert sent.status == SENT
    with app.app_context():
        assert jobs.send(sent.id) == "taken"
    assert len(mailbox.wait_for(1)) == 1 and len(mailbox.messages) == 1


def test_a_tick_replayed_after_coming_back_online_is_a_set_not_a_toggle(app, client):
    plan = runner_with_plan(app, "runner@example.com")
    AuthActions(client).login()
    page = client.get(f"/plans/{plan}/today").get_data(as_text=True)
    item = page.split('name="item" value="')[1].split('"')[0]
    tick = {"date": "2025-03-20", "item": item, "done": "1"}
    json = {"Accept": "application/json"}
    for _ in range(3):
        assert client.post(f"/plans/{plan}/done", data=tick, headers=json).json["done"] is True
    assert log_counts(app, plan) == (0, 1)
    for _ in range(2):
        client.post(f"/plans/{plan}/done", data={**tick, "done": "0"}, headers=json)
    assert log_counts(app, plan) == (0, 0)
