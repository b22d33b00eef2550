"""Roster rows: each athlete's dashboard line, kept so that a page of a roster is one query.

Writers to an athlete's plans call `stale_plan` or `stale_athlete` in their own transaction: it
bumps the row's `wanted`, and a row is served only while `built` equals it (web/services/roster.py
rebuilds the others). The bump is a plain `+ 1` in SQL: a rebuild that read the plans before a
write saves the `wanted` it read first, so it never hides the write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    update,
)

from web.core.db import connection, dialect_insert, session
from web.store.models import PlanRow, RosterEntry, RosterRow, User

_ROWS = RosterRow.__table__.c


def stale_plan(plan_id: int) -> None:
    """Mark the row of the plan's owner out of date (in the caller's transaction)."""
    session().execute(_STALE_PLAN, {"plan_id": plan_id})


_STALE_PLAN = (  # built once: every write to a plan's log sends it
    update(RosterRow)
    .where(
        RosterRow.athlete_id
        == select(PlanRow.owner_id).where(PlanRow.id == bindparam("plan_id")).scalar_subquery()
    )
    .values(wanted=RosterRow.wanted + 1)
    .execution_options(synchronize_session=False)
)


def stale_athlete(athlete_id: int) -> None:
    """Mark an athlete's row out of date (in the caller's transaction)."""
    session().execute(
        update(RosterRow)
        .where(RosterRow.athlete_id == athlete_id)
        .values(wanted=RosterRow.wanted + 1)
        .execution_options(synchronize_session=False)
    )


def forget(athletes: Select[int]) -> None:
    """Delete these athletes' lines, whose roster entries are about to go (the name in a line
    is the one their coach gave them): an athlete with an account outlives the roster."""
    session().execute(delete(RosterRow).where(RosterRow.athlete_id.in_(athletes)))


def coaches() -> list[int]:
    """Return the id of every coach with someone on their roster."""
    return list(connection().scalars(select(RosterEntry.coach_id).distinct()))


def timezones_of(coach_id: int) -> list[str]:
    """Return the time zones the coach's athletes live in, each once."""
    query = (
        select(User.timezone)
        .join(RosterEntry, RosterEntry.athlete_id == User.id)
        .where(RosterEntry.coach_id == coach_id)
        .distinct()
    )
    return list(connection().scalars(query))


def stale_of(coach_id: int, today_in: Mapping[str, date]) -> list[tuple[int, int | None]]:
    """Return (athlete id, wanted) for each athlete of the coach whose row is out of date:
    written to since it was built, built for another day than today where they live
    (`today_in`: their time zone's date), or made under another roster name; wanted is None
    for an athlete with no row yet."""
    today = case(
        *((User.timezone == zone, day) for zone, day in today_in.items()),
        else_=None,
    )
    query = (
        select(RosterEntry.athlete_id, RosterRow.wanted)
        .join(User, User.id == RosterEntry.athlete_id)
        .outerjoin(RosterRow, RosterRow.athlete_id == RosterEntry.athlete_id)
        .where(
            RosterEntry.coach_id == coach_id,
            or_(
                RosterRow.athlete_id.is_(None),
                RosterRow.built != RosterRow.wanted,
                RosterRow.name != RosterEntry.name,
                today.is_(None),
                RosterRow.valid_for != today,
            ),
        )
    )
    return [(athlete_id, wanted) for athlete_id, wanted in connection().execute(query)]


def add_placeholders(athlete_ids: list[int]) -> None:
    """Give these athletes an empty row, out of date, so that from now on every write to their
    plans has a `wanted` to bump (a build that starts after this commits misses no write).
    The caller commits."""
    if not athlete_ids:
        return
    insert = dialect_insert(RosterRow)
    empty = {"built": -1, "valid_for": date.min, "name": "", "name_key": "", "need": 0}
    rows = [
        {"athlete_id": a, "wanted": 0, "rank_in_need": 0, "silent": 0, "data": "{}", **empty}
        for a in athlete_ids
    ]
    session().execute(insert.on_conflict_do_nothing(index_elements=[RosterRow.athlete_id]), rows)


def save_rows(rows: Iterable[dict[str, Any]]) -> None:
    """Store rebuilt rows (each with athlete_id, built, valid_for, name, name_key, need,
    rank_in_need, silent and data) in one statement; a new row starts with `wanted` = `built`. The caller commits."""
    rows = list(rows)
    if not rows:
        return
    insert = dialect_insert(RosterRow)
    fields = ("built", "valid_for", "name", "name_key", "need", "rank_in_need", "silent", "data")
    statement = insert.on_conflict_do_update(
        index_elements=[RosterRow.athlete_id],
        set_={field: insert.excluded[field] for field in fields},
    )
    session().execute(statement, [{**row, "wanted": row["built"]} for row in rows])


def _of_coach(coach_id: int, need: int | None, name_part: str, silent: bool) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = [RosterEntry.coach_id == coach_id]
    if need is not None:
        conditions.append(_ROWS.need == need)
    if silent:
        conditions.append(_ROWS.silent < 0)
    if name_part:
        conditions.append(_ROWS.name_key.contains(name_part, autoescape=True))
    return (
        select(
            RosterEntry.athlete_id,
            RosterEntry.name,
            RosterEntry.managed,
            _ROWS.valid_for,
            _ROWS.data,
        )
        .join(RosterRow, RosterRow.athlete_id == RosterEntry.athlete_id)
        .where(and_(*conditions))
    )


def count_of(
    coach_id: int, need: int | None = None, name_part: str = "", *, silent: bool = False
) -> int:
    """Count the coach's stored rows with this need (any when None), only the silent ones if
    `silent`, whose lower-case name holds `name_part`."""
    query = _of_coach(coach_id, need, name_part, silent).with_only_columns(func.count())
    return int(connection().scalar(query) or 0)


def rows_of(
    coach_id: int,
    need: int | None = None,
    name_part: str = "",
    *,
    silent: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[Any]:
    """Return the coach's stored rows (athlete_id, name, managed, valid_for, data), most urgent
    first: by need, by its order within the need (among the red, the latest red event first),
    the longest silent first, then by lower-case name (compared code point by code point, as
    Python does) and id; only the silent ones (3 days or more) if `silent`; `limit` rows from
    `offset`.

    The sort runs over the ids alone; only the page's rows bring their data along."""
    name_key: ColumnElement[Any] = _ROWS.name_key
    if connection().dialect.name == "postgresql":
        name_key = name_key.collate("C")  # the database's collation may ignore spaces
    order = (_ROWS.need, _ROWS.rank_in_need, _ROWS.silent, name_key, RosterEntry.athlete_id)
    query = _of_coach(coach_id, need, name_part, silent)
    if limit is not None:
        ids = (
            query.with_only_columns(RosterEntry.athlete_id)
            .order_by(*order)
            .limit(limit)
            .offset(offset)
        )
        query = query.where(RosterEntry.athlete_id.in_(ids.scalar_subquery()))
    return list(connection().execute(query.order_by(*order)))
