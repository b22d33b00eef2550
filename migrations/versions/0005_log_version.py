"""Versions for caches: plans count their log writes and calendar revisions; feeds remember
the inputs, ETag and Last-Modified of their last render. Merges the feature heads.

Revision ID: 0005_log_version
Revises: 0002_feeds, 0003_coaches, 0004_api_tokens
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_log_version"
down_revision = ("0002_feeds", "0003_coaches", "0004_api_tokens")
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in ("log_version", "calendar_version"):
        op.add_column("plans", sa.Column(name, sa.Integer, nullable=False, server_default="0"))
    op.add_column("calendar_feeds", sa.Column("render_key", sa.String(64)))
    op.add_column("calendar_feeds", sa.Column("render_etag", sa.String(64)))
    op.add_column("calendar_feeds", sa.Column("render_modified", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("calendar_feeds") as batch:
        for name in ("render_modified", "render_etag", "render_key"):
            batch.drop_column(name)
    with op.batch_alter_table("plans") as batch:
        for name in ("calendar_version", "log_version"):
            batch.drop_column(name)
