"""The safety record: clinician clearances and red flags recorded as a mistake, each a row that
imports and log uploads never delete; and a table the health check writes to (and rolls back).

Revision ID: 0008_safety_record
Revises: 0007_accounts
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_safety_record"
down_revision = "0007_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clearances",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("plan_id", "date", "note", name="uq_clearances_plan_date_note"),
    )
    op.create_table(
        "retractions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("flag", sa.String(40), nullable=False),
        sa.Column("recorded", sa.Date, nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("plan_id", "date", "flag", name="uq_retractions_plan_date_flag"),
    )
    op.create_table(
        "write_probes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("filler", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("write_probes")
    op.drop_table("retractions")
    op.drop_table("clearances")
