"""Users and plans never hand out a deleted row's id again. SQLite gives the next row the
largest id plus one, so deleting the newest account or plan freed its id for the next one, and
whatever still named it (a second session, an unsubscribe link, a cache key) reached the new
owner. AUTOINCREMENT keeps the largest id ever given; SQLite can only add it by rebuilding the
table. PostgreSQL's sequences never go back: nothing to do there.

The rebuild drops the old table, which with foreign keys enforced would first delete every row
that names it (ON DELETE CASCADE): the app's start-up, `rtr db-upgrade` and Alembic's own command
line (migrations/env.py) run the migrations on SQLite with the enforcement off and check every
key before they commit; this migration refuses to run with it on.

Ids freed before this migration are beyond what the rebuilt table remembers: a cookie or link
naming one still finds nothing of a new owner's, since sessions start at a random version and
unsubscribe links made before this release are refused (web.auth.unsubscribe_tokens).

Revision ID: 0017_ids_never_reused
Revises: 0016_kept_pages
Create Date: 2026-12-08
"""

from __future__ import annotations

from alembic import op

revision = "0017_ids_never_reused"
down_revision = "0016_kept_pages"
branch_labels = None
depends_on = None

TABLES = ("users", "plans")


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)


def _rebuild(*, autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "Rebuilding users and plans with foreign keys enforced would delete every row "
            "that names them: run the migrations with `rtr db-upgrade`."
        )
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass  # the copy is the change: the same columns, keys and indexes, rebuilt
