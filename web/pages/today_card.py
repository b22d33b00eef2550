"""What Today's session card, pain chips, ticks off the list and phase timeline show, read
from the built plan: the page only lays these out (the banner of what changed:
web/pages/today_banner.py). Every number comes from planner (protocol, stages, the condition's
pain ceiling); the words here only name them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner import conditions, exercises, pains
from planner import protocol as P
from planner.model import Day, ItemKind, Phase, Plan, Protocol, Report

OPTIONAL = frozenset({ItemKind.REFERRAL, ItemKind.REST, ItemKind.CROSS_TRAIN})  # not timed
RUNS = frozenset({ItemKind.RUN, ItemKind.RUN_WALK, ItemKind.TEST})
TEST = "Pain-free test"  # the session's name on the card
# An exercise dose says sets and reps, not minutes: this is what one takes, rests included.
EXERCISE_MINUTES = (3, 5)
_MINUTES = re.compile(r"^(\d+)(?:–(\d+))? min\b")
_EACH = re.compile(r"^(\d+) min each: (.+)$")


@dataclass(frozen=True)
class Segment:
    kind: str  # "run" or "walk"
    minutes: float


@dataclass(frozen=True)
class Session:
    """A day's run: its segments, the same in words, and the pain that stops it."""

    what: str  # "Walk-run", "Easy run", "Pain-free test"
    segments: tuple[Segment, ...]
    words: str  # "6 × 3 min run / 1 min walk"
    minutes: float  # running and walking, start to finish


@dataclass(frozen=True)
class PainBands:
    """Pain scores 0..green are fine, ..amber hold the plan, above amber step it back."""

    green: int
    amber: int

    def colour(self, score: int) -> str:
        return "green" if score <= self.green else "amber" if score <= self.amber else "red"


@dataclass(frozen=True)
class Card:
    heading: str
    session: Session | None
    bands: PainBands
    done: int
    total: int
    minutes: tuple[int, int]  # the day's time needed, low to high
    next_run: Day | None
    next_session: Session | None
    after: str = ""  # a run the next morning judges too: "test" or "run" ("" for none)
    during: int | None = None  # its pain while running, once reported today within the limits

    @property
    def testing(self) -> bool:
        """Is today's run the pain-free test? The runs after it come only once it passes."""
        return self.session is not None and self.session.what == TEST


def pain_bands(plan: Plan, day: Day | None = None) -> PainBands:
    """Bone: any pain at the site is too much; tendon: the pain-monitoring model, but on the
    pain-free test's day no score holds: above the safe pain the test steps the plan back."""
    if plan.protocol == Protocol.BONE:
        return PainBands(0, 0)
    if day is not None and any(item.kind == ItemKind.TEST for item in day.items):
        return PainBands(P.TENDON_SAFE_PAIN, P.TENDON_SAFE_PAIN)
    condition = conditions.CATALOG.get(plan.spec.condition)
    ceiling = condition.pain_ceiling if condition else P.TENDON_SAFE_PAIN
    return PainBands(P.TENDON_SAFE_PAIN, ceiling)


def session_of(day: Day) -> Session | None:
    """Return a day's run as segments (a scaled bridge session has fewer repeats), or None."""
    run = next((item for item in day.items if item.kind in RUNS), None)
    if run is None or not day.run_minutes:
        return None
    if run.kind == ItemKind.RUN_WALK and day.stage:
        stage = P.STAGES[P.stage_index(day.stage)]
        repeats = int(day.run_minutes // stage.run)
        segments = tuple(
            Segment(kind, minutes)
            for _ in range(repeats)
            for kind, minutes in (("run", stage.run), ("walk", stage.walk))
        )
        words = f"{repeats} × {stage.run:g} min run / {stage.walk:g} min walk"
        return Session("Walk-run", segments, words, repeats * (stage.run + stage.walk))
    what = TEST if run.kind == ItemKind.TEST else "Easy run"
    words = f"{day.run_minutes:g} min " + ("slow jog" if run.kind == ItemKind.TEST else "easy run")
    return Session(what, (Segment("run", day.run_minutes),), words, day.run_minutes)


def heading(plan: Plan, day: Day) -> str:
    """Name the day's phase in plain words: "Walk-run, stage 3 of 8", not the engine's rule."""
    resting = "" if day.is_run_day else ": a day off running"
    if day.phase == Phase.REST:
        return "Rest and observe"
    if day.phase == Phase.REHAB:
        if "clearance" in day.headline:
            return "Gentle rehab, waiting for a clinician's clearance"
        return (
            "Gentle rehab before the pain-free test"
            if day.day > P.REHAB_LAST_DAY
            else "Gentle rehab"
        )
    if day.phase == Phase.TEST:
        return "Pain-free test"
    if day.phase == Phase.WALK_RUN and day.stage:
        first = min(P.stage_index(d.stage) for d in plan.days if d.stage)
        number = P.stage_index(day.stage) - first + 1
        return f"Walk-run, stage {number} of {len(P.STAGES) - first}{resting}"
    if day.phase == Phase.RAMP:
        return f"Building back up, week {day.ramp_week}{resting}"
    if day.phase == Phase.COMPLETE:
        return "Back to your usual running"
    if P.needs_care_today(day.items):  # as the stop card says below it
        return f"Plan stopped: get care {P.care_when(day.items)}"
    return "Plan stopped: see a professional"


def minutes_needed(day: Day, session: Session | None) -> tuple[int, int]:
    """Add up the day's time, low to high: the session, timed items, and each exercise."""
    low = high = session.minutes if session else 0.0
    for item in day.items:
        if item.kind in RUNS or item.kind in OPTIONAL:
            continue
        each, timed = _EACH.match(item.dose), _MINUTES.match(item.dose)
        if each:
            count = len(each.group(2).split(","))
            low, high = low + int(each.group(1)) * count, high + int(each.group(1)) * count
        elif timed:
            low, high = low + int(timed.group(1)), high + int(timed.group(2) or timed.group(1))
        elif item.kind == ItemKind.EXERCISE:
            low, high = low + EXERCISE_MINUTES[0], high + EXERCISE_MINUTES[1]
    return round(low), round(high)


def card(plan: Plan, day: Day, done: set[str], report: Report | None = None) -> Card:
    """Return the session card of a plan day (`report`: the day's, if any)."""
    tickable = [item.key for item in day.items if item.tickable]
    following = next((d for d in plan.days if d.date > day.date and d.is_run_day), None)
    session = session_of(day)
    bands = pain_bands(plan, day)
    return Card(
        heading=heading(plan, day),
        session=session,
        bands=bands,
        done=sum(1 for key in tickable if key in done),
        total=len(tickable),
        minutes=minutes_needed(day, session),
        next_run=following,
        next_session=session_of(following) if following else None,
        **after_run(plan, day, session, bands, report),
    )


def after_run(
    plan: Plan, day: Day, session: Session | None, bands: PainBands, report: Report | None
) -> dict[str, Any]:
    """What to report after a run the engine judges by its pain and the next morning's (SPEC
    3.3): the pain-free test and every bridge stage on the tendon rules, every run on the bone
    rules. `after` names it ("test" or "run", "" for none); `during` is its pain while running
    once reported today within the limits. Nothing once the run, or the pain at rest or
    walking, is above them: the banner says what that did."""
    if session is None or not (
        session.what == TEST or day.phase == Phase.WALK_RUN or plan.protocol == Protocol.BONE
    ):
        return {}
    after = "test" if session.what == TEST else "run"
    during = report.pain_running if report is not None else None
    if report is not None and _held(plan, report):
        return {}
    if during is None:
        return {"after": after}
    return {"after": after, "during": during} if during <= bands.green else {}


def _held(plan: Plan, report: Report) -> bool:
    """Pain at rest or walking above what lets a run pass (bone: any; planner/pains.py)."""
    if plan.protocol == Protocol.BONE:
        return bool(report.pain_rest or report.pain_walking)
    return bool(pains.above_limit(report))


# -- ticks the day's list no longer holds -------------------------------------------------------


def off_list(plan: Plan, day: Day | None, done: set[str]) -> tuple[str, ...]:
    """What was ticked on a day that its list no longer holds (a report changed the day, say):
    what was done stays on the record and in sight, named as the plan names it elsewhere."""
    if day is None:
        return ()
    gone = done - {item.key for item in day.items}
    if not gone:  # nearly always: no walk through the plan's days
        return ()
    titles = {i.key: i.title for d in plan.days for i in d.items if i.key in gone}
    return tuple(titles.get(key) or _named(key) for key in sorted(gone))


def _named(key: str) -> str:
    exercise = exercises.LIBRARY.get(key.removeprefix("ex:"))
    return exercise.name if exercise else key.replace("-", " ").capitalize()


# -- the way back ------------------------------------------------------------------------------

TIMELINE = (
    (Phase.REST, "Rest"),
    (Phase.REHAB, "Rehab"),
    (Phase.TEST, "Test"),
    (Phase.WALK_RUN, "Walk-run"),
    (Phase.RAMP, "Ramp"),
    (Phase.COMPLETE, "Full volume"),
)


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "now" or "next"
    starts: date | None  # the first plan day of this phase (projected ones included)


@dataclass(frozen=True)
class Timeline:
    steps: tuple[Step, ...]
    back: date | None  # the first day at full volume as the plan stands (None: no running ahead)


def timeline(plan: Plan, day: Day | None) -> Timeline | None:
    """Return the phases in order with where the runner is; None for a stopped plan."""
    if day is None or day.phase == Phase.HALTED:
        return None
    order = [phase for phase, _ in TIMELINE]
    now = order.index(day.phase)
    starts: dict[Phase, date] = {}
    for d in plan.days:
        starts.setdefault(d.phase, d.date)
    steps = tuple(
        Step(label, "done" if i < now else "now" if i == now else "next", starts.get(phase))
        for i, (phase, label) in enumerate(TIMELINE)
    )
    last = plan.days[-1].date  # a plan that ends in the ramp: its last projected day
    if Phase.COMPLETE not in starts and not any(d.run_minutes for d in plan.days[-7:]):
        # no running ahead (a clearance awaited): the plan's last day is no estimate of anything
        return Timeline(steps, None)
    return Timeline(steps, starts.get(Phase.COMPLETE, last))


def expected_back(plan: Plan, today: date) -> date | None:
    """Return the date back to the usual week that the way back shows on `today`, if any."""
    way = timeline(plan, plan.day_on(today))
    return way.back if way else None
