"""Kept pages: the Today page a plan's last report led to, one per plan, rendered once and
served by every process (web/cache/page_cache.py says when). Kept compressed: a page of
~26 kB takes ~6 kB, and 0.2 ms to compress."""

from __future__ import annotations

import zlib

from flask import current_app
from sqlalchemy import bindparam, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from web.core.db import aside, read_alone, upserts
from web.store.models import KeptPage

# The commit does not wait for the write-ahead log to reach the disk: a crash may lose a kept
# page, which is only ever a copy (the transaction stays atomic and consistent).
_NO_FLUSH_WAIT = text("SET LOCAL synchronous_commit TO OFF")


def keep(plan_id: int, page_key: str, page: str) -> None:
    """Keep a plan's page in place of the one before, in a transaction of its own. A plan
    deleted meanwhile keeps nothing."""
    body = zlib.compress(page.encode("utf-8"), 1)
    try:
        with aside() as connection:
            dialect = connection.dialect.name
            if dialect == "postgresql":
                connection.execute(_NO_FLUSH_WAIT)
            connection.execute(
                _UPSERT[dialect], {"plan_id": plan_id, "page_key": page_key, "body": body}
            )
    except IntegrityError:  # the plan is gone: so is any use for its page
        pass
    except SQLAlchemyError as error:  # the write it follows is saved: the next view renders
        not_kept("stored", error)


_UPSERT = upserts(  # built once per dialect: every report sends one
    KeptPage,
    ("plan_id", "page_key", "body"),
    key=("plan_id",),
    updated=("page_key", "body"),
)


def kept(plan_id: int, page_key: str) -> str | None:
    """The plan's kept page if it was made of what `page_key` names, else None."""
    try:
        found = read_alone(_KEPT, {"plan_id": plan_id, "page_key": page_key})
    except SQLAlchemyError as error:  # a copy: the page is built and rendered instead
        not_kept("read", error)
        return None
    return None if found is None else zlib.decompress(found[0]).decode("utf-8")


def not_kept(done: str, error: SQLAlchemyError) -> None:
    """Log a kept page's failed read or write by the error's kind (never its values)."""
    current_app.logger.warning(
        "A kept page could not be %s (%s): the page is rendered instead.",
        done,
        type(error).__name__,
    )


_KEPT = select(KeptPage.body).where(  # built once: a Today page not kept here asks
    KeptPage.plan_id == bindparam("plan_id"), KeptPage.page_key == bindparam("page_key")
)
