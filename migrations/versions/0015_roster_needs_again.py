"""Roster rows are ranked again: a coach's dashboard now also puts first an athlete told to see
a professional this week, or whose last report was above 5/10, and no longer calls a plan made
today silent (web/services/roster.py), so every stored row is marked out of date and rebuilt on
its coach's next view (as each new day does).

Revision ID: 0015_roster_needs_again
Revises: 0014_write_notices
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0015_roster_needs_again"
down_revision = "0014_write_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE roster_rows SET wanted = wanted + 1")


def downgrade() -> None:
    """Nothing to undo: the rows are rebuilt either way."""
