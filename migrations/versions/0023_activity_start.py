"""An uploaded activity keeps the instant it started, so that the same run uploaded in two
formats (a FIT and a GPX export) is stored once. Activities stored before have none.

Revision ID: 0023_activity_start
Revises: 0022_gone_feeds_stay_gone
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023_activity_start"
down_revision = "0022_gone_feeds_stay_gone"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("activities", sa.Column("start", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("start")
