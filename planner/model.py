"""The vocabulary of SPEC §2 as frozen values: what a plan is made of."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from planner.rules import Rule


class Protocol(enum.StrEnum):
    TENDON = "tendon"
    BONE = "bone"
    REFER = "refer"


class Phase(enum.StrEnum):
    REST = "rest"
    REHAB = "rehab"
    TEST = "test"
    WALK_RUN = "walk_run"
    RAMP = "ramp"
    COMPLETE = "complete"
    HALTED = "halted"


class Status(enum.StrEnum):
    ACTIVE = "active"
    HALTED = "halted"
    COMPLETE = "complete"


class ItemKind(enum.StrEnum):
    REST = "rest"
    ICE = "ice"
    EXERCISE = "exercise"
    CROSS_TRAIN = "cross_train"
    WALK = "walk"
    RUN = "run"
    RUN_WALK = "run_walk"
    TEST = "test"
    REFERRAL = "referral"
    NOTE = "note"


UNITS = ("km", "mi", "min")
_Date = date  # for annotations after a field named `date` in the same class
RUNNING_KINDS = frozenset({ItemKind.RUN, ItemKind.RUN_WALK, ItemKind.TEST})


@dataclass(frozen=True)
class EarlierRoutine:
    """The routine a plan followed until its settings changed on `until`: the usual week, the
    goal, how often and on which weekdays to run, and the easy pace that made the usual week
    minutes (SPEC §3.1: the days before keep it)."""

    until: date
    baseline: float
    goal: float | None = None
    runs_per_week: int = 4
    run_days: tuple[int, ...] = ()
    easy_pace: float | None = None


@dataclass(frozen=True)
class PlanSpec:
    """What the runner told us: the injury, when it began, and how much they used to run.

    The routine fields (baseline, goal, runs_per_week, run_days) are the routine in force now;
    `earlier` holds the ones before each change of settings, oldest first (planner/routine.py).
    """

    condition: str
    onset: date
    baseline: float
    unit: str = "km"
    start: date | None = None
    goal: float | None = None
    runs_per_week: int = 4
    easy_pace: float | None = None  # minutes per unit (km or mi); None = the default pace
    run_days: tuple[int, ...] = ()  # preferred weekdays, 0 = Monday; empty = spread evenly
    earlier: tuple[EarlierRoutine, ...] = ()  # the routines before each change of settings

    @property
    def first_day(self) -> date:
        return self.start or self.onset

    @property
    def target(self) -> float:
        return self.goal if self.goal is not None else self.baseline


@dataclass(frozen=True)
class Report:
    """How it felt on one day: pain scores 0-10 and red flags (SPEC §3.6)."""

    date: date
    pain_rest: int | None = None
    pain_walking: int | None = None
    pain_running: int | None = None
    pain_morning: int | None = None
    flags: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Completion:
    """One item ticked off on its day."""

    date: date
    item: str


@dataclass(frozen=True)
class Clearance:
    """A clinician cleared running on this date; `note` says who or what (optional)."""

    date: date
    note: str = ""


@dataclass(frozen=True)
class Retraction:
    """On `recorded` the runner confirmed that the red flag `flag` reported on `date` was a mistake."""

    date: date
    flag: str
    recorded: _Date
    reason: str = ""


class Sport(enum.StrEnum):
    """What a recorded activity was (watch files name it; SPEC §5 log `activities`)."""

    RUN = "run"
    WALK = "walk"
    CYCLE = "cycle"
    SWIM = "swim"
    OTHER = "other"


CROSS_TRAINING = frozenset({Sport.CYCLE, Sport.SWIM})


@dataclass(frozen=True)
class Activity:
    """One activity a watch recorded, dated in the runner's time zone; `id` is stable per recording."""

    id: str
    date: date
    sport: Sport
    moving_minutes: float
    distance_km: float | None = None  # None when the file does not say
    longest_run_minutes: float | None = None  # longest continuous running; None when unknown
    source: str = ""

    @property
    def run_minutes(self) -> float:
        """Return the minutes this activity counts as running (0 for other sports)."""
        return self.moving_minutes if self.sport == Sport.RUN else 0.0


@dataclass(frozen=True)
class Log:
    """Everything the runner reported or ticked off, and the events that may lift a halt.

    `clearance` is the original single clearance date; it counts as one more clearance.
    """

    reports: tuple[Report, ...] = ()
    completions: tuple[Completion, ...] = ()
    clearance: date | None = None
    clearances: tuple[Clearance, ...] = ()
    retractions: tuple[Retraction, ...] = ()
    activities: tuple[Activity, ...] = ()  # recorded by a watch (rtr import)

    def all_clearances(self) -> tuple[Clearance, ...]:
        """Return every clearance, the single `clearance` field included, in date order."""
        single = (Clearance(self.clearance),) if self.clearance is not None else ()
        return tuple(sorted(single + self.clearances, key=lambda c: (c.date, c.note)))

    def standing_flags(self, by: date | None = None) -> list[tuple[date, str]]:
        """Return the (day, flag) of every red flag reported and not recorded as a mistake (by
        the day `by`, when given), in date order."""
        withdrawn = {(r.date, r.flag) for r in self.retractions if by is None or r.recorded <= by}
        return [
            (r.date, flag)
            for r in sorted(self.reports, key=lambda r: r.date)
            for flag in r.flags
            if (r.date, flag) not in withdrawn
        ]


@dataclass(frozen=True)
class Item:
    """One thing to do on a day; `key` is stable so completions survive a rebuild."""

    key: str
    kind: ItemKind
    title: str
    dose: str
    how_to: str = ""
    exercise: str | None = None

    @property
    def tickable(self) -> bool:
        """Is it ticked off when done? Notes and referrals are read, never ticked."""
        return self.kind not in (ItemKind.REFERRAL, ItemKind.NOTE)


@dataclass(frozen=True)
class Actual:
    """What the recorded activities of a day add up to; distance in the plan's unit."""

    run_minutes: float
    run_distance: float | None  # None for minute plans, or when no run recorded a distance
    cross_train_minutes: float = 0.0  # cycling and swimming


@dataclass(frozen=True)
class Day:
    date: date
    day: int  # 1-based count from onset
    phase: Phase
    stage: str | None
    projected: bool
    run_minutes: float
    run_distance: float | None
    items: tuple[Item, ...]
    headline: str = ""
    ramp_week: int | None = None  # 1-based week of the ramp, None outside it
    actual: Actual | None = None  # recorded activities on or before as-of, None without any
    # The minutes of the run done on the day a stop began, before it: history, never planned
    # running (run_minutes stays 0), so the charts and the calendar still count it done.
    ran_before_stop: float = 0.0
    stage_before_stop: str | None = None  # that run's walk-run stage: its recording's run share

    @property
    def is_run_day(self) -> bool:
        return self.run_minutes > 0


@dataclass(frozen=True)
class Decision:
    """A change the engine made: the rule's name and a sentence a runner understands."""

    date: date
    rule: Rule
    message: str


@dataclass(frozen=True)
class Plan:
    spec: PlanSpec
    as_of: date
    protocol: Protocol  # the rules in force at the end (a tendon plan may switch to bone)
    status: Status
    days: tuple[Day, ...]
    decisions: tuple[Decision, ...] = field(default=())
    # Why a halted plan is stopped: the decision that stopped it and those of the red flags
    # that joined the stop since, as of `as_of` (empty while it runs).
    stopped_by: tuple[Decision, ...] = field(default=())

    def day_on(self, when: date) -> Day | None:
        """Return the plan's day for a date, or None outside the plan."""
        index = (when - self.days[0].date).days if self.days else -1
        if 0 <= index < len(self.days):
            return self.days[index]
        return None

    def decisions_on(self, when: date) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.date == when)

    @property
    def stopped_for(self) -> Rule | None:
        """The rule that began the stop in force (a red flag, pain, a condition to refer)."""
        return self.stopped_by[0].rule if self.stopped_by else None


class Risk(enum.StrEnum):
    LOW = "low"
    HIGH = "high"


@dataclass(frozen=True)
class Condition:
    """An injury from the catalog (SPEC §4) and the rules it follows."""

    id: str
    name: str
    locations: tuple[str, ...]  # heel, arch, ball, top, inner side, outer side, back of ankle, ...
    feels: str  # how it feels, one line: the telling symptom
    tissue: str
    protocol: Protocol
    risk: Risk | None = None  # bone conditions only
    recovery_weeks: tuple[int, int] = (4, 8)
    sources: tuple[str, ...] = ()
    pain_ceiling: int = 5  # tendon: highest "acceptable" pain during activity (MTSS: 4)
    floor_only: bool = False  # insertional Achilles / bursitis: no heel drop below the step
    short_course: bool = False  # minor and caused by something fixable: the bridge starts at S6
    cause_fix: str = ""  # what removes the cause ("loosen your laces"), shown as a plan item
    # A tendon plan's high-risk bone site under the same spot ("the navicular"): pressing on the
    # bone that hurts there switches the plan to the high-risk bone rules, clearance first.
    high_risk_bone_near: str = ""
    # A condition to refer the same day ("see a doctor today: …"), said instead of booking one.
    see_today: str = ""


@dataclass(frozen=True)
class Exercise:
    """One exercise of the library (SPEC §3.5) with its seed dose."""

    id: str
    name: str
    how_to: str
    dose: str
    protocols: tuple[Protocol, ...]
    phases: tuple[Phase, ...]
    equipment: str = "none"
    progression: str | None = None  # id of the next harder exercise
    regression: str | None = None  # id of the next easier exercise
    impact: bool = False
    source: str = "seed"
