"""A feed's last render keeps its body too: after a write one process renders the feed and
every other process serves the stored bytes instead of rendering it again.

Revision ID: 0012_feed_body
Revises: 0011_archive
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_feed_body"
down_revision = "0011_archive"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("calendar_feeds", sa.Column("render_body", sa.LargeBinary, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calendar_feeds") as batch:
        batch.drop_column("render_body")
