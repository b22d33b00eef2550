"""Issue 19 item 3: each athlete's dashboard row is kept in the database, brought up to date
when the athlete writes or their day changes, so a coach's page is one query, not a build of
every plan.

Revision ID: 0013_roster_rows
Revises: 0012_feed_body
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_roster_rows"
down_revision = "0012_feed_body"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No rows yet: each is built the first time its coach's dashboard needs it.
    op.create_table(
        "roster_rows",
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("wanted", sa.Integer, nullable=False, server_default="0"),
        sa.Column("built", sa.Integer, nullable=False, server_default="-1"),
        sa.Column("valid_for", sa.Date, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String(240), nullable=False),
        sa.Column("need", sa.Integer, nullable=False),
        sa.Column("silent", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("roster_rows")
