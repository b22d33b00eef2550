"""Small hand-built plans for the calendar tests: no engine needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from planner.calendar import CalendarOptions, initial_revisions, revise, to_ics
from planner.model import (
    Day,
    Decision,
    Item,
    ItemKind,
    Log,
    Phase,
    Plan,
    PlanSpec,
    Protocol,
    Report,
    Status,
)

ONSET = date(2024, 3, 4)
PLAN_ID = "p7Hq2xK9"
BASE_URL = "https://example.org"

ICE = Item("ice", ItemKind.ICE, "Ice", "15–20 min, 2–3 times a day")
ELEVATE = Item("elevate", ItemKind.REST, "Elevate the foot", "")
SCRUNCHES = Item("towel-scrunches", ItemKind.EXERCISE, "Towel scrunches", "3×15 per foot")
CALF_HOLDS = Item("calf-isometric", ItemKind.EXERCISE, "Isometric calf holds", "5×45 s")
TEST_JOG = Item("test", ItemKind.TEST, "Pain-free test jog", "10 min slow jog")
REFERRAL = Item(
    "referral",
    ItemKind.REFERRAL,
    "See a professional",
    "Get a same-day assessment (urgent care or emergency department).",
)


def options(**changes: object) -> CalendarOptions:
    """Return export options for the fixture plan, with any field changed."""
    base = CalendarOptions(name="My return to run", plan_id=PLAN_ID, base_url=BASE_URL)
    return replace(base, **changes)  # type: ignore[arg-type]


def day(
    number: int,
    phase: Phase,
    items: tuple[Item, ...] = (),
    *,
    stage: str | None = None,
    run_minutes: float = 0,
    ramp_week: int | None = None,
    headline: str = "",
    projected: bool = False,
) -> Day:
    """Return day `number` (1 = onset) of a plan."""
    return Day(
        date=ONSET + timedelta(days=number - 1),
        day=number,
        phase=phase,
        stage=stage,
        projected=projected,
        run_minutes=run_minutes,
        run_distance=None,
        items=items,
        headline=headline,
        ramp_week=ramp_week,
    )


def walk_run(number: int, stage: str, minutes: float) -> Day:
    """Return a walk-run day."""
    run = Item(f"run-walk-{stage}", ItemKind.RUN_WALK, f"Walk-run {stage}", f"{minutes:g} min")
    return day(number, Phase.WALK_RUN, (run, CALF_HOLDS), stage=stage, run_minutes=minutes)


def plan(
    days: tuple[Day, ...],
    decisions: tuple[Decision, ...] = (),
    status: Status = Status.ACTIVE,
    as_of: date | None = None,
) -> Plan:
    """Return a tendon plan made of the given days."""
    spec = PlanSpec(condition="achilles-tendinopathy-midportion", onset=ONSET, baseline=30)
    return Plan(
        spec=spec,
        as_of=as_of or days[0].date,
        protocol=Protocol.TENDON,
        status=status,
        days=days,
        decisions=decisions,
    )


def short_plan() -> Plan:
    """Return ten days: rest, rehab, a test, walk-run and a ramp day, with one decision."""
    days = (
        day(1, Phase.REST, (ICE, ELEVATE)),
        day(2, Phase.REST, (ICE, ELEVATE)),
        day(3, Phase.REST, (ICE, ELEVATE)),
        day(4, Phase.REHAB, (SCRUNCHES, CALF_HOLDS)),
        day(5, Phase.REHAB, (SCRUNCHES, CALF_HOLDS)),
        day(6, Phase.TEST, (TEST_JOG,), run_minutes=10),
        walk_run(7, "S1", 10),
        walk_run(8, "S2", 14),
        walk_run(9, "S3", 18),
        day(10, Phase.RAMP, (CALF_HOLDS,), run_minutes=35, ramp_week=2, projected=True),
    )
    decision = Decision(days[7].date, "stage-pass", "Yesterday felt fine, so you move to S2.")
    return plan(days, (decision,))


def halted_plan() -> Plan:
    """Return a plan halted by a red flag on its fifth day."""
    days = (
        day(1, Phase.REST, (ICE, ELEVATE)),
        day(2, Phase.REST, (ICE, ELEVATE)),
        day(3, Phase.REST, (ICE, ELEVATE)),
        day(4, Phase.REHAB, (SCRUNCHES,)),
        day(5, Phase.HALTED, (REFERRAL, ICE)),
    )
    decision = Decision(days[4].date, "red-flag", "You felt a snap or pop: the plan stops here.")
    return plan(days, (decision,), status=Status.HALTED)


def long_plan(weeks: int = 52) -> Plan:
    """Return a plan of `weeks` weeks that runs four days a week, with a decision weekly."""
    days = tuple(
        walk_run(number, "S3", 18)
        if number % 7 in (1, 3, 5, 6)
        else day(number, Phase.REHAB, (SCRUNCHES, CALF_HOLDS, ICE))
        for number in range(1, weeks * 7 + 1)
    )
    decisions = tuple(
        Decision(d.date, "hold", "Your morning pain rose by one point, so this stage repeats.")
        for d in days[::7]
    )
    return plan(days, decisions)


# Golden exports: real plans from the engine with fixed inputs (see test_calendar.py).

GOLDEN_OPTIONS = CalendarOptions(name="Return to run", plan_id="k3v9q2hx", base_url=BASE_URL)
GOLDEN_NOW = datetime(2024, 3, 14, 6, 0, tzinfo=UTC)
TENDON = PlanSpec(condition="achilles-tendinopathy-midportion", onset=ONSET, baseline=20)
BONE = PlanSpec(condition="metatarsal-stress-fracture", onset=ONSET, baseline=20)
TENDON_REPORTS = (
    Report(date(2024, 3, 10), pain_rest=2, pain_walking=2, pain_morning=3),
    Report(date(2024, 3, 11), pain_rest=1, pain_walking=1, pain_running=2, pain_morning=2),
    Report(date(2024, 3, 12), pain_rest=1, pain_walking=1, pain_morning=2),
    Report(date(2024, 3, 13), pain_rest=1, pain_walking=1, pain_running=1, pain_morning=2),
)
SNAP = Report(date(2024, 3, 8), pain_rest=3, flags=("snap_or_pop",))


def golden_exports() -> dict[str, bytes]:
    """Return each golden file's name and the bytes the engine and the export give today."""
    from planner.engine import build  # here, so the unit tests never need the engine

    def initial(plan: Plan, options: CalendarOptions) -> bytes:
        return to_ics(plan, options, initial_revisions(plan, options))

    tendon = build(TENDON, Log(reports=TENDON_REPORTS), date(2024, 3, 14))
    bone = build(BONE, Log(), ONSET)
    halted = build(TENDON, Log(reports=(SNAP,)), date(2024, 3, 8))
    # Timed: 07:00 in London across the clock change of 31 March, a 30-minute alarm, a window,
    # and revisions carried over from the plan as it stood two days earlier.
    timed = replace(
        GOLDEN_OPTIONS,
        start_time=time(7),
        timezone="Europe/London",
        alarm_minutes=30,
        window_start=date(2024, 3, 7),
    )
    earlier = build(TENDON, Log(reports=TENDON_REPORTS[:2]), date(2024, 3, 12))
    revisions = revise(tendon, initial_revisions(earlier, timed), GOLDEN_NOW, timed)
    return {
        "tendon.ics": initial(tendon, GOLDEN_OPTIONS),
        "bone.ics": initial(bone, GOLDEN_OPTIONS),
        "halted.ics": initial(halted, GOLDEN_OPTIONS),
        "timed.ics": to_ics(tendon, timed, revisions),
    }
