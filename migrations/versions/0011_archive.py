"""A runner may archive a plan: My plans hides it under "Archived" until it is brought back.

Revision ID: 0011_archive
Revises: 0010_activities
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_archive"
down_revision = "0010_activities"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "plans",
        sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("archived")
