"""A change that halts the plan is always told, even after another change that day; other
changes stay at one message a day (web/services/plan_changes.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.reminders.conftest import AuthActions, deliveries, runner_with_plan, tick
from tests.web.conftest import add_reports, green_week
from web.store.models import SENT

MORNING, EVENING = datetime(2025, 3, 20, 8, 0, tzinfo=UTC), datetime(2025, 3, 20, 18, 0, tzinfo=UTC)
AMBER = {"pain_rest": "1", "pain_walking": "1", "pain_running": "4", "pain_morning": "0"}
CALF_SWELLING = {"flags": ["calf_swelling"], "confirm": "red_flag"}


def runner_on_walk_run(app):
    plan = runner_with_plan(app, "runner@example.com", morning=False, change=True)
    add_reports(app, plan, green_week())
    return plan, app.test_client()


def report(app, page, plan: int, form: dict) -> None:
    """Log in (the session of the hours before ran out) and send a report from the page."""
    AuthActions(page).login()
    assert page.post(f"/plans/{plan}/report", data=form).status_code == 302


def test_a_red_flag_in_the_evening_is_told_after_an_amber_hold_told_that_morning(
    app, clock, mailbox
):
    plan, page = runner_on_walk_run(app)
    clock.now = MORNING
    report(app, page, plan, AMBER)
    tick(app)
    clock.now = EVENING
    report(app, page, plan, CALF_SWELLING)
    tick(app)
    assert [(d.kind, d.status) for d in deliveries(app)] == [("change", SENT), ("halt", SENT)]
    first, second = mailbox.wait_for(2)
    assert first["Subject"] == second["Subject"] == "Your plan changed"
    assert first["Message-ID"] != second["Message-ID"]
    assert "clot" in second.get_body(("plain",)).get_content()


def test_a_second_change_that_halts_nothing_waits_for_the_next_day(app, clock, mailbox):
    plan, page = runner_on_walk_run(app)
    clock.now = MORNING
    report(app, page, plan, AMBER)
    clock.now = EVENING
    worse = {**AMBER, "pain_running": "6", "pain_morning": "5"}
    report(app, page, plan, worse)
    assert [d.kind for d in deliveries(app)] == ["change"]


def test_the_stop_link_of_a_halt_turns_off_the_change_messages(app, clock, mailbox):
    from web.store import reminders as store

    plan, page = runner_on_walk_run(app)
    clock.now = EVENING
    report(app, page, plan, CALF_SWELLING)
    tick(app)
    (mail,) = mailbox.wait_for(1)
    path = mail["List-Unsubscribe"].strip("<>").split("://", 1)[1].partition("/")[2]
    answer = app.test_client().post(f"/{path}", data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    with app.app_context():
        assert store.choice_of(plan).change is False
