"""The coach's roster as stored rows and pages: each athlete's row (their most urgent current
plan's snapshot), and a page of them served from the database (store.roster_rows), rebuilding
first only the rows that a write, a new day or a new name left out of date.

A row's signals are web/services/roster_snapshot.py; their order and words,
web/services/roster_needs.py.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any

from web import cache, store
from web.cache import keys
from web.core import clock, db, failures
from web.services import builds, roster_needs
from web.services.roster_snapshot import Snapshot, snapshot
from web.store.models import PlanRow

MANY = 500  # more athletes than this: load the whole roster rather than list their ids


def snapshots(coach_id: int, only: int | list[int] | None = None) -> list[Snapshot]:
    """Load the roster (or only one athlete of it, or those listed) in four queries at most;
    build only the plans no cache holds. Each athlete shows as their most urgent current plan
    (`roster_needs.pick`)."""
    if isinstance(only, list) and len(only) > MANY:  # the whole roster, in one short query
        listed = set(only)
        entries = [e for e in store.roster.roster_of(coach_id) if e[1].id in listed]
    else:
        entries = store.roster.roster_of(coach_id, only)
    of_athlete = _of_athletes(entries)
    return [
        replace(
            roster_needs.pick(of_athlete.get(user.id, []))
            or Snapshot(user.id, entry.name, clock.today_in(user.timezone)),
            managed=bool(entry.managed),
            plans=len(of_athlete.get(user.id, [])),
        )
        for entry, user in entries
    ]


def plans_of_athlete(coach_id: int, athlete_id: int) -> dict[int, Snapshot]:
    """Every plan of one coached athlete with its signals, by plan id: the athlete's page shows
    each plan's need, not only the one the roster ranks them by."""
    of_athlete = _of_athletes(store.roster.roster_of(coach_id, athlete_id))
    return {s.plan_id: s for s in of_athlete.get(athlete_id, []) if s.plan_id is not None}


def _of_athletes(entries: list[Any]) -> dict[int, list[Snapshot]]:
    """Each listed athlete's plans' snapshots, newest plan first, from the cache or built."""
    plans: dict[int, list[PlanRow]] = {}
    for row in store.plans.plans_of_many([user.id for _, user in entries]):  # newest first
        plans.setdefault(row.owner_id, []).append(row)
    wanted = [
        (user.id, entry.name, row, clock.today_in(user.timezone), user.timezone)
        for entry, user in entries
        for row in plans.get(user.id, [])
    ]
    kept = cache.snapshots()
    wanted_keys = [
        keys.snapshot_key(row, today, athlete_id, name)
        for athlete_id, name, row, today, _ in wanted
    ]
    found: list[Snapshot | None] = [kept.get(key) for key in wanted_keys]
    todo = [i for i, hit in enumerate(found) if hit is None]
    built = builds.built_many([(wanted[i][2], wanted[i][3]) for i in todo])
    for i, (log, plan) in zip(todo, built, strict=True):
        athlete_id, name, row, today, zone = wanted[i]
        made = clock.day_in(row.created, zone)
        found[i] = snapshot(athlete_id, name, row.id, plan, log, today, made)
        kept.put(wanted_keys[i], found[i])
    of_athlete: dict[int, list[Snapshot]] = {}
    for (athlete_id, _, row, _, _), snap in zip(wanted, found, strict=True):
        assert snap is not None  # every plan was found in the cache or built just now
        of_athlete.setdefault(athlete_id, []).append(replace(snap, archived=bool(row.archived)))
    return of_athlete


# Stored rows: a page of the roster in a constant number of queries.

STORED = tuple(
    f.name for f in fields(Snapshot) if f.name not in ("athlete_id", "name", "today", "managed")
)
DATES = ("last_report", "next_session", "first_day", "made", "red_since", "cleared")


@dataclass(frozen=True)
class Page:
    """One page of a coach's roster, most urgent first, and where it sits among the others."""

    rows: list[Snapshot]
    number: int  # from 1
    pages: int  # at least 1
    total: int  # the athletes that match, on all pages
    size: int  # athletes a page


def refresh(coach_id: int) -> bool:
    """Rebuild the coach's stored rows that are missing or out of date; return whether every
    row is stored and fresh (False: the database refused the write, as a read-only one does).

    Reads first (in a `reads_first` view, without the write lock), then writes the rebuilt rows
    in one short transaction. Each row saves the `wanted` read before its plans were: a write
    that lands meanwhile leaves it out of date, to be rebuilt on the next view."""
    today_in = {zone: clock.today_in(zone) for zone in store.roster_rows.timezones_of(coach_id)}
    if not today_in:  # nobody on the roster
        return True
    found = store.roster_rows.stale_of(coach_id, today_in)
    if not found:
        return True
    missing = [athlete for athlete, wanted in found if wanted is None]
    if missing and not _write(store.roster_rows.add_placeholders, missing):
        return False
    stale = {athlete: wanted or 0 for athlete, wanted in found}
    rows = [_stored(s, stale[s.athlete_id]) for s in snapshots(coach_id, sorted(stale))]
    return _write(store.roster_rows.save_rows, rows)


def refresh_every_roster() -> int:
    """Bring every coach's stored rows up to date; return how many coaches were looked at.

    The scheduler runs this after each tick, so the rows an athlete's midnight made out of
    date are rebuilt in the background, and a coach's first view of a new day finds them
    ready instead of building every athlete's plan while they wait. It reads, and builds, without
    the write lock (on SQLite): every morning it builds every athlete's plan, which a writer
    would otherwise wait for (10 s for 5,000 athletes: a report sent meanwhile timed out)."""
    with db.reading_first():
        found = store.roster_rows.coaches()
        for coach_id in found:
            refresh(coach_id)
    return len(found)


def _write(write: Any, rows: list[Any]) -> bool:
    """Write and commit in a transaction of its own (a `reads_first` view then reads on);
    False when the database refused."""
    reading = db.view_reads_only()
    if reading:
        db.write_phase()
    saved = failures.best_effort(_committed, write, rows)
    if reading:
        db.read_phase()
    return saved


def _committed(write: Any, rows: list[Any]) -> None:
    write(rows)
    db.session().commit()


def page(coach_id: int, wanted: str | None, query: str, number: int, size: int) -> Page:
    """Return page `number` (from 1; past the last, the last) of the coach's athletes with the
    wanted need (any when None) whose name holds the query in any case, in `rank`'s order."""
    if not refresh(coach_id):  # nothing can be stored: build every row, as before rows were
        everyone = roster_needs.matching(roster_needs.rank(snapshots(coach_id)), wanted, query)
        pages = max(1, -(-len(everyone) // size))
        number = min(max(1, number), pages)
        shown = everyone[(number - 1) * size : number * size]
        return Page(shown, number, pages, len(everyone), size)
    silent = wanted == "quiet"  # everyone silent 3 days or more, whatever their need
    need_index = (
        roster_needs.NEEDS.index(wanted) if wanted in roster_needs.NEEDS and not silent else None
    )
    part = query.strip().lower()
    total = store.roster_rows.count_of(coach_id, need_index, part, silent=silent)
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages)
    found = store.roster_rows.rows_of(
        coach_id, need_index, part, silent=silent, limit=size, offset=(number - 1) * size
    )
    return Page([_loaded(row) for row in found], number, pages, total, size)


def everyone(coach_id: int) -> list[Snapshot]:
    """Return every athlete of the coach in `rank`'s order, from the stored rows."""
    if not refresh(coach_id):
        return roster_needs.rank(snapshots(coach_id))
    return [_loaded(row) for row in store.roster_rows.rows_of(coach_id)]


def _stored(s: Snapshot, wanted: int) -> dict[str, Any]:
    kind = roster_needs.need(s)
    data = {k: v for k, v in asdict(s).items() if k in STORED}
    for k in DATES:
        data[k] = data[k].isoformat() if data[k] else None
    return {
        "athlete_id": s.athlete_id,
        "built": wanted,
        "valid_for": s.today,
        "name": s.name,
        "name_key": s.name.lower(),
        "need": roster_needs.NEEDS.index(kind),
        "rank_in_need": roster_needs.red_order(s),
        "silent": -roster_needs.silence(s),
        "data": json.dumps(data, separators=(",", ":")),
    }


def _loaded(row: Any) -> Snapshot:
    data = json.loads(row.data)
    for k in DATES:  # a row stored before a date was kept has none
        data[k] = date.fromisoformat(data[k]) if data.get(k) else None
    for k in ("morning", "running", "walking", "rest", "trend", "flags"):
        data[k] = tuple(data.get(k, ()))  # a row stored before a pain was kept has none
    return Snapshot(row.athlete_id, row.name, row.valid_for, managed=bool(row.managed), **data)
