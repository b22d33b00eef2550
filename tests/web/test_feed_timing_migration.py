"""Migration 0018: a feed that never chose follows the plan's time of day. Feeds of plans
without one start following it (nothing changes until a time is set); feeds of plans with one
keep the all-day events they show, since the runner may have chosen them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import Time, bindparam, select, text

from tests.conftest import reset_postgres

BEFORE = "0017_ids_never_reused"


def plan_with_feed(connection, n: int, at: time | None) -> int:
    now = datetime(2025, 3, 1, tzinfo=UTC)
    user = connection.execute(
        text(
            "INSERT INTO users (email, password_hash, timezone, role, created, session_version) "
            "VALUES (:email, 'x', 'UTC', 'runner', :now, 0) RETURNING id"
        ),
        {"email": f"runner{n}@example.com", "now": now},
    ).scalar_one()
    plan = connection.execute(
        text(
            "INSERT INTO plans (owner_id, condition, onset, baseline, unit, runs_per_week, "
            "run_days, created, log_version, calendar_version, archived, calendar_time) VALUES "
            "(:user, 'plantar-fasciopathy', :onset, 20, 'km', 4, '', :now, 0, 0, false, :at) "
            "RETURNING id"
        ).bindparams(bindparam("at", type_=Time())),  # SQLite keeps a time as text
        {"user": user, "onset": date(2025, 2, 1), "now": now, "at": at},
    ).scalar_one()
    connection.execute(
        text("INSERT INTO calendar_feeds (plan_id, all_day, created) VALUES (:plan, true, :now)"),
        {"plan": plan, "now": now},
    )
    return plan


def test_feeds_without_a_time_of_day_follow_the_plan_and_the_others_keep_all_day(
    database_url,
):
    from web.core import db
    from web.store.models import CalendarFeed

    if database_url.startswith("postgresql"):
        reset_postgres(database_url)
    else:
        database_url = database_url.replace("rtr.sqlite", "before.sqlite")
    engine = db.make_engine(database_url)
    db.upgrade(engine, BEFORE)
    with engine.begin() as connection:
        untimed = plan_with_feed(connection, 1, None)
        timed = plan_with_feed(connection, 2, time(7, 30))
    db.upgrade(engine)
    with engine.begin() as connection:
        found = dict(connection.execute(select(CalendarFeed.plan_id, CalendarFeed.all_day)).all())
    engine.dispose()
    assert found == {untimed: None, timed: True}
