"""Migration 0018: a feed that never chose follows the plan's time of day. Feeds of plans
without one start following it (nothing changes until a time is set); feeds of plans with one
keep the all-day events they show, since the runner may have chosen them."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select, text

from tests.conftest import database_at
from tests.web.test_security_ids import NOW, runner_with_plan

BEFORE = "0017_ids_never_reused"


def plan_with_feed(connection, n: int, at: time | None) -> int:
    _, plan = runner_with_plan(connection, n, at)
    connection.execute(
        text("INSERT INTO calendar_feeds (plan_id, all_day, created) VALUES (:plan, true, :now)"),
        {"plan": plan, "now": NOW},
    )
    return plan


def test_feeds_without_a_time_of_day_follow_the_plan_and_the_others_keep_all_day(
    database_url,
):
    from web.core import db
    from web.store.models import CalendarFeed

    engine = database_at(database_url, BEFORE)
    with engine.begin() as connection:
        untimed = plan_with_feed(connection, 1, None)
        timed = plan_with_feed(connection, 2, time(7, 30))
    db.upgrade(engine)
    with engine.begin() as connection:
        found = dict(connection.execute(select(CalendarFeed.plan_id, CalendarFeed.all_day)).all())
    engine.dispose()
    assert found == {untimed: None, timed: True}
