"""The coach's dashboard as plain data: each athlete's signals, and the order of need.

`snapshot` reads a built plan and its log, `rank` sorts: plain data. `snapshots` builds a
roster's rows; `page` serves them from the database (store.roster_rows), rebuilding first only
the rows that a write, a new day or a new name left out of date.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, timedelta
from typing import Any

from planner.model import RUNNING_KINDS, Log, Phase, Plan, Protocol, Report, Status
from planner.protocol import RED_FLAGS
from planner.rules import Rule
from planner.validation import PAIN_FIELDS
from web import cache, store
from web.cache import keys
from web.core import clock, db, failures
from web.core.templating import short_date
from web.services import builds
from web.store.models import PlanRow

WINDOW_DAYS = 7  # rising pain and adherence look back this far
QUIET_DAYS = 3  # no report for this many days is a signal
NEVER = 10_000  # the days without a report of a plan with no first day (never in a built one)
MIN_ADHERENCE = 0.8  # below this share of items ticked off, sessions count as missed
TREND_DAYS = 14  # the sparkline's span
# The engine told the runner to see a professional (not a stop): the coach should look too.
SEE_SOMEONE_RULES = frozenset(
    {
        Rule.REST_PAIN_WEEK,
        Rule.PAIN_RISING,
        Rule.NO_IMPROVEMENT,
        Rule.LONG_STANDING,
        Rule.SEVERE_RUN_PAIN,
        Rule.WALKING_PAIN_RISING,
        Rule.BONE_PAIN_WALKING,
    }
)
# A score above 5/10 in the last report is more than the pain-monitoring model accepts during
# activity (0-5; planner/protocol.py): the coach should look, whatever the rules did with it.
HIGH_PAIN = 6
# Pain this much above the week's lowest is rising, even when the week began higher.
RISE_FROM_LOW = 2
RED_SESSION_RULES = frozenset(
    {
        Rule.RED_STEP_BACK,
        Rule.RED_DROP_BACK,
        Rule.TWO_REDS,
        Rule.BONE_PAIN_STEP_BACK,
        Rule.BONE_REPEAT_FAILURE,
    }
)
# Among the red, a stop with no red event to date (a condition referred from its first day)
# ranks after every dated one.
STANDING = 100_000

MANY = 500  # more athletes than this: load the whole roster rather than list their ids
# Most urgent first. "no_report": a plan with no report yet, not yet quiet; nothing to act on,
# but nothing says the athlete is on track either. Stored rows keep the index: a change here
# needs a migration that marks every row out of date (as 0015 and 0019 do).
NEEDS = ("red", "pain", "missed", "quiet", "no_plan", "no_report", "ok")
NEED_LABELS = {
    "red": "Red flag or stopped",
    "pain": "Pain: take a look",
    "missed": "Missed sessions",
    "quiet": "No report for 3+ days",
    "no_plan": "No plan yet",
    "no_report": "No report yet",
    "ok": "On track",
}
ATTENTION = frozenset(NEEDS) - {"no_plan", "no_report", "ok"}  # what a coach's digest lists


@dataclass(frozen=True)
class Snapshot:
    """One athlete's row on the dashboard, with the signals that rank it."""

    athlete_id: int
    name: str
    today: date
    plan_id: int | None = None
    managed: bool = False  # a profile the coach keeps for an athlete without an account
    condition: str | None = None
    status: str | None = None  # active | halted | complete
    phase: str | None = None
    stage: str | None = None
    last_report: date | None = None
    last_pain: int | None = None  # the highest score in the last report
    adherence: float | None = None  # share of the last 7 days' items ticked off
    next_session: date | None = None
    first_day: date | None = None  # the plan's first day: no report yet is quiet only after it
    made: date | None = None  # the day the plan was made: nor before that (it may start earlier)
    red_flag: bool = False  # a red flag reported in the last 7 days, not cleared since
    # the latest red event: such a flag, or the day the current stop began (None for a plan
    # that stops from its first day because its condition is not self-managed)
    red_since: date | None = None
    cleared: date | None = None  # a clinician cleared a red flag of the last 7 days that day
    red_session: bool = False  # the engine stepped back for pain in the last 7 days
    advised: bool = False  # the engine said to see a professional in the last 7 days
    morning: tuple[int, ...] = ()  # morning pain in the last 7 days, oldest first
    running: tuple[int, ...] = ()  # running pain in the last 7 days, oldest first
    walking: tuple[int, ...] = ()  # walking pain in the last 7 days, oldest first
    rest: tuple[int, ...] = ()  # pain at rest in the last 7 days, oldest first
    trend: tuple[int, ...] = ()  # highest pain per report over the last 14 days
    last_pain_kind: str | None = None  # which pain the highest score of the last report was
    flags: tuple[str, ...] = ()  # the red flags reported in the last 7 days
    plans: int = 0  # how many plans the athlete has; the row shows the most urgent current one
    archived: bool = False  # the plan is archived: it ranks the athlete only when all are


def need(s: Snapshot) -> str:
    """Name the most urgent signal of one athlete."""
    if s.plan_id is None:
        return "no_plan"
    if s.status == "halted" or s.red_flag:
        return "red"
    if s.red_session or s.advised or high_pain(s) or rising_pain(s):
        return "pain"
    if s.adherence is not None and s.adherence < MIN_ADHERENCE:
        return "missed"
    if s.status == "active" and silence(s):
        return "quiet"
    if s.last_report is None:
        return "no_report"
    return "ok"


def silent_days(s: Snapshot) -> int:
    """Days since the last report, or, when none came yet, since the plan's first day or the
    day it was made, whichever is later (a plan made today is not silent)."""
    started = max((d for d in (s.first_day, s.made) if d is not None), default=None)
    since = s.last_report or started
    return (s.today - since).days if since else NEVER


def silence(s: Snapshot) -> int:
    """Days without a report on a current plan (active or stopped) once they are a signal (3
    or more), whatever the athlete's need; 0 otherwise."""
    if s.plan_id is None or s.status not in ("active", "halted"):
        return 0
    days = silent_days(s)
    return days if days >= QUIET_DAYS else 0


def high_pain(s: Snapshot) -> bool:
    """Was the last report, in the last 7 days, above 5/10 anywhere?"""
    recent = s.last_report is not None and (s.today - s.last_report).days < WINDOW_DAYS
    return recent and s.last_pain is not None and s.last_pain >= HIGH_PAIN


def rising_pain(s: Snapshot) -> tuple[str, int, int] | None:
    """The week's steepest rising pain, morning, running, walking or at rest (ties: in that
    order): (which, from, to); None if none rises."""
    rises = [
        (word, *rise)
        for word, scores, least in (
            ("morning pain", s.morning, 1),
            ("running pain", s.running, RISE_FROM_LOW),
            ("walking pain", s.walking, RISE_FROM_LOW),
            ("pain at rest", s.rest, RISE_FROM_LOW),
        )
        for rise in [_rise(scores, least)]
        if rise is not None
    ]
    return max(rises, key=lambda r: r[2] - r[1], default=None)


def _rise(scores: tuple[int, ...], least: int = 1) -> tuple[int, int] | None:
    """One pain rising over the week: (from, to) when the latest is `least` or more above the
    first, or 2 or more above the lowest before it (1, 1, 2, 3, 4 after a bad first morning);
    None if not. Morning pain counts from 1 up; pain during a run, a walk or at rest may move a
    point within what the plan allows, so it counts from 2 up."""
    if len(scores) < 2:
        return None
    latest, low = scores[-1], min(scores[:-1])
    if latest >= scores[0] + least:
        return scores[0], latest
    if latest >= low + RISE_FROM_LOW:
        return low, latest
    return None


def pick(plans: list[Snapshot]) -> Snapshot | None:
    """Choose the plan an athlete is ranked by: the most urgent current one (not archived,
    then not complete), one with a red flag reported this week before one stopped for another
    reason (a plan that needs a professional from its first day must not hide a new flag on
    another), then the newest (first given) among equals; None without plans."""
    return min(
        plans,
        key=lambda s: (
            s.archived,
            s.status == "complete",
            NEEDS.index(need(s)),
            not s.red_flag,
        ),
        default=None,
    )


def reason(s: Snapshot) -> str:
    """Say in a few words why an athlete has their need: which flag, which pain, how much; and
    how long they have been silent, when that is a signal too."""
    why = _why(s)
    days = silence(s)
    if not days or need(s) == "quiet":  # the quiet say so already
        return why
    silent = f"no report for {days} days" if days < NEVER else "no report yet"
    return f"{why}; {silent}" if why else silent


def _why(s: Snapshot) -> str:
    kind = need(s)
    if kind == "red":
        flags = ", ".join(RED_FLAGS[f].label.lower() for f in s.flags if f in RED_FLAGS)
        if flags:
            return f"{'Stopped: ' if s.status == 'halted' else 'Red flag: '}{flags}"
        return "Plan stopped: see a professional"
    if kind == "pain":
        if s.advised:
            return "told to see a professional this week"
        if high_pain(s):
            return f"pain {s.last_pain}/10 in the last report"
        rise = rising_pain(s)
        if rise:
            return f"{rise[0]} {rise[1]} → {rise[2]}/10"
        return "stepped back for pain this week"
    if kind == "missed" and s.adherence is not None:
        return f"{round(s.adherence * 100)}% done in 7 days"
    if kind == "quiet":
        return (
            f"last report {(s.today - s.last_report).days} days ago"
            if s.last_report
            else "no report yet"
        )
    if kind == "no_report" and s.first_day and s.first_day > s.today:
        return f"the plan starts {short_date(s.first_day)}"
    if kind == "ok" and s.cleared:
        return f"red flag cleared {short_date(s.cleared)}"
    return ""


def red_order(s: Snapshot) -> int:
    """Order the red among themselves: days since the latest red event, today's first; a plan
    stopped from its first day, with no fresh flag, after them. 0 for the other needs."""
    if need(s) != "red":
        return 0
    return (s.today - s.red_since).days if s.red_since else STANDING


def rank(snapshots: list[Snapshot]) -> list[Snapshot]:
    """Sort by need; among the red the latest red event first; then the longest silent first
    (3 days or more), then by name."""

    def key(s: Snapshot) -> tuple[Any, ...]:
        return (
            NEEDS.index(need(s)),
            red_order(s),
            -silence(s),
            s.name.lower(),
            s.athlete_id,
        )

    return sorted(snapshots, key=key)


def matching(snapshots: list[Snapshot], wanted: str | None, query: str) -> list[Snapshot]:
    """Keep, in order, the athletes with the wanted need (any when None; "quiet": everyone
    silent 3 days or more, whatever their need) whose name holds the query, in any case."""
    query = query.strip().lower()
    return [s for s in snapshots if has_need(s, wanted) and query in s.name.lower()]


def has_need(s: Snapshot, wanted: str | None) -> bool:
    """Does the athlete show under this need's filter (any when None)?"""
    if wanted == "quiet":
        return silence(s) > 0
    return wanted is None or need(s) == wanted


def snapshot(
    athlete_id: int,
    name: str,
    plan_id: int | None,
    plan: Plan | None,
    log: Log | None,
    today: date,
    made: date | None = None,
) -> Snapshot:
    """Read an athlete's signals from their built plan and log as of today; `made` is the day
    the plan was made (in the athlete's zone): days before it were never theirs to tick."""
    if plan is None or log is None:
        return Snapshot(athlete_id, name, today)
    since = today - timedelta(days=WINDOW_DAYS)
    recent = [r for r in log.reports if since < r.date <= today]
    mistaken = {(r.date, r.flag) for r in log.retractions}  # recorded as a mistake: no signal
    reported = [(r.date, f) for r in recent for f in r.flags if (r.date, f) not in mistaken]
    cleared = {(on, f): _clearance_of(on, log, today) for on, f in reported}
    live = [(on, f) for on, f in reported if cleared[(on, f)] is None]
    flags = tuple(dict.fromkeys(f for _, f in live))
    referred = plan.protocol == Protocol.REFER  # stopped from its first day: no red event
    events = [on for on, _ in live] + ([] if referred else [_stopped_since(plan, today)])
    last = log.reports[-1] if log.reports else None
    day = plan.day_on(today)
    return Snapshot(
        athlete_id,
        name,
        today,
        plan_id=plan_id,
        condition=plan.spec.condition,
        status=plan.status.value,
        phase=day.phase.value if day else None,
        stage=day.stage if day else None,
        last_report=last.date if last else None,
        last_pain=_highest(last) if last else None,
        adherence=adherence(plan, log, today, made),
        last_pain_kind=_highest_kind(last) if last else None,
        flags=flags,
        next_session=_next_session(plan, today),
        first_day=plan.spec.first_day,
        made=made,
        red_flag=bool(flags),
        red_since=max((on for on in events if on is not None), default=None),
        cleared=max((on for on in cleared.values() if on is not None), default=None),
        red_session=any(
            d.rule in RED_SESSION_RULES and since < d.date <= today for d in plan.decisions
        ),
        advised=any(
            d.rule in SEE_SOMEONE_RULES and since < d.date <= today for d in plan.decisions
        ),
        morning=tuple(r.pain_morning for r in recent if r.pain_morning is not None),
        running=tuple(r.pain_running for r in recent if r.pain_running is not None),
        walking=tuple(r.pain_walking for r in recent if r.pain_walking is not None),
        rest=tuple(r.pain_rest for r in recent if r.pain_rest is not None),
        trend=tuple(
            p
            for r in log.reports
            if (today - r.date).days < TREND_DAYS
            for p in [_highest(r)]
            if p is not None
        ),
    )


def adherence(plan: Plan, log: Log, today: date, made: date | None = None) -> float | None:
    """Return the share of items due in the 7 days before today that were ticked off (none
    before the plan was made: a plan started back-dated has no missed days yet)."""
    ticked = {(c.date, c.item) for c in log.completions}
    first = today - timedelta(days=WINDOW_DAYS)
    if made is not None:
        first = max(first, made)
    due = [
        (d.date, i.key)
        for d in plan.days
        if first <= d.date < today and not d.projected
        for i in d.items
        if i.tickable
    ]
    if not due:
        return None
    return sum(1 for pair in due if pair in ticked) / len(due)


def _clearance_of(flagged: date, log: Log, today: date) -> date | None:
    """The day a clinician cleared a red flag reported that day: a clearance on or after it, by
    today, lifts it from the next day on (a day's entries have no order), as the engine does."""
    if flagged >= today:
        return None
    return next((c.date for c in log.all_clearances() if flagged <= c.date <= today), None)


def _stopped_since(plan: Plan, today: date) -> date | None:
    """The day the plan's current stop began; None while it runs."""
    if plan.status != Status.HALTED:
        return None
    since, on = None, today
    while (day := plan.day_on(on)) is not None and day.phase == Phase.HALTED:
        since, on = on, on - timedelta(days=1)
    return since


def _next_session(plan: Plan, today: date) -> date | None:
    return next(
        (
            d.date
            for d in plan.days
            if d.date >= today and any(i.kind in RUNNING_KINDS for i in d.items)
        ),
        None,
    )


PAIN_WORDS = {
    "pain_morning": "morning pain",
    "pain_running": "running pain",
    "pain_walking": "walking pain",
    "pain_rest": "pain at rest",
}  # ties: the first


def _highest_kind(report: Report) -> str | None:
    scores = [
        (score, word)
        for name, word in PAIN_WORDS.items()
        for score in [getattr(report, name)]
        if score is not None
    ]
    return max(scores, key=lambda pair: pair[0])[1] if scores else None


def _highest(report: Report) -> int | None:
    scores: list[int] = [p for p in (getattr(report, n) for n in PAIN_FIELDS) if p is not None]
    return max(scores) if scores else None


def sparkline(values: tuple[int, ...], width: int = 80, height: int = 20) -> str:
    """Return SVG polyline points for pain scores 0-10 spread across the width."""
    if not values:
        return ""
    step = width / max(len(values) - 1, 1)
    return " ".join(
        f"{round(i * step, 1)},{round(height - v / 10 * height, 1)}" for i, v in enumerate(values)
    )


def snapshots(coach_id: int, only: int | list[int] | None = None) -> list[Snapshot]:
    """Load the roster (or only one athlete of it, or those listed) in four queries at most;
    build only the plans no cache holds. Each athlete shows as their most urgent current plan
    (`pick`)."""
    if isinstance(only, list) and len(only) > MANY:  # the whole roster, in one short query
        listed = set(only)
        entries = [e for e in store.roster.roster_of(coach_id) if e[1].id in listed]
    else:
        entries = store.roster.roster_of(coach_id, only)
    of_athlete = _of_athletes(entries)
    return [
        replace(
            pick(of_athlete.get(user.id, []))
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
        everyone = matching(rank(snapshots(coach_id)), wanted, query)
        pages = max(1, -(-len(everyone) // size))
        number = min(max(1, number), pages)
        shown = everyone[(number - 1) * size : number * size]
        return Page(shown, number, pages, len(everyone), size)
    silent = wanted == "quiet"  # everyone silent 3 days or more, whatever their need
    need_index = NEEDS.index(wanted) if wanted in NEEDS and not silent else None
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
        return rank(snapshots(coach_id))
    return [_loaded(row) for row in store.roster_rows.rows_of(coach_id)]


def _stored(s: Snapshot, wanted: int) -> dict[str, Any]:
    kind = need(s)
    data = {k: v for k, v in asdict(s).items() if k in STORED}
    for k in DATES:
        data[k] = data[k].isoformat() if data[k] else None
    return {
        "athlete_id": s.athlete_id,
        "built": wanted,
        "valid_for": s.today,
        "name": s.name,
        "name_key": s.name.lower(),
        "need": NEEDS.index(kind),
        "rank_in_need": red_order(s),
        "silent": -silence(s),
        "data": json.dumps(data, separators=(",", ":")),
    }


def _loaded(row: Any) -> Snapshot:
    data = json.loads(row.data)
    for k in DATES:  # a row stored before a date was kept has none
        data[k] = date.fromisoformat(data[k]) if data.get(k) else None
    for k in ("morning", "running", "walking", "rest", "trend", "flags"):
        data[k] = tuple(data.get(k, ()))  # a row stored before a pain was kept has none
    return Snapshot(row.athlete_id, row.name, row.valid_for, managed=bool(row.managed), **data)
