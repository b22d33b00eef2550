"""Activities a watch recorded (issue 16): each a row of its plan, unique per plan by the
activity's stable id, so uploading the same file again adds nothing.

Revision ID: 0010_activities
Revises: 0009_reminders
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_activities"
down_revision = "0009_reminders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("activity_id", sa.String(100), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("sport", sa.String(16), nullable=False),
        sa.Column("moving_minutes", sa.Float, nullable=False),
        sa.Column("distance_km", sa.Float, nullable=True),
        sa.Column("longest_run_minutes", sa.Float, nullable=True),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("plan_id", "activity_id", name="uq_activities_plan_activity"),
    )


def downgrade() -> None:
    op.drop_table("activities")
