"""Users, plans, reports, completions and login attempts.

Revision ID: 0001
Revises:
Create Date: 2025-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "owner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("condition", sa.String(64), nullable=False),
        sa.Column("onset", sa.Date, nullable=False),
        sa.Column("baseline", sa.Float, nullable=False),
        sa.Column("unit", sa.String(8), nullable=False),
        sa.Column("start", sa.Date),
        sa.Column("goal", sa.Float),
        sa.Column("runs_per_week", sa.Integer, nullable=False),
        sa.Column("easy_pace", sa.Float),
        sa.Column("run_days", sa.String(16), nullable=False),
        sa.Column("calendar_time", sa.Time),
        sa.Column("clearance", sa.Date),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_plans_owner_id", "plans", ["owner_id"])
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("pain_rest", sa.Integer),
        sa.Column("pain_walking", sa.Integer),
        sa.Column("pain_running", sa.Integer),
        sa.Column("pain_morning", sa.Integer),
        sa.Column("flags", sa.String(400), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.UniqueConstraint("plan_id", "date", name="uq_reports_plan_date"),
    )
    op.create_table(
        "completions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("item", sa.String(200), nullable=False),
        sa.UniqueConstraint("plan_id", "date", "item", name="uq_completions_plan_date_item"),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_attempts_email", "login_attempts", ["email"])


def downgrade() -> None:
    op.drop_table("login_attempts")
    op.drop_table("completions")
    op.drop_table("reports")
    op.drop_index("ix_plans_owner_id", "plans")
    op.drop_table("plans")
    op.drop_table("users")
