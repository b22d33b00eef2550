"""The coach's dashboard as plain data: each athlete's signals, and the order of need.

No Flask and no database here: `snapshot` reads a built plan and its log, `rank` sorts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from planner.model import RUNNING_KINDS, ItemKind, Log, Plan, Report
from web import cache, store
from web.cache import keys
from web.core import clock
from web.services import builds
from web.store.models import PlanRow

WINDOW_DAYS = 7  # rising pain and adherence look back this far
QUIET_DAYS = 3  # no report for this many days is a signal
MIN_ADHERENCE = 0.8  # below this share of items ticked off, sessions count as missed
TREND_DAYS = 14  # the sparkline's span
RED_SESSION_RULES = frozenset(
    {"red_step_back", "red_drop_back", "two_reds", "bone_pain_step_back", "bone_repeat_failure"}
)
UNTICKABLE = frozenset({ItemKind.REFERRAL, ItemKind.NOTE})

NEEDS = ("red", "pain", "missed", "quiet", "no_plan", "ok")  # most urgent first
NEED_LABELS = {
    "red": "Red flag or stopped",
    "pain": "Rising pain",
    "missed": "Missed sessions",
    "quiet": "No report for 3+ days",
    "no_plan": "No plan yet",
    "ok": "On track",
}


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
    red_flag: bool = False  # a red flag reported in the last 7 days
    red_session: bool = False  # the engine stepped back for pain in the last 7 days
    morning: tuple[int, ...] = ()  # morning pain in the last 7 days, oldest first
    trend: tuple[int, ...] = ()  # highest pain per report over the last 14 days


def need(s: Snapshot) -> str:
    """Name the most urgent signal of one athlete."""
    if s.plan_id is None:
        return "no_plan"
    if s.status == "halted" or s.red_flag:
        return "red"
    if s.red_session or (len(s.morning) >= 2 and s.morning[-1] > s.morning[0]):
        return "pain"
    if s.adherence is not None and s.adherence < MIN_ADHERENCE:
        return "missed"
    if s.status == "active" and (
        s.last_report is None or (s.today - s.last_report).days >= QUIET_DAYS
    ):
        return "quiet"
    return "ok"


def rank(snapshots: list[Snapshot]) -> list[Snapshot]:
    """Sort by need, then by name; the longest silent first among the quiet."""

    def key(s: Snapshot) -> tuple[Any, ...]:
        silent = (s.today - s.last_report).days if s.last_report else 10_000
        return (
            NEEDS.index(need(s)),
            -silent if need(s) == "quiet" else 0,
            s.name.lower(),
            s.athlete_id,
        )

    return sorted(snapshots, key=key)


def matching(snapshots: list[Snapshot], wanted: str | None, query: str) -> list[Snapshot]:
    """Keep, in order, the athletes with the wanted need (any when None) whose name holds the
    query, in any case."""
    query = query.strip().lower()
    return [
        s for s in snapshots if (wanted is None or need(s) == wanted) and query in s.name.lower()
    ]


def snapshot(
    athlete_id: int, name: str, plan_id: int | None, plan: Plan | None, log: Log | None, today: date
) -> Snapshot:
    """Read an athlete's signals from their built plan and log as of today."""
    if plan is None or log is None:
        return Snapshot(athlete_id, name, today)
    since = today - timedelta(days=WINDOW_DAYS)
    recent = [r for r in log.reports if since < r.date <= today]
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
        adherence=adherence(plan, log, today),
        next_session=_next_session(plan, today),
        red_flag=any(r.flags for r in recent),
        red_session=any(
            d.rule in RED_SESSION_RULES and since < d.date <= today for d in plan.decisions
        ),
        morning=tuple(r.pain_morning for r in recent if r.pain_morning is not None),
        trend=tuple(
            p
            for r in log.reports
            if (today - r.date).days < TREND_DAYS
            for p in [_highest(r)]
            if p is not None
        ),
    )


def adherence(plan: Plan, log: Log, today: date) -> float | None:
    """Return the share of items due in the 7 days before today that were ticked off."""
    ticked = {(c.date, c.item) for c in log.completions}
    due = [
        (d.date, i.key)
        for d in plan.days
        if today - timedelta(days=WINDOW_DAYS) <= d.date < today and not d.projected
        for i in d.items
        if i.kind not in UNTICKABLE
    ]
    if not due:
        return None
    return sum(1 for pair in due if pair in ticked) / len(due)


def _next_session(plan: Plan, today: date) -> date | None:
    return next(
        (
            d.date
            for d in plan.days
            if d.date >= today and any(i.kind in RUNNING_KINDS for i in d.items)
        ),
        None,
    )


def _highest(report: Report) -> int | None:
    scores = [
        p
        for p in (report.pain_rest, report.pain_walking, report.pain_running, report.pain_morning)
        if p is not None
    ]
    return max(scores) if scores else None


def sparkline(values: tuple[int, ...], width: int = 80, height: int = 20) -> str:
    """Return SVG polyline points for pain scores 0-10 spread across the width."""
    if not values:
        return ""
    step = width / max(len(values) - 1, 1)
    return " ".join(
        f"{round(i * step, 1)},{round(height - v / 10 * height, 1)}" for i, v in enumerate(values)
    )


def snapshots(coach_id: int, only: int | None = None) -> list[Snapshot]:
    """Load the roster (or only one athlete of it) in four queries at most; build only the
    plans no cache holds."""
    entries = store.roster.roster_of(coach_id, only)
    latest: dict[int, PlanRow] = {}
    for row in store.plans.plans_of_many([user.id for _, user in entries]):
        latest.setdefault(row.owner_id, row)
    athletes = [
        (user.id, entry.name, latest.get(user.id), clock.today_in(user.timezone))
        for entry, user in entries
    ]
    kept = cache.snapshots()
    wanted_keys = [
        keys.snapshot_key(row, today, athlete_id, name) if row else None
        for athlete_id, name, row, today in athletes
    ]
    found = [kept.get(key) if key else None for key in wanted_keys]
    todo = [i for i, key in enumerate(wanted_keys) if key and found[i] is None]
    wanted = [(row, today) for i in todo for _, _, row, today in [athletes[i]] if row]
    for i, (log, plan) in zip(todo, builds.built_many(wanted), strict=True):
        athlete_id, name, found_row, today = athletes[i]
        assert found_row is not None  # only athletes with a plan have a key
        found[i] = snapshot(athlete_id, name, found_row.id, plan, log, today)
        kept.put(wanted_keys[i], found[i])
    managed = {user.id: bool(entry.managed) for entry, user in entries}
    return [
        replace(snap or Snapshot(athlete_id, name, today), managed=managed[athlete_id])
        for snap, (athlete_id, name, _, today) in zip(found, athletes, strict=True)
    ]
