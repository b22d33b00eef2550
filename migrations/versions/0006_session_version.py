"""Users carry a session version, bumped on log-out and password change: older session
cookies (a copied one too) stop working.

Revision ID: 0006_session_version
Revises: 0005_log_version
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_session_version"
down_revision = "0005_log_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users", sa.Column("session_version", sa.Integer, nullable=False, server_default="0")
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
