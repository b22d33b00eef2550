"""Accounts: invites void once their profile is claimed, log-in counters in place of one row
per failure, password reset links, and API tokens that can expire.

Revision ID: 0007_accounts
Revises: 0006_session_version
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_accounts"
down_revision = "0006_session_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("invites", sa.Column("cancelled", sa.DateTime(timezone=True)))
    op.add_column("api_tokens", sa.Column("expires", sa.DateTime(timezone=True)))
    # One row per failure grew without bound; a counter per key is pruned once its window ends.
    op.drop_index("ix_login_attempts_email", "login_attempts")
    op.drop_table("login_attempts")
    op.create_table(
        "login_counters",
        sa.Column("scope", sa.String(16), primary_key=True),
        sa.Column("key", sa.String(330), primary_key=True),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("last", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_login_counters_started", "login_counters", ["started"])
    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_password_resets_user_id", "password_resets", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_password_resets_user_id", "password_resets")
    op.drop_table("password_resets")
    op.drop_index("ix_login_counters_started", "login_counters")
    op.drop_table("login_counters")
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_attempts_email", "login_attempts", ["email"])
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires")
    with op.batch_alter_table("invites") as batch:
        batch.drop_column("cancelled")
