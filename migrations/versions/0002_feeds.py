"""Calendar feeds: per-plan feed options and token hash, retired tokens, per-day revisions.

Revision ID: 0002_feeds
Revises: 0001
Create Date: 2025-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_feeds"
down_revision = "0001"
branch_labels = None
depends_on = None


def _plan_id() -> sa.Column:
    return sa.Column(
        "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        _plan_id(),
        sa.Column("token_hash", sa.String(64)),
        sa.Column("all_day", sa.Boolean, nullable=False),
        sa.Column("alarm_minutes", sa.Integer),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("plan_id", name="uq_calendar_feeds_plan"),
        sa.UniqueConstraint("token_hash", name="uq_calendar_feeds_token_hash"),
    )
    op.create_table(
        "retired_feed_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _plan_id(),
        sa.Column("retired", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_retired_feed_tokens_plan_id", "retired_feed_tokens", ["plan_id"])
    op.create_table(
        "calendar_revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        _plan_id(),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("plan_id", "date", name="uq_calendar_revisions_plan_date"),
    )


def downgrade() -> None:
    op.drop_table("calendar_revisions")
    op.drop_index("ix_retired_feed_tokens_plan_id", "retired_feed_tokens")
    op.drop_table("retired_feed_tokens")
    op.drop_table("calendar_feeds")
