"""Roster rows are ranked again (web/services/roster.py): a red flag a clinician has cleared
since is no signal; among the red the latest red event comes first, a plan stopped from its
first day (a condition that is not self-managed) after the others; a plan is silent only from
the day it was made; rising running, walking or rest pain is rising pain, as morning pain was;
and within every need the athlete silent longest (3 days or more) comes first, `silent` now
kept whatever the need. The order within a need gets a column of its own, rank_in_need; every
stored row is marked out of date and rebuilt on its coach's next view, as 0020 did.

Revision ID: 0024_roster_red_order
Revises: 0023_activity_start
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024_roster_red_order"
down_revision = "0023_activity_start"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "roster_rows",
        sa.Column("rank_in_need", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute("UPDATE roster_rows SET wanted = wanted + 1")


def downgrade() -> None:
    """Drop the column and mark the rows out of date: the older code ranks them by its rules."""
    with op.batch_alter_table("roster_rows") as batch:
        batch.drop_column("rank_in_need")
    op.execute("UPDATE roster_rows SET wanted = wanted + 1")
