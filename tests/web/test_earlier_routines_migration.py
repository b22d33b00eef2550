"""Migration 0021: plans keep the routines before each change of settings. A stored plan has
none yet, so it builds as it did."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import database_at
from tests.web.test_security_ids import runner_with_plan

BEFORE = "0020_roster_signals_again"


def test_a_stored_plan_has_no_earlier_routine_and_keeps_its_own(database_url):
    from web.core import db
    from web.store import plans
    from web.store.models import PlanRow

    engine = database_at(database_url, BEFORE)
    with engine.begin() as connection:
        _, plan = runner_with_plan(connection, 1)
    db.upgrade(engine)
    with engine.begin() as connection:
        found = connection.execute(select(PlanRow).where(PlanRow.id == plan)).one()
    engine.dispose()
    row = PlanRow(**found._mapping)
    spec = plans.spec_of(row)
    assert row.earlier_routines == "" and spec.earlier == ()
    assert (spec.baseline, spec.runs_per_week, spec.run_days) == (20.0, 4, ())
