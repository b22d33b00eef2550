"""Where the runner stands while a plan is built, and what the day and rule modules may ask of it.

The engine (planner/engine.py) walks the plan day by day and owns a `State`; the modules that
hold the rules (days, ramp, bridge, halts, pains, prompts) see the engine only through the
`Context` protocol below, so none of them imports the engine and the engine imports all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Protocol

from planner import protocol as P
from planner.model import (
    Activity,
    Clearance,
    Condition,
    Day,
    Decision,
    Item,
    Phase,
    PlanSpec,
    Report,
)
from planner.model import Protocol as Rules
from planner.rules import Rule
from planner.sessions import Verdict

ONE_DAY = timedelta(days=1)
# The keys in `said` of a wait for the test, one per reason: a wait said for the pain at rest is
# said again when it goes on for the morning's rise, and both end when the test opens.
TEST_WAIT_KEYS = (str(Rule.TEST_WAITS), "test_waits_morning")


@dataclass
class Session:
    """A run waiting for its verdict, given the next morning."""

    when: date
    kind: str  # "test", "walk-run" or "run"


@dataclass
class State:
    """Where the runner stands; the engine updates it day by day."""

    protocol: Rules
    halted: Phase | None = None
    halt_items: tuple[Item, ...] = ()
    halt_rule: Rule | None = None  # the rule that stopped the plan: says what may lift it
    halt_since: date | None = None
    # The stop's decision, then each red flag's that joined it, with the (day, flag) each said.
    halt_decisions: tuple[tuple[Decision, frozenset[tuple[date, str]]], ...] = ()
    halt_flags: set[tuple[date, str]] = field(
        default_factory=set
    )  # (report date, flag) behind the halt
    rest_until: date | None = None  # extra rest days from running
    pain_hold_from: date | None = None  # tendon: no running from then until rest/walking settle
    hold_morning: int | None = None  # ... and the morning is back within 1 of this (a red morning)
    rehab_until: date | None = None  # back to rehab (failed test, two reds)
    bone_since: date | None = None  # when the bone rules took over (for 14 pain-free days)
    switched_on: date | None = None  # the day tender bone switched a tendon plan to them
    test_passed: bool = False
    test_failures: int = 0
    stage: int = 0
    clean: int = 0
    consolidated: int = 0  # repeats of the last stage so far (planner.bridge.consolidates)
    consolidated_volume: float = 0.0  # the last 7 days' running at the latest repeat
    failures: dict[str, int] = field(default_factory=dict)
    reds: list[date] = field(default_factory=list)
    two_reds_on: date | None = None  # the run last counted as a second red (read once more: so)
    pending: Session | None = None
    runs: list[tuple[date, float]] = field(default_factory=list)
    last_run: date | None = None
    ramp_week: int = 0
    week_start: date | None = None
    week_target: float = 0.0
    week_plan: dict[date, float] = field(default_factory=dict)  # this ramp week's runs
    week_trouble: str | None = None  # "amber" or "red" seen this ramp week
    # This ramp week's runs cut because their minutes were run ahead: the minutes, by day.
    week_ran_ahead: dict[date, float] = field(default_factory=dict)
    prev_week_volume: float = 0.0
    complete: bool = False
    improvement_checked: date | None = None
    walk_days: int = 0  # bone rest: days the brisk walk was pain-free (it grows with them)
    walk_built: date | None = None  # the first day the brisk walk was 30 min and pain-free
    bone_daily: bool = False  # bone: a ramp run reached 45 min, daily running stays allowed
    run_days_changed: date | None = None  # the last day new settings changed the run weekdays
    break_from: date | None = None  # the last run before the break the plan last stepped back for
    ran_off_plan: date | None = None  # the last run reported or recorded on a day without one
    week_after_break: bool = False  # this ramp week starts the ramp again after a break
    severe: list[date] = field(default_factory=list)  # severe run pains no clinician has seen

    def copy(self) -> State:
        """A copy that shares nothing the engine changes in place: each container is copied,
        and what they hold (dates, numbers, tuples, frozen items) never changes. A checkpoint
        takes one and a resumed build restores one: a deep copy cost ten times as much."""
        return replace(
            self,
            halt_flags=set(self.halt_flags),
            failures=dict(self.failures),
            reds=list(self.reds),
            pending=None if self.pending is None else replace(self.pending),
            runs=list(self.runs),
            week_plan=dict(self.week_plan),
            week_ran_ahead=dict(self.week_ran_ahead),
            severe=list(self.severe),
        )


class Context(Protocol):
    """What a plan under construction offers the rule modules: its inputs, state and verbs."""

    spec: PlanSpec
    as_of: date
    condition: Condition
    state: State
    baseline: float  # the usual week, in minutes
    goal: float  # the goal week, in minutes
    weekdays: frozenset[int]
    days: list[Day]  # the days built so far
    said: set[str]  # decisions made once per streak, by key
    judged: date | None
    run_anchor: date | None
    week_volume: dict[int, float]
    reports: dict[date, Report]
    first_rest_report: date | None
    clearances: list[Clearance]
    retracted: dict[tuple[date, str], date]
    activities: dict[date, tuple[Activity, ...]]

    def decide(self, when: date, rule: Rule, message: str) -> None:
        """Record a decision with its rule and sentence."""

    def halt(self, when: date, rule: Rule, message: str, items: tuple[Item, ...] = ()) -> None:
        """Stop the plan with a referral."""

    def apply(self, session: Session, verdict: Verdict, when: date) -> None:
        """Act on a session's verdict."""

    def first_stage(self, protocol: Rules) -> int:
        """Return the index of the stage the walk-run starts at under `protocol`."""
        ...

    def waiting_for_clearance(self, when: date) -> bool:
        """Return True while a high-risk bone plan waits for a clinician's clearance."""
        ...

    def latest(self, name: str, upto: date) -> int | None:
        """Return the latest reported value of a pain score on or before `upto`."""
        ...

    def last_scores(self, name: str, upto: date, count: int) -> list[int]:
        """Return the last `count` values of a pain score on or before `upto`, oldest first."""
        ...

    def reports_between(self, first: date, last: date) -> list[Report]:
        """Return the reports dated from `first` to `last`, inclusive."""
        ...

    def session_done(self, when: date, key: str) -> bool:
        """Return True when a run counts as done."""
        ...

    def bone_alternates(self) -> bool:
        """Return True while bone keeps a rest day between runs."""
        ...

    def second_red(self, when: date) -> bool:
        """Record a tendon red; return True when it is the second within 7 days."""
        ...

    def support_items(self, phase: Phase, when: date) -> list[Item]:
        """Return the day's non-running items from the exercise library."""
        ...

    def make_day(
        self,
        when: date,
        phase: Phase,
        items: list[Item],
        minutes: float = 0.0,
        headline: str = "",
        stage: str | None = None,
    ) -> Day:
        """Assemble a Day and count its running."""
        ...


def long_break(b: Context, when: date) -> tuple[date, int] | None:
    """Return the last run done before `when` (planned or not) and the days since without one,
    once they make a break (BREAK_DAYS) that the plan has not stepped back for yet; None
    otherwise. It reads the log alone, never `as_of`: the day a break is acted on stays put
    whatever day the plan is looked at."""
    s = b.state
    done = [day for day in (s.runs[-1][0] if s.runs else None, s.ran_off_plan) if day]
    last = max(done, default=None)
    if last is None or last == s.break_from:
        return None
    days = (when - last).days - 1
    return (last, days) if days >= P.BREAK_DAYS else None


def days_between(b: Context, start: date, end: date) -> list[Day]:
    """The days built so far from `start` up to `end` (not included), in order. Read from the
    end back: days are built in date order, and the weeks asked for are the latest."""
    found = []
    for day in reversed(b.days):
        if day.date < start:
            break
        if day.date < end:
            found.append(day)
    found.reverse()
    return found
