"""Roster rows are ranked again: a plan with no report yet, not yet three days quiet, is now
"No report yet" instead of "On track" (web/services/roster.py), a new need between "No plan
yet" and "On track". Stored rows keep each need as its place in that list, so every stored row
is marked out of date and rebuilt on its coach's next view (as each new day does).

Revision ID: 0019_roster_no_report_yet
Revises: 0018_feed_timing_follows_plan
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0019_roster_no_report_yet"
down_revision = "0018_feed_timing_follows_plan"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE roster_rows SET wanted = wanted + 1")


def downgrade() -> None:
    """Mark the rows out of date again: the older code ranks them with its own list."""
    op.execute("UPDATE roster_rows SET wanted = wanted + 1")
