"""Recorded activities as evidence: what was actually run, and what a run off the plan means.

A recorded run counts as the day's session done. It never earns a bigger plan: the single-run
cap reads a recorded run only up to what was planned that day, and a run on a day without one,
or much longer than planned, is explained (rules `unplanned_run`, `run_spike`). What was run
beyond the plan still counts as running in the 7 days around it: the rolling caps of the bridge
and the ramp (planner.bridge, planner.days) read each past day as planned, or as recorded when
more, so the runs after it are trimmed or left out (a planned walk-run's recording counts its
running, not its walk breaks). Cycling and swimming are cross-training, never running.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from planner import protocol as P
from planner.model import CROSS_TRAINING, Activity, Actual, Day, PlanSpec, Sport
from planner.rules import Rule
from planner.state import Context
from planner.wording import day_ref, minutes_text, percent


def by_day(activities: Iterable[Activity], as_of: date) -> dict[date, tuple[Activity, ...]]:
    """Group the activities known on `as_of` by their date, each id once, in id order."""
    seen: dict[str, Activity] = {}
    for activity in activities:
        if activity.date <= as_of:
            seen.setdefault(activity.id, activity)
    days: dict[date, list[Activity]] = {}
    for activity in sorted(seen.values(), key=lambda a: (a.date, a.id)):
        days.setdefault(activity.date, []).append(activity)
    return {when: tuple(found) for when, found in days.items()}


def runs(found: Iterable[Activity]) -> list[Activity]:
    """Return the runs among a day's activities."""
    return [a for a in found if a.sport == Sport.RUN]


def actual(spec: PlanSpec, found: tuple[Activity, ...]) -> Actual | None:
    """Return what a day's activities add up to, in the plan's unit; None without activities."""
    if not found:
        return None
    ran = runs(found)
    km = [a.distance_km for a in ran if a.distance_km is not None]
    distance: float | None = None
    if spec.unit != "min" and (km or not ran):
        total = sum(km) / (P.KM_PER_MI if spec.unit == "mi" else 1.0)
        distance = round(total, 2)
    cross = sum(a.moving_minutes for a in found if a.sport in CROSS_TRAINING)
    return Actual(
        run_minutes=round(sum(a.moving_minutes for a in ran), 1),
        run_distance=distance,
        cross_train_minutes=round(float(cross), 1),
    )


def session_minutes(stage: str | None, run_minutes: float) -> float:
    """Return a planned session's length with its walk breaks (what a recording's moving time is)."""
    found = P.STAGES[P.stage_index(stage)] if stage else None
    if run_minutes and found is not None and not found.continuous:
        return run_minutes * (found.run + found.walk) / found.run
    return run_minutes


def planned_session(day: Day) -> float:
    """Return a planned day's session length with its walk breaks, to the tenth of a minute."""
    return round(session_minutes(day.stage, day.run_minutes), 1)


def counted_run(stage: str | None, planned: float, found: tuple[Activity, ...]) -> float:
    """Return the minutes a run day adds to the single-run cap: as recorded, never above the plan.

    A walk-run's recording holds its walk breaks too: its running is its moving time's run share.
    """
    moving = sum(a.moving_minutes for a in runs(found))
    if not moving:
        return planned
    return min(planned, run_share(stage, planned, moving))


def ran(day: Day) -> float:
    """Return the running a past day's recordings hold: a planned walk-run's share of their
    moving time; a run off the plan counts whole (its walk breaks, if any, are not known)."""
    if day.actual is None:
        return 0.0
    return run_share(*_run_of(day), day.actual.run_minutes)


def _run_of(day: Day) -> tuple[str | None, float]:
    """Return the stage and running minutes of a day's run: as planned, or as done before a
    stop that day (the stopped day plans none)."""
    if day.ran_before_stop:
        return day.stage_before_stop, day.ran_before_stop
    return day.stage, day.run_minutes


def run_share(stage: str | None, planned: float, moving: float) -> float:
    """Return the running in a recording's moving time: for a planned walk-run, the plan's
    share of running in its session; for anything else, all of it."""
    session = session_minutes(stage, planned)
    return moving * planned / session if session else moving


def held(day: Day) -> float:
    """Return the running a day puts in its rolling weeks: as planned (or done before a stop
    that day), or as run when more."""
    return max(day.run_minutes + day.ran_before_stop, ran(day))


def beyond_plan(days: Iterable[Day]) -> list[Day]:
    """Return the days whose recorded running went beyond the plan."""
    return [day for day in days if ran(day) > day.run_minutes + day.ran_before_stop]


def beyond_key(beyond: list[Day]) -> str:
    """A decision key's part that differs once running beyond the plan is what binds, so the
    decision is said again, naming it."""
    return f":ran:{beyond[-1].date}" if beyond else ""


def said_beyond(days: list[Day]) -> str:
    """Name what was run beyond the plan: "you ran 30 min on Monday 30 March, where the plan had 20 min"."""
    return "; ".join(_said_beyond(day) for day in days)


def _said_beyond(day: Day) -> str:
    stage, done = _run_of(day)
    walks = " (walk breaks aside)" if session_minutes(stage, done) > done else ""
    planned = minutes_text(done) if done else "no run"
    return f"you ran {minutes_text(ran(day))}{walks} on {day_ref(day.date)}, where the plan had {planned}"


def explain(b: Context, day: Day) -> None:
    """Say what a recorded run off the plan means: a run on a day without one, or a spike."""
    found = b.activities.get(day.date, ())
    ran = runs(found)
    if not ran or day.date > b.as_of or day.ran_before_stop:
        return  # the day a stop began: the run was the plan's, done before it
    moving = recorded_minutes(b, day.date)
    if not day.run_minutes:
        report = b.reports.get(day.date)
        told = report is not None and report.pain_running is not None
        if b.state.halted or b.state.test_passed or not told:
            b.decide(day.date, Rule.UNPLANNED_RUN, _unplanned(b, day.date, moving))
        return  # before the test, a reported run's pain says it, with its minutes (pains.py)
    planned = planned_session(day)
    if moving > planned * P.SINGLE_RUN_CAP:
        b.decide(
            day.date,
            Rule.RUN_SPIKE,
            (
                f"You ran {minutes_text(moving)} on {day_ref(day.date)}, where the plan had {minutes_text(planned)}: more than "
                f"{percent(P.SINGLE_RUN_CAP)} of a planned run is a spike, and spikes raise the risk of a new injury. "
                "The plan counts the session as done but does not grow because of it: keep to the planned minutes."
            ),
        )


def recorded_minutes(b: Context, when: date) -> float:
    """The minutes of running a watch recorded on `when` (0 when none)."""
    return sum(a.moving_minutes for a in runs(b.activities.get(when, ())))


def _unplanned(b: Context, when: date, moving: float) -> str:
    if b.state.halted is not None:
        return (
            f"You ran {minutes_text(moving)} on {day_ref(when)} while the plan is stopped: see a doctor or "
            "physiotherapist before running again. The plan does not resume because of it."
        )
    if not b.state.test_passed:
        return (
            f"You ran {minutes_text(moving)} on {day_ref(when)}, before the pain-free test: running is not part "
            "of the plan yet. It does not count as the test and the plan does not grow because of it; "
            "report any pain so the plan can react."
        )
    return (
        f"You ran {minutes_text(moving)} on {day_ref(when)}, a day without a planned run: the plan does not "
        "grow because of it, and rest days between runs are part of the return, so keep them."
    )
