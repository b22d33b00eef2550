"""The coach's view of one plan: the `Snapshot` of an athlete's signals, read from a built plan
and its log as of a day (adherence, red flags and their clearance, when a stop began, the next
session, the highest pain). Plain data: how a snapshot ranks is web/services/roster_needs.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from planner.model import RUNNING_KINDS, Log, Phase, Plan, Protocol, Report, Status
from planner.rules import Rule
from planner.validation import PAIN_FIELDS

WINDOW_DAYS = 7  # rising pain and adherence look back this far
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
RED_SESSION_RULES = frozenset(
    {
        Rule.RED_STEP_BACK,
        Rule.RED_DROP_BACK,
        Rule.TWO_REDS,
        Rule.BONE_PAIN_STEP_BACK,
        Rule.BONE_REPEAT_FAILURE,
    }
)


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
