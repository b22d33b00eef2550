"""Small builders: plans by day number, so tests read like the protocol."""

from __future__ import annotations

from datetime import date, timedelta

from planner import build
from planner.model import (
    Activity,
    Clearance,
    Completion,
    Day,
    Log,
    Plan,
    PlanSpec,
    Report,
    Retraction,
    Sport,
)

ONSET = date(2026, 3, 2)  # a Monday: day 1


def on(day: int) -> date:
    """Return the date of a 1-based day count from onset."""
    return ONSET + timedelta(days=day - 1)


def report(day: int, **pains: object) -> Report:
    flags = tuple(pains.pop("flags", ()))  # type: ignore[arg-type]
    return Report(date=on(day), flags=flags, **pains)  # type: ignore[arg-type]


def cleared(day: int, note: str = "") -> Clearance:
    """A clinician clearance on a day of the plan."""
    return Clearance(on(day), note)


def withdrawn(day: int, flag: str, recorded: int, reason: str = "") -> Retraction:
    """The red flag reported on `day` recorded as a mistake on day `recorded`."""
    return Retraction(on(day), flag, on(recorded), reason)


def plan(
    condition: str = "achilles-tendinopathy-midportion",
    *reports: Report,
    as_of: int = 1,
    clearance: int | None = None,
    completions: tuple[Completion, ...] = (),
    clearances: tuple[Clearance, ...] = (),
    retractions: tuple[Retraction, ...] = (),
    activities: tuple[Activity, ...] = (),
    **spec: object,
) -> Plan:
    fields: dict[str, object] = {"baseline": 40.0, "unit": "km"} | spec
    the_spec = PlanSpec(condition=condition, onset=ONSET, **fields)  # type: ignore[arg-type]
    log = Log(
        reports=reports,
        completions=completions,
        clearance=None if clearance is None else on(clearance),
        clearances=clearances,
        retractions=retractions,
        activities=activities,
    )
    return build(the_spec, log, on(as_of))


def day(plan: Plan, number: int) -> Day:
    found = plan.day_on(on(number))
    assert found is not None, f"day {number} is outside the plan"
    return found


def rules(plan: Plan) -> list[str]:
    return [d.rule for d in plan.decisions]


def first(plan: Plan, predicate) -> Day:  # type: ignore[no-untyped-def]
    return next(d for d in plan.days if predicate(d))


def recorded(day: int, minutes: float, sport: str = "run", km: float | None = None) -> Activity:
    """An activity a watch recorded on a day of the plan."""
    return Activity(
        f"act-{day}-{sport}-{minutes:g}",
        on(day),
        Sport(sport),
        float(minutes),
        km,
        float(minutes) if sport == "run" else 0.0,
        f"day{day}.fit",
    )


def good_runner(condition: str, upto: int, **spec: object) -> tuple[Report, ...]:
    """Reports of a runner who follows the projected plan pain-free, every day to `upto`."""
    fields: dict[str, object] = {"baseline": 40.0, "unit": "km"} | spec
    projected = build(PlanSpec(condition=condition, onset=ONSET, **fields), Log(), ONSET)  # type: ignore[arg-type]
    runs = {d.date for d in projected.days if d.run_minutes}
    return tuple(Report(on(n), 0, 0, 0 if on(n) in runs else None, 0) for n in range(1, upto + 1))


def rolling_days(plan: Plan, index: int) -> list[Day]:
    """The days before plan.days[index] in its rolling week, as the ramp counts them: a week
    that starts again after a break counts its own days only, since the runs planned while
    nobody ran were not run (docs/protocols.md, the ramp's row: rule `long_break`)."""
    day, window = plan.days[index], plan.days[max(0, index - 6) : index]
    if "after a break" in day.headline:
        return [d for d in window if d.ramp_week == day.ramp_week]
    return window
