"""Roster rows are ranked again: morning pain that climbs from the week's low is rising even
after a bad first morning, a red flag recorded as a mistake is no signal, and an archived plan
ranks an athlete only when every plan is archived (web/services/roster.py). Every stored row
is marked out of date and rebuilt on its coach's next view, as 0019 did.

Revision ID: 0020_roster_signals_again
Revises: 0019_roster_no_report_yet
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0020_roster_signals_again"
down_revision = "0019_roster_no_report_yet"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE roster_rows SET wanted = wanted + 1")


def downgrade() -> None:
    """Mark the rows out of date again: the older code ranks them by its own rules."""
    op.execute("UPDATE roster_rows SET wanted = wanted + 1")
