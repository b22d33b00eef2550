"""PostgreSQL: every committed write tells the server processes, so each can keep answers
(a calendar's repeat poll) for as long as nothing changed, as the WAL file tells on SQLite.

Each table gets a statement trigger that sends `NOTIFY rtr_writes`; PostgreSQL delivers it,
once per transaction, when the writing transaction commits (and never if it rolls back).
A table added later needs the same trigger: tests/web/test_write_watch.py checks every table.

Revision ID: 0014_write_notices
Revises: 0013_roster_rows
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_write_notices"
down_revision = "0013_roster_rows"
branch_labels = None
depends_on = None

FUNCTION = """
CREATE OR REPLACE FUNCTION rtr_note_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rtr_writes', '');
    RETURN NULL;
END
$$
"""


def tables() -> list[str]:
    names = sa.inspect(op.get_bind()).get_table_names()
    return sorted(name for name in names if name != "alembic_version")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite: the WAL file itself shows every commit (web/cache/feed_memo.py)
    op.execute(FUNCTION)
    for table in tables():
        op.execute(
            f'CREATE TRIGGER rtr_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION rtr_note_write()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in tables():
        op.execute(f'DROP TRIGGER IF EXISTS rtr_note_write ON "{table}"')
    op.execute("DROP FUNCTION IF EXISTS rtr_note_write()")
