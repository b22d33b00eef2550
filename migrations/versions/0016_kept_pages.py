"""Issue 19: the Today page a report leads to is kept in the database, so that the process the
next request lands on serves it instead of loading the log, building the plan and rendering it.

Revision ID: 0016_kept_pages
Revises: 0015_roster_needs_again
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_kept_pages"
down_revision = "0015_roster_needs_again"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_pages",
        sa.Column(
            "plan_id",
            sa.Integer,
            sa.ForeignKey("plans.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("page_key", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
    )
    # No write notice (0014): no process keeps a memo that reads this table, and a notice
    # would make every process drop its memos after each report a second time.


def downgrade() -> None:
    op.drop_table("kept_pages")
