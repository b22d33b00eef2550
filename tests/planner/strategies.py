"""Hypothesis strategies for random specs and random logs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import assume
from hypothesis import strategies as st

from planner import conditions
from planner.model import Activity, Clearance, Completion, Log, PlanSpec, Report, Retraction, Sport
from planner.protocol import RED_FLAGS
from planner.routine import earlier_of

ONSET = date(2026, 3, 2)
CONDITION_IDS = sorted(conditions.CATALOG)
pains = st.one_of(st.none(), st.integers(0, 10))


@st.composite
def specs(
    draw: st.DrawFn, condition: st.SearchStrategy[str] | None = None, run_days: bool = False
) -> PlanSpec:
    unit = draw(st.sampled_from(["km", "mi", "min"]))
    high = {"km": 150, "mi": 90, "min": 900}[unit]
    low = 20 if unit == "min" else 5  # a valid usual week: 20 minutes of running or more
    baseline = draw(st.integers(low, high))
    goal = draw(st.one_of(st.none(), st.integers(low, high)))
    spec = PlanSpec(
        condition=draw(st.sampled_from(CONDITION_IDS) if condition is None else condition),
        onset=ONSET + timedelta(days=draw(st.integers(0, 30))),
        baseline=float(baseline),
        unit=unit,
        goal=None if goal is None else float(goal),
        runs_per_week=draw(st.integers(1, 7)),
        easy_pace=draw(st.one_of(st.none(), st.sampled_from([4.5, 5.0, 6.0, 7.5, 9.0]))),
    )
    if run_days:  # the runner's own weekdays, as many as runs a week
        days = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1))))
        spec = replace(spec, run_days=days, runs_per_week=len(days))
    return spec


@st.composite
def reports(draw: st.DrawFn, first: date, last: date, flags: bool = True) -> tuple[Report, ...]:
    span = (last - first).days
    if span < 0:
        return ()
    days = draw(st.lists(st.integers(0, span), max_size=min(40, span + 1), unique=True))
    flag_choice = st.sampled_from(sorted(RED_FLAGS)) if flags else st.nothing()
    out = []
    for offset in sorted(days):
        chosen = (
            draw(st.lists(flag_choice, max_size=1))
            if flags and draw(st.integers(0, 30)) == 0
            else []
        )
        out.append(
            Report(
                date=first + timedelta(days=offset),
                pain_rest=draw(pains),
                pain_walking=draw(pains),
                pain_running=draw(pains),
                pain_morning=draw(pains),
                flags=tuple(chosen),
            )
        )
    return tuple(out)


@st.composite
def cases(
    draw: st.DrawFn, flags: bool = True, condition: st.SearchStrategy[str] | None = None
) -> tuple[PlanSpec, Log, date]:
    """A spec, a log and an as-of date that fits them."""
    spec = draw(specs(condition))
    as_of = spec.onset + timedelta(days=draw(st.integers(0, 120)))
    reps = draw(reports(spec.onset, as_of, flags))
    done = tuple(
        Completion(r.date, key)
        for r in reps
        for key in ("walk-run", "run", "test")
        if draw(st.booleans())
    )
    cleared = draw(st.one_of(st.none(), st.integers(0, 60)))
    clearance = None if cleared is None else spec.onset + timedelta(days=cleared)
    clearances = tuple(Clearance(d) for d in draw(st.lists(dates(spec.onset, as_of), max_size=2)))
    retractions = tuple(
        Retraction(r.date, flag, draw(dates(r.date, as_of)))
        for r in reps
        for flag in r.flags
        if draw(st.integers(0, 2)) == 0
    )
    log = Log(
        reports=reps,
        completions=done,
        clearance=clearance,
        clearances=clearances,
        retractions=retractions,
    )
    return spec, log, as_of


def dates(first: date, last: date) -> st.SearchStrategy[date]:
    """A date from `first` to `last`, inclusive."""
    return st.integers(0, max(0, (last - first).days)).map(lambda n: first + timedelta(days=n))


@st.composite
def lifted_cases(draw: st.DrawFn) -> tuple[PlanSpec, Log, date]:
    """A case with a red flag on record and, after it, a clearance or the flag withdrawn."""
    spec, log, as_of = draw(cases())
    as_of = max(as_of, spec.onset + timedelta(days=draw(st.integers(20, 120))))
    flagged = draw(dates(spec.onset, as_of - timedelta(days=1)))
    flag = draw(st.sampled_from(sorted(RED_FLAGS)))
    lifted = draw(dates(flagged, as_of))
    reports = tuple(r for r in log.reports if r.date != flagged) + (Report(flagged, flags=(flag,)),)
    reports += tuple(
        Report(
            lifted + timedelta(days=n), pain_rest=0, pain_walking=0, pain_running=0, pain_morning=0
        )
        for n in range(1, (as_of - lifted).days + 1)
        if draw(st.booleans())
    )
    if draw(st.booleans()):
        log = Log(reports, log.completions, clearances=(Clearance(lifted, "sports doctor"),))
    else:
        log = Log(
            reports, log.completions, retractions=(Retraction(flagged, flag, lifted, "wrong box"),)
        )
    return spec, log, as_of


@st.composite
def stacked_flag_cases(draw: st.DrawFn) -> tuple[PlanSpec, Log, date]:
    """A stop with a second red flag joining it, and a clearance given between the two (it saw
    only the first), sometimes another after both."""
    spec, log, as_of = draw(cases())
    as_of = max(as_of, spec.onset + timedelta(days=draw(st.integers(20, 120))))
    first = draw(dates(spec.onset, as_of - timedelta(days=2)))
    second = draw(dates(first + timedelta(days=1), as_of - timedelta(days=1)))
    between = draw(dates(first, second - timedelta(days=1)))
    flags = st.sampled_from(sorted(RED_FLAGS))
    joined = {first: draw(flags), second: draw(flags)}
    reports = tuple(r for r in log.reports if r.date not in joined) + tuple(
        Report(when, flags=(flag,)) for when, flag in joined.items()
    )
    clearances = [Clearance(between, "seen for the first")]
    if draw(st.booleans()):
        clearances.append(Clearance(draw(dates(second, as_of)), "seen for both"))
    return spec, Log(reports, log.completions, clearances=tuple(clearances)), as_of


@st.composite
def plausible_cases(
    draw: st.DrawFn, condition: st.SearchStrategy[str] | None = None, run_days: bool = False
) -> tuple[PlanSpec, Log, date]:
    """A runner who follows the plan and reports most days: pain-free but for a few painful days."""
    from planner import build  # the projected plan tells which days carry a run

    spec = draw(specs(condition, run_days))
    span = draw(st.integers(7, 120))
    as_of = spec.onset + timedelta(days=span)
    runs = {d.date for d in build(spec, Log(), spec.onset).days if d.run_minutes}
    painful = draw(st.sets(st.integers(0, span), max_size=3))
    out, done = [], []
    for offset in range(span + 1):
        when = spec.onset + timedelta(days=offset)
        if draw(st.integers(0, 6)) == 0:
            continue  # a day without a report
        scores = {
            "pain_rest": 0,
            "pain_walking": 0,
            "pain_morning": 0,
            "pain_running": 0 if when in runs else None,
        }
        if offset in painful:
            scores[draw(st.sampled_from(sorted(scores)))] = draw(st.integers(1, 8))
        out.append(Report(when, **scores))
        if when in runs and draw(st.booleans()):
            done += [Completion(when, key) for key in ("walk-run", "run", "test")]
    return spec, Log(reports=tuple(out), completions=tuple(done)), as_of


@st.composite
def morning_cases(
    draw: st.DrawFn, condition: st.SearchStrategy[str] | None = None
) -> tuple[PlanSpec, Log, date]:
    """A plausible runner who, on a day of the plan, reports a worse morning before running."""
    spec, log, as_of = draw(plausible_cases(condition))
    when = draw(dates(min(spec.onset + timedelta(days=9), as_of), as_of))
    worse = Report(when, pain_rest=0, pain_walking=0, pain_morning=draw(st.integers(2, 8)))
    kept = tuple(r for r in log.reports if r.date != when)
    return spec, replace(log, reports=(*kept, worse)), as_of


@st.composite
def cleared_cases(
    draw: st.DrawFn, condition: st.SearchStrategy[str] | None = None
) -> tuple[PlanSpec, Log, date]:
    """A plausible runner whose clearance is on record from a day up to as-of (a high-risk bone
    site's gate opens then)."""
    spec, log, as_of = draw(plausible_cases(condition))
    cleared = draw(dates(spec.onset, as_of))
    return spec, replace(log, clearances=(Clearance(cleared, "sports doctor"),)), as_of


@st.composite
def perfect_cases(draw: st.DrawFn, run_days: bool = True) -> tuple[PlanSpec, Log, date]:
    """A plan as projected on its first day: every session goes as planned, pain-free."""
    spec = draw(specs(run_days=run_days))
    return spec, Log(), spec.onset


SPORTS = st.sampled_from(list(Sport))


@st.composite
def activities(draw: st.DrawFn, first: date, last: date) -> tuple[Activity, ...]:
    """Recorded activities from `first` to `last`: runs of any length, rides, swims and walks."""
    out = []
    for index in range(draw(st.integers(0, 12))):
        sport = draw(SPORTS)
        moving = draw(st.floats(0.5, 240.0, allow_nan=False).map(lambda m: round(m, 1)))
        out.append(
            Activity(
                id=f"act-{index:03d}",
                date=draw(dates(first, last)),
                sport=sport,
                moving_minutes=moving,
                distance_km=draw(
                    st.one_of(
                        st.none(), st.floats(0, 60, allow_nan=False).map(lambda k: round(k, 2))
                    )
                ),
                longest_run_minutes=moving if sport == Sport.RUN else 0.0,
            )
        )
    return tuple(out)


@st.composite
def recorded_cases(
    draw: st.DrawFn, condition: st.SearchStrategy[str] | None = None
) -> tuple[PlanSpec, Log, date]:
    """A case (random or plausible) with a watch history on top, some of it before the onset."""
    spec, log, as_of = draw(st.one_of(cases(condition=condition), plausible_cases(condition)))
    recorded = draw(activities(spec.onset - timedelta(days=40), as_of + timedelta(days=3)))
    return spec, replace(log, activities=recorded), as_of


@st.composite
def overrun_cases(draw: st.DrawFn) -> tuple[PlanSpec, Log, date]:
    """A plausible runner whose watch recorded some of the planned runs, a few of them far
    longer than planned, and now and then a run on a day without one."""
    from planner import build  # the projected plan tells which days carry a run

    spec, log, as_of = draw(plausible_cases())
    planned = {d.date: d.run_minutes for d in build(spec, Log(), spec.onset).days}
    out = []
    for when in (d for d in sorted(planned) if d <= as_of):
        if planned[when] and draw(st.integers(0, 2)) == 0:
            share = draw(st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0, 5.0]))
        elif draw(st.integers(0, 20)) == 0:
            share, planned[when] = 1.0, float(draw(st.integers(10, 90)))
        else:
            continue
        moving = round(planned[when] * share, 1)
        out.append(Activity(f"run-{when}", when, Sport.RUN, moving, None, moving))
    return spec, replace(log, activities=tuple(out)), as_of


@st.composite
def routines(draw: st.DrawFn, unit: str) -> dict[str, object]:
    """A routine the settings page accepts: the usual week, the goal, runs and run days."""
    high = {"km": 150, "mi": 90, "min": 900}[unit]
    low = 20 if unit == "min" else 5
    goal = draw(st.one_of(st.none(), st.integers(low, high)))
    days = tuple(sorted(draw(st.sets(st.integers(0, 6), max_size=7))))
    return {
        "baseline": float(draw(st.integers(low, high))),
        "goal": None if goal is None else float(goal),
        "runs_per_week": len(days) or draw(st.integers(1, 7)),
        "run_days": days,
    }


@st.composite
def changed_cases(
    draw: st.DrawFn, base: st.SearchStrategy[tuple[PlanSpec, Log, date]] | None = None
) -> tuple[PlanSpec, Log, date]:
    """A case whose settings changed up to three times, on days from the first to as-of."""
    spec, log, as_of = draw(st.one_of(cases(), plausible_cases()) if base is None else base)
    changes = draw(st.lists(dates(spec.first_day, as_of), max_size=3, unique=True))
    earlier = []
    for until in sorted(changes):
        earlier.append(earlier_of(spec, until))
        spec = replace(spec, **draw(routines(spec.unit)))  # type: ignore[arg-type]
    return replace(spec, earlier=tuple(earlier)), log, as_of


@st.composite
def gap_cases(draw: st.DrawFn) -> tuple[PlanSpec, Log, date, date, date]:
    """A runner who does every session pain-free into the walk-run or the ramp, then stops for
    two weeks or more (no run, no report), and comes back with a pain-free report; also returns
    the last day a run was done and the day back."""
    from planner import build  # the projected plan tells which days carry a run

    spec = draw(specs(run_days=draw(st.booleans())))
    projected = build(spec, Log(), spec.onset)
    after_test = [d.date for d in projected.days if d.run_minutes and (d.stage or d.ramp_week)]
    runs = {d.date for d in projected.days if d.run_minutes}
    if not after_test:  # a refer condition, or a high-risk site never cleared: no running
        return spec, Log(), spec.onset, spec.onset, spec.onset
    last = draw(st.sampled_from(after_test[:90]))
    days = (last - spec.onset).days + 1
    reports = tuple(
        Report(when, 0, 0, 0 if when in runs else None, 0)
        for when in (spec.onset + timedelta(days=n) for n in range(days))
    )
    done = tuple(
        Completion(when, key)
        for when in sorted(runs)
        if when <= last
        for key in ("test", "walk-run", "run")
    )
    back = last + timedelta(days=draw(st.integers(15, 40)))
    as_of = back + timedelta(days=draw(st.integers(0, 10)))
    reports += (Report(back, 0, 0, None, 0),)
    return spec, Log(reports=reports, completions=done), as_of, last, back


@st.composite
def flag_after_pain_cases(draw: st.DrawFn) -> tuple[PlanSpec, Log, date]:
    """A plausible runner who reports red pain on one or two runs, then a red flag within days,
    lifted a few days later by a clearance or withdrawn as a mistake: what the pain set (rest
    days, rehab, a hold) is still running when the stop lifts."""
    spec, log, as_of = draw(plausible_cases())
    ran = sorted(r.date for r in log.reports if r.pain_running is not None)
    assume(ran)
    first = draw(st.sampled_from(ran))
    reds = (
        {first, first + timedelta(days=draw(st.integers(1, 6)))} if draw(st.booleans()) else {first}
    )
    flagged = draw(dates(max(reds), max(reds) + timedelta(days=5)))
    lifted = draw(dates(flagged, flagged + timedelta(days=4)))
    flag = draw(st.sampled_from(sorted(RED_FLAGS)))
    reports = {r.date: r for r in log.reports}
    for when in sorted(reds):  # a run reported on a day without one counts as a run
        told = reports.get(when, Report(when, pain_rest=0, pain_walking=0, pain_morning=0))
        reports[when] = replace(told, pain_running=draw(st.integers(5, 9)))
    reports[flagged] = replace(reports.get(flagged, Report(flagged)), flags=(flag,))
    if draw(st.booleans()):
        lift = {"clearances": (Clearance(lifted, "sports doctor"),)}
    else:
        lift = {"retractions": (Retraction(flagged, flag, lifted, "wrong box"),)}
    as_of = max(as_of, lifted + timedelta(days=draw(st.integers(0, 14))))
    return (
        spec,
        replace(log, reports=tuple(sorted(reports.values(), key=lambda r: r.date)), **lift),
        as_of,
    )
