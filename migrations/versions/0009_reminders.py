"""Reminders (issue 20): each plan's and coach's choices, the deliveries sent exactly once
(unique per kind, subject and day), and web push subscriptions.

Revision ID: 0009_reminders
Revises: 0008_safety_record
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_reminders"
down_revision = "0008_safety_record"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_choices",
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("morning", sa.Boolean, nullable=False),
        sa.Column("nudge", sa.Boolean, nullable=False),
        sa.Column("change", sa.Boolean, nullable=False),
        sa.Column("at", sa.Time, nullable=False),
        sa.Column("email", sa.Boolean, nullable=False),
        sa.Column("push", sa.Boolean, nullable=False),
    )
    op.create_table(
        "digest_choices",
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("at", sa.Time, nullable=False),
        sa.Column("email", sa.Boolean, nullable=False),
        sa.Column("push", sa.Boolean, nullable=False),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.Integer, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt", sa.DateTime(timezone=True)),
        sa.Column("claimed", sa.DateTime(timezone=True)),
        sa.Column("sent", sa.DateTime(timezone=True)),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("error", sa.String(200), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kind", "subject", "day", name="uq_deliveries_kind_subject_day"),
    )
    op.create_table(
        "push_subscriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("endpoint", sa.String(2000), nullable=False, unique=True),
        sa.Column("p256dh", sa.String(200), nullable=False),
        sa.Column("auth", sa.String(100), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("push_subscriptions")
    op.drop_table("deliveries")
    op.drop_table("digest_choices")
    op.drop_table("reminder_choices")
