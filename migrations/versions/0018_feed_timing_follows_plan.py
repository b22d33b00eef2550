"""A calendar feed's days follow the plan's time of day until the runner chooses otherwise.

The feed's `all_day` was a yes or no, yes by default, so a runner who set a time of day (whose
hint says "Blank makes all-day events") still got all-day events until they found the option
on the Subscribe page too. NULL now means "follow the plan": timed when it has a time of day.
Feeds of plans without one become NULL (all-day either way until a time is set); feeds of plans
with one keep what they show now, since it may have been chosen.

Revision ID: 0018_feed_timing_follows_plan
Revises: 0017_ids_never_reused
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_feed_timing_follows_plan"
down_revision = "0017_ids_never_reused"
branch_labels = None
depends_on = None

FEEDS = sa.table("calendar_feeds", sa.column("all_day", sa.Boolean), sa.column("plan_id"))
PLANS = sa.table("plans", sa.column("id"), sa.column("calendar_time"))


def upgrade() -> None:
    with op.batch_alter_table("calendar_feeds") as batch:
        batch.alter_column("all_day", existing_type=sa.Boolean(), nullable=True)
    untimed = sa.select(PLANS.c.id).where(PLANS.c.calendar_time.is_(None))
    op.execute(FEEDS.update().where(FEEDS.c.plan_id.in_(untimed)).values(all_day=None))


def downgrade() -> None:
    # What NULL showed: timed for a plan with a time of day, all-day for one without.
    timed = sa.select(PLANS.c.id).where(PLANS.c.calendar_time.is_not(None))
    op.execute(
        FEEDS.update()
        .where(FEEDS.c.all_day.is_(None), FEEDS.c.plan_id.in_(timed))
        .values(all_day=False)
    )
    op.execute(FEEDS.update().where(FEEDS.c.all_day.is_(None)).values(all_day=True))
    with op.batch_alter_table("calendar_feeds") as batch:
        batch.alter_column("all_day", existing_type=sa.Boolean(), nullable=False)
