"""Reminders sent through a real SMTP server on loopback, by the in-process scheduler."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

from markupsafe import escape

from planner.engine import build
from planner.model import Log, PlanSpec
from tests.reminders.conftest import PUBLIC_URL, AuthActions, deliveries, runner_with_plan, tick
from web.store.models import DEAD, FAILED, SENT


def test_the_morning_message_carries_todays_session_in_text_and_html(app, clock, mailbox):
    runner_with_plan(app, "runner@example.com")
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    assert tick(app)["recorded"] == 1
    (mail,) = mailbox.wait_for(1)
    assert mail["To"] == "runner@example.com"
    assert mail["Subject"] == "Your plan for today"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "not medical advice" in text and "not medical advice" in html
    assert "/today" in text and "<a href=" in html
    # The same day the engine plans for this runner's spec (tests/web/conftest.py add_plan).
    spec = PlanSpec("achilles-tendinopathy-midportion", date(2025, 3, 1), 30.0, "km")
    day = build(spec, Log(), date(2025, 3, 20)).day_on(date(2025, 3, 20))
    assert day.items
    for item in day.items:
        assert item.title in text and escape(item.title) in html
        assert not item.dose or (item.dose in text and escape(item.dose) in html)


def test_every_mail_has_one_click_unsubscribe_headers_that_work_without_a_login(
    app, client, clock, mailbox
):
    plan = runner_with_plan(app, "runner@example.com")
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    tick(app)
    (mail,) = mailbox.wait_for(1)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = mail["List-Unsubscribe"].strip("<>")
    assert link.startswith(f"{PUBLIC_URL}/")
    path = link.removeprefix(PUBLIC_URL)
    anonymous = app.test_client()
    assert "Stop these messages" in anonymous.get(path).get_data(as_text=True)
    answer = anonymous.post(path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    from web.store import reminders as store

    with app.app_context():
        assert store.choice_of(plan).morning is False


def test_a_forged_unsubscribe_link_changes_nothing(app, clock):
    plan = runner_with_plan(app, "runner@example.com")
    answer = app.test_client().post("/reminders/unsubscribe/WyJtb3JuaW5nIiwxXQ.forged")
    assert answer.status_code == 404
    from web.store import reminders as store

    with app.app_context():
        assert store.choice_of(plan).morning is True


def test_an_unsubscribe_link_made_while_ids_could_come_back_is_refused(app, clock):
    from itsdangerous import URLSafeSerializer

    plan = runner_with_plan(app, "runner@example.com")
    old = URLSafeSerializer(app.config["SECRET_KEY"], salt="rtr-reminders-unsubscribe")
    answer = app.test_client().post(f"/reminders/unsubscribe/{old.dumps(['morning', plan])}")
    assert answer.status_code == 404
    from web.store import reminders as store

    with app.app_context():
        assert store.choice_of(plan).morning is True


def test_a_second_tick_the_same_morning_sends_nothing_more(app, clock, mailbox):
    runner_with_plan(app, "runner@example.com")
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    tick(app)
    mailbox.wait_for(1)
    clock.now += timedelta(minutes=30)
    assert tick(app) == {"due": 1, "recorded": 0, "dispatched": 0}
    assert len(mailbox.messages) == 1
    assert [d.status for d in deliveries(app)] == [SENT]


def test_honolulu_and_auckland_each_get_the_message_at_their_own_seven(app, clock, mailbox):
    honolulu = runner_with_plan(app, "hnl@example.com", timezone="Pacific/Honolulu")
    auckland = runner_with_plan(app, "akl@example.com", timezone="Pacific/Auckland")
    start = datetime(2025, 3, 19, 12, 0, tzinfo=UTC)
    first_sent: dict[str, datetime] = {}
    for step in range(4 * 36):  # every 15 minutes for a day and a half
        clock.now = start + timedelta(minutes=15 * step)
        tick(app)
        for d in deliveries(app, "morning"):
            first_sent.setdefault(f"{d.subject}:{d.day}", clock.now)
    assert first_sent == {
        f"{honolulu}:2025-03-19": datetime(2025, 3, 19, 17, 0, tzinfo=UTC),  # HST, UTC-10
        f"{auckland}:2025-03-20": datetime(2025, 3, 19, 18, 0, tzinfo=UTC),  # NZDT, UTC+13
        f"{honolulu}:2025-03-20": datetime(2025, 3, 20, 17, 0, tzinfo=UTC),
        f"{auckland}:2025-03-21": datetime(2025, 3, 20, 18, 0, tzinfo=UTC),
    }
    assert sorted(m["To"] for m in mailbox.wait_for(4)) == [
        "akl@example.com",
        "akl@example.com",
        "hnl@example.com",
        "hnl@example.com",
    ]


def test_a_down_smtp_server_is_retried_with_back_off_and_then_delivered(app, clock, mailbox):
    from tests.load.server import free_port

    runner_with_plan(app, "runner@example.com")
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    tick(app)
    (delivery,) = deliveries(app)
    assert (delivery.status, delivery.attempts, delivery.error) == (
        FAILED,
        1,
        "ConnectionRefusedError",
    )
    clock.now += timedelta(seconds=30)  # before the back-off ends: not tried again
    tick(app)
    assert deliveries(app)[0].attempts == 1
    clock.now += timedelta(seconds=31)
    tick(app)
    assert deliveries(app)[0].attempts == 2
    app.config["MAIL_PORT"] = working_port
    clock.now += timedelta(minutes=3)
    tick(app)
    (mail,) = mailbox.wait_for(1)
    assert mail["To"] == "runner@example.com"
    assert [(d.status, d.attempts) for d in deliveries(app)] == [(SENT, 3)]


def test_a_refused_address_is_retried_then_given_up_without_crashing(app, clock, mailbox):
    app.config["REMINDER_MAX_ATTEMPTS"] = 3
    runner_with_plan(app, "nobody@invalid.example")
    runner_with_plan(app, "runner@example.com")
    mailbox.refuse = {"nobody@invalid.example"}
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    for _ in range(5):
        tick(app)
        clock.now += timedelta(minutes=10)
    assert [m["To"] for m in mailbox.messages] == ["runner@example.com"]
    bad, good = deliveries(app)
    assert (bad.status, bad.attempts, bad.error) == (DEAD, 3, "SMTPRecipientsRefused")
    assert good.status == SENT


def test_a_plan_change_is_told_once_after_the_report_that_made_it(app, clock, mailbox):
    plan = runner_with_plan(app, "runner@example.com", morning=False, change=True)
    client = app.test_client()
    AuthActions(client).login()
    red = {"date": "2025-03-20", "pain_rest": "2", "flags": "night_pain"}
    asked = client.post(f"/plans/{plan}/report", data=red)  # a red flag is confirmed first
    assert asked.status_code == 200 and deliveries(app) == []
    red["confirm"] = "red_flag"
    assert client.post(f"/plans/{plan}/report", data=red).status_code == 302
    assert client.post(f"/plans/{plan}/report", data=red).status_code == 302
    (change,) = deliveries(app, "halt")  # the change halted the plan: told as a halt
    assert change.detail
    tick(app)
    (mail,) = mailbox.wait_for(1)
    assert mail["Subject"] == "Your plan changed"
    assert change.detail.splitlines()[0] in mail.get_body(("plain",)).get_content()


def test_a_change_of_settings_is_told_as_a_change_on_its_day_not_as_a_report(app, clock, mailbox):
    plan = runner_with_plan(app, "runner@example.com", morning=False, change=True)
    client = app.test_client()
    AuthActions(client).login()
    settings = {"baseline": "15", "runs_per_week": "3", "goal": "", "calendar_time": ""}
    assert client.post(f"/plans/{plan}/settings", data=settings).status_code == 302
    (change,) = deliveries(app, "change")
    tick(app)
    (mail,) = mailbox.wait_for(1)
    text = mail.get_body(("plain",)).get_content()
    assert "Your plan changed on Thursday 20 March:" in text and "report" not in text.split(":")[0]


def test_a_report_sent_through_the_api_tells_the_change_too(app, clock, mailbox):
    from tests.api.conftest import Api, issue_token

    plan = runner_with_plan(app, "runner@example.com", morning=False, change=True)
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    red = {"date": "2025-03-20", "pain_running": 6, "pain_morning": 5}
    assert api.post(f"/plans/{plan}/reports", json=red).status_code == 200
    (change,) = deliveries(app, "change")
    assert change.detail and change.subject == plan
    assert api.post(f"/plans/{plan}/reports", json=red).status_code == 200
    assert len(deliveries(app, "change")) == 1  # nothing new the second time


def test_the_embedded_scheduler_sends_a_due_morning_message_once(app, clock, mailbox, monkeypatch):
    from web.services import reminder_jobs as jobs

    ticks = threading.Semaphore(0)
    counted = jobs.tick

    def tick_and_count(*args, **kwargs):
        try:
            return counted(*args, **kwargs)
        finally:
            ticks.release()

    monkeypatch.setattr(jobs, "tick", tick_and_count)
    app.config["REMINDER_TICK_SECONDS"] = 0.01
    runner_with_plan(app, "runner@example.com")
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    stop = threading.Event()
    thread = jobs.start_embedded(app, stop)
    assert thread is not None
    try:
        (mail,) = mailbox.wait_for(1)
        for _ in range(5):  # ticks after the one that sent it
            assert ticks.acquire(timeout=10)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert mail["To"] == "runner@example.com" and len(mailbox.messages) == 1
    assert [d.status for d in deliveries(app)] == [SENT]


def test_with_redis_configured_no_embedded_scheduler_starts(app):
    from web.services import reminder_jobs as jobs

    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/13"
    assert jobs.start_embedded(app) is None


def test_a_message_sent_again_after_a_worker_died_mid_send_keeps_its_message_id(
    app, clock, mailbox, monkeypatch
):
    from web.store import reminders as store

    runner_with_plan(app, "runner@example.com")
    recorded = store.mark_sent

    def killed_before_recording(*_args):  # the mail went; the worker died before noting it
        monkeypatch.setattr(store, "mark_sent", recorded)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(store, "mark_sent", killed_before_recording)
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    tick(app)
    clock.now += timedelta(seconds=app.config["REMINDER_LEASE_SECONDS"] + 1)
    tick(app)  # the claim outlived its lease: sent again
    first, second = mailbox.wait_for(2)
    assert first["Message-ID"] == second["Message-ID"]
    assert [d.status for d in deliveries(app)] == [SENT]
