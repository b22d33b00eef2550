"""A feed link of a deleted plan or account answers 410 Gone, as a revoked one does (SPEC §6):
its retired-token row outlives the plan, with no plan (ON DELETE SET NULL instead of CASCADE).

Revision ID: 0022_gone_feeds_stay_gone
Revises: 0021_earlier_routines
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022_gone_feeds_stay_gone"
down_revision = "0021_earlier_routines"
branch_labels = None
depends_on = None

TABLE = "retired_feed_tokens"
KEY = "retired_feed_tokens_plan_id_fkey"  # PostgreSQL's name for the key 0002 left unnamed
# SQLite keeps no name for it: the batch's copy of the table names it by this convention.
NAMED = {"fk": "%(table_name)s_%(column_0_name)s_fkey"}


def _plan_key(nullable: bool, ondelete: str) -> None:
    with op.batch_alter_table(TABLE, naming_convention=NAMED) as batch:
        batch.drop_constraint(KEY, type_="foreignkey")
        batch.alter_column("plan_id", existing_type=sa.Integer, nullable=nullable)
        batch.create_foreign_key(KEY, "plans", ["plan_id"], ["id"], ondelete=ondelete)


def upgrade() -> None:
    _plan_key(nullable=True, ondelete="SET NULL")


def downgrade() -> None:
    op.execute(sa.text(f"DELETE FROM {TABLE} WHERE plan_id IS NULL"))
    _plan_key(nullable=False, ondelete="CASCADE")
