"""Coaches: the roster, invite links and notes on an athlete's day.

Revision ID: 0003_coaches
Revises: 0001
Create Date: 2025-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_coaches"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_entries",
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "coach_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("managed", sa.Boolean, nullable=False),
        sa.Column("joined", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_roster_entries_coach_id", "roster_entries", ["coach_id"])
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "coach_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("athlete_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_invites_coach_id", "invites", ["coach_id"])
    op.create_table(
        "coach_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "coach_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_coach_notes_plan_id", "coach_notes", ["plan_id"])


def downgrade() -> None:
    op.drop_table("coach_notes")
    op.drop_index("ix_invites_coach_id", "invites")
    op.drop_table("invites")
    op.drop_index("ix_roster_entries_coach_id", "roster_entries")
    op.drop_table("roster_entries")
