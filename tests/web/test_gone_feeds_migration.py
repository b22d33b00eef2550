"""Migration 0022: a retired feed token outlives its plan (no plan), so that a deleted plan's
link answers 410 Gone; the tokens retired before keep their plan."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select, text

from tests.conftest import database_at
from tests.web.test_security_ids import runner_with_plan

BEFORE = "0021_earlier_routines"


def test_retired_tokens_keep_their_plan_and_outlive_it(database_url):
    from web.core import db
    from web.store.models import PlanRow, RetiredFeedToken

    engine = database_at(database_url, BEFORE)
    with engine.begin() as connection:
        _, plan = runner_with_plan(connection, 1)
        connection.execute(
            text(
                "INSERT INTO retired_feed_tokens (token_hash, plan_id, retired) "
                "VALUES (:hash, :plan, :now)"
            ),
            {"hash": "a" * 64, "plan": plan, "now": datetime(2025, 3, 1, tzinfo=UTC)},
        )
    db.upgrade(engine)
    tokens = select(RetiredFeedToken.token_hash, RetiredFeedToken.plan_id)
    with engine.begin() as connection:
        kept = connection.execute(tokens).all()
        connection.execute(delete(PlanRow).where(PlanRow.id == plan))
    with engine.begin() as connection:
        after = connection.execute(tokens).all()
    engine.dispose()
    assert kept == [("a" * 64, plan)]
    assert after == [("a" * 64, None)]
