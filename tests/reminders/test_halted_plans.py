"""A halted plan is not considered for daily messages, and leaves no row for them (only a
clinician's clearance restarts it); an archived plan gets none at all, and nothing a lock
screen shows names a health detail."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from planner.model import Clearance, Report
from tests.reminders.conftest import AuthActions, deliveries, runner_with_plan, tick
from tests.web.conftest import add_plan, add_reports, sign_up
from web.store import records
from web.store.models import DROPPED, SENT

SEVEN = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
HEALTH_WORDS = ("halt", "professional", "pain", "attention", "refer", "flag", "clot", "injur")


def report_red_flag(app, plan: int, clock) -> None:
    """The runner reports calf swelling on the page, and confirms it: the plan halts."""
    clock.now = SEVEN.replace(hour=6, minute=0)
    page = app.test_client()
    AuthActions(page).login()
    form = {"flags": ["calf_swelling"], "confirm": "red_flag"}
    assert page.post(f"/plans/{plan}/report", data=form).status_code == 302


def test_a_halted_plan_gets_no_morning_message_and_no_nudge_but_its_halt_is_told_once(
    app, clock, mailbox
):
    plan = runner_with_plan(app, "runner@example.com", nudge=True, change=True)
    report_red_flag(app, plan, clock)
    for days in range(4):
        clock.now = SEVEN + timedelta(days=days)
        assert tick(app)["due"] == 0  # not considered: nothing due, nothing recorded
    assert [(d.kind, d.status) for d in deliveries(app)] == [("halt", SENT)]
    (mail,) = mailbox.wait_for(1)
    assert mail["Subject"] == "Your plan changed"


def test_a_cleared_plan_gets_its_morning_message_again(app, clock, mailbox):
    plan = runner_with_plan(app, "runner@example.com")
    add_reports(app, plan, [Report(date(2025, 3, 18), pain_rest=3, flags=("night_pain",))])
    clock.now = SEVEN
    assert tick(app)["due"] == 0
    assert deliveries(app) == []
    with app.test_request_context():
        records.add_clearance(plan, Clearance(date(2025, 3, 20), "Dr Lee"))
    clock.now = SEVEN + timedelta(days=1)
    tick(app)
    assert deliveries(app)[-1].status == SENT
    assert len(mailbox.wait_for(1)) == 1


def test_a_halted_plan_is_built_once_for_its_morning_not_at_every_tick(
    app, clock, mailbox, monkeypatch
):
    from web.services import builds

    plan = runner_with_plan(app, "runner@example.com", nudge=True)
    add_reports(app, plan, [Report(date(2025, 3, 18), pain_rest=3, flags=("night_pain",))])
    made = []
    real = builds.built
    monkeypatch.setattr(builds, "built", lambda *a, **kw: made.append(a[1]) or real(*a, **kw))
    for minutes in range(0, 180, 15):  # the morning's window, tick after tick
        clock.now = SEVEN + timedelta(minutes=minutes)
        assert tick(app)["due"] == 0
    assert made == [SEVEN.date()]


def test_a_plan_that_cannot_be_built_costs_only_its_own_message(app, clock, mailbox):
    """The check for a halt builds each plan: one that fails must not stop everyone's."""
    from web.core.db import session
    from web.store.models import PlanRow

    broken = runner_with_plan(app, "broken@example.com")
    runner_with_plan(app, "runner@example.com")
    with app.app_context():
        session().get(PlanRow, broken).condition = "a-condition-no-longer-known"
        session().commit()
    clock.now = SEVEN
    tick(app)
    assert [d.subject for d in deliveries(app) if d.status == SENT] != []
    assert broken not in [d.subject for d in deliveries(app) if d.status == SENT]


def test_an_archived_plan_gets_no_reminders(app, clock, mailbox):
    plan = runner_with_plan(app, "runner@example.com", nudge=True)
    page = app.test_client()
    AuthActions(page).login()
    clock.now = SEVEN
    tick(app, dispatch=lambda *_: None)  # recorded, not sent yet
    assert page.post(f"/plans/{plan}/archive", data={"archive": "1"}).status_code == 302
    tick(app)  # the one recorded before is dropped
    clock.now = SEVEN + timedelta(days=1)
    assert tick(app)["due"] == 0
    assert {(d.status, d.error) for d in deliveries(app)} == {(DROPPED, "plan archived")}
    assert mailbox.messages == []


@pytest.mark.parametrize("kind", ["morning", "nudge", "change", "digest"])
def test_no_subject_names_a_health_detail(app, client, clock, mailbox, kind):
    from web.store import reminders as store
    from web.store import roster
    from web.store.users import by_email

    if kind == "digest":
        sign_up(client, "coach@example.com", coach=True)
        with app.test_request_context():
            coach = by_email("coach@example.com").id
            roster.add_managed_athlete(coach, "Quiet Quinn", "quinn@example.com")
            store.save_digest(coach, enabled=True, at=SEVEN.time(), email=True, push=False)
        quiet = add_plan(app, "quinn@example.com")  # made today: silent only after a report
        add_reports(app, quiet, [Report(date(2025, 3, 16), pain_rest=0)])
    else:
        plan = runner_with_plan(app, "runner@example.com", **{kind: True, "at": SEVEN.time()})
        if kind == "change":
            report_red_flag(app, plan, clock)
    clock.now = SEVEN
    tick(app)
    (mail,) = mailbox.wait_for(1)
    subject = mail["Subject"].lower()
    assert not [word for word in HEALTH_WORDS if word in subject], subject


def test_a_pushed_message_shows_no_health_detail_on_a_lock_screen(app, clock, monkeypatch):
    import pywebpush

    from web.store import plans
    from web.store import reminders as store

    shown: list[dict] = []
    monkeypatch.setattr(
        pywebpush, "webpush", lambda _info, data, **_: shown.append(json.loads(data))
    )
    app.config.update(
        VAPID_PRIVATE_KEY="k",
        VAPID_PUBLIC_KEY="p",
        VAPID_SUBJECT="mailto:a@b.c",
        PUBLIC_URL="https://rtr.example",
    )
    plan = runner_with_plan(app, "runner@example.com", email=False, push=True, change=True)
    with app.app_context():
        owner = plans.plan_by_id(plan).owner_id
        store.add_push(owner, "https://fcm.googleapis.com/fcm/send/abc", "x" * 20, "y" * 10, SEVEN)
    report_red_flag(app, plan, clock)
    clock.now = SEVEN
    tick(app)
    assert shown, deliveries(app)
    for payload in shown:
        seen = f"{payload['title']} {payload['body']}".lower()
        assert not [word for word in HEALTH_WORDS if word in seen], seen
