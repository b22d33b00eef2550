"""Kept pages: the Today page a plan's last report led to, one per plan, rendered once and
served by every process (web/cache/page_cache.py says when)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from web.core.db import dialect_insert, read_alone, session
from web.store.models import KeptPage


def keep(plan_id: int, page_key: str, body: str) -> None:
    """Keep a plan's page in place of the one before; commit. A plan deleted meanwhile keeps
    nothing."""
    db = session()
    insert = dialect_insert(KeptPage).values(plan_id=plan_id, page_key=page_key, body=body)
    try:
        db.execute(
            insert.on_conflict_do_update(
                index_elements=[KeptPage.plan_id], set_={"page_key": page_key, "body": body}
            )
        )
        db.commit()
    except IntegrityError:  # the plan is gone: so is any use for its page
        db.rollback()


def kept(plan_id: int, page_key: str) -> str | None:
    """The plan's kept page if it was made of what `page_key` names, else None."""
    found = read_alone(_KEPT, {"plan_id": plan_id, "page_key": page_key})
    return None if found is None else cast(str, found[0])


_KEPT = select(KeptPage.body).where(  # built once: a Today page not kept here asks
    KeptPage.plan_id == bindparam("plan_id"), KeptPage.page_key == bindparam("page_key")
)
