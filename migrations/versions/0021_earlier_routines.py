"""A plan keeps the routines it had before each change of its settings (usual week, goal, runs
and run days), so that the days before a change are built as they were (planner/routine.py).
Stored plans have none: they build as before.

Revision ID: 0021_earlier_routines
Revises: 0020_roster_signals_again
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021_earlier_routines"
down_revision = "0020_roster_signals_again"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "plans",
        sa.Column("earlier_routines", sa.Text, nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("earlier_routines")
