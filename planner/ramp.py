"""The ramp: 50 % of the usual week first, then at most +10 % a week, up to the goal."""

from __future__ import annotations

import heapq
import math
from datetime import date, timedelta

from planner import activities as recorded
from planner import protocol as P
from planner.model import Protocol, Report
from planner.rules import Rule
from planner.state import Context, days_between, long_break
from planner.units import describe
from planner.wording import day_ref, minutes_text, percent, share_words

WEEK = timedelta(days=7)
MIN_RUN_MINUTES = 10  # fewer, longer runs rather than many tiny ones


def advance_week(b: Context, when: date) -> bool:
    """Open the first or next ramp week when due; return False when the plan is complete."""
    s = b.state
    if s.ramp_week == 0:
        _open_first_week(b, when)
        return True
    assert s.week_start is not None
    if _restart_after_break(b, when):
        return True
    if when < s.week_start + WEEK:
        return True
    volume, scheduled, done = _week_figures(b, s.week_start)
    volume += _ran_ahead(b, s.week_start)
    growth_cap = volume * P.WEEKLY_CAP
    if not volume and (s.week_target or s.prev_week_volume):
        # No run at all this week (a pain hold, new run days): growing from nothing would stop
        # the plan for good, so the week repeats as planned, a step that was already allowed;
        # its caps stay measured against the last week that ran (prev_week_volume is kept).
        target = min(s.week_target or s.prev_week_volume, b.goal)
        b.decide(
            when,
            Rule.ADHERENCE_REPEAT,
            f"Ramp week {s.ramp_week} had no running: the week repeats at {describe(b.spec, target)} instead of growing.",
        )
    elif s.week_trouble == "red":
        target = min(s.prev_week_volume or volume, volume, b.goal)
    elif s.week_trouble == "amber":
        target = min(s.week_target, volume)  # hold: the same week again
    elif _unreported(b, s.week_start):
        target = min(s.week_target, volume)
        b.decide(
            when,
            Rule.NO_EVIDENCE,
            f"No pain was reported on a run of ramp week {s.ramp_week} or the morning after one: the week repeats instead of growing. Report your pain so the plan can move on.",
        )
    elif scheduled and done / scheduled < P.ADHERENCE_SHARE:
        target = min(s.week_target, volume)
        b.decide(
            when,
            Rule.ADHERENCE_REPEAT,
            f"Only {done} of {scheduled} runs were done in ramp week {s.ramp_week} (fewer than {share_words(P.ADHERENCE_SHARE)}): the week repeats instead of growing.",
        )
    elif s.week_target >= b.goal:
        return False
    else:
        # The seed rule and the weekly cap agree: at most +10 % over the week actually planned.
        target = min(growth_cap, b.goal)
    # Whatever set the week (growth, a hold, a step back), the usual week waits for 7 days
    # without pain: a runner already at it when pain comes steps below it [weekly_growth].
    target = _full_week_waits(b, when, target, volume)
    if volume:
        s.prev_week_volume = volume
    _open_week(b, when, target)
    return True


def _unreported(b: Context, start: date) -> bool:
    """A ramp week gone by whose runs, on their days and the mornings after, had no pain told:
    progress needs evidence (SPEC 3.1), and ticks alone are none. A week still ahead is
    projected as if reported."""
    runs = [d.date for d in days_between(b, start, start + WEEK) if d.run_minutes > 0]
    if not runs or runs[-1] + timedelta(days=1) > b.as_of:
        return False
    told = (b.reports.get(day) for run in runs for day in (run, run + timedelta(days=1)))
    return not any(r is not None and _any_pain(r) for r in told)


def _any_pain(report: Report) -> bool:
    return any(score is not None for score in _told(report))


def _restart_after_break(b: Context, when: date) -> bool:
    """Two weeks or more without a run done (a long pain hold, time away) is more than a week
    to repeat: the ramp starts again from its first week's volume, then grows as before."""
    s = b.state
    found = long_break(b, when)
    first = min(P.RAMP_FIRST_WEEK_SHARE * b.baseline, b.goal)
    if found is None or s.week_target <= first:
        return False
    last, days = found
    s.break_from = last
    # The weekly cap still holds over the week the break cut short (or, if it held no run,
    # the last week that ran): a week that barely ran is not a week to jump from.
    assert s.week_start is not None
    before = days_figure(b, s.week_start, when) or s.prev_week_volume
    start = min(first, max(math.floor(before * P.WEEKLY_CAP), float(P.TEST_MINUTES)))
    if when <= b.as_of:
        why = (
            f"from its first week, {describe(b.spec, start)}"
            if start == first
            else f"at {describe(b.spec, start)}: its first week would be {describe(b.spec, first)}, but a week may not exceed {percent(P.WEEKLY_CAP)} of the one before, {describe(b.spec, before)}, and the cap wins"
        )
        b.decide(
            when,
            Rule.LONG_BREAK,
            f"No run done for {days} days, since {day_ref(last)}: after {P.BREAK_DAYS // 7} weeks without running the ramp starts again {why}. It does not pick up at the {describe(b.spec, s.week_target)} where it stopped, and grows from there by at most {percent(P.RAMP_WEEKLY_GROWTH)} a week.",
        )
    if before:
        s.prev_week_volume = before
    _open_week(b, when, start)
    s.week_after_break = True
    # Spread over the run days of a whole week from today, not over the few days left of the
    # week the break cut short: after time off, shorter runs rather than fewer long ones.
    s.week_plan = split_week(_run_dates(b, when), start)
    return True


def _full_week_waits(b: Context, when: date, target: float, volume: float) -> float:
    """The usual week only comes after 7 days without pain; until then the week holds below
    it: at last week's volume when that was below it, else just under the usual week."""
    if target < b.baseline:
        return target
    since = when - timedelta(days=P.FULL_VOLUME_PAIN_FREE_DAYS)
    limit = 0 if b.state.protocol == Protocol.BONE else P.TENDON_SAFE_PAIN
    pains = [r for r in b.reports_between(since, min(when, b.as_of)) if max(_scores(r)) > limit]
    if not pains:
        return target
    last = pains[-1]
    held = min(target, volume)
    if held < b.baseline:
        how = f"this week holds at {describe(b.spec, held)}"
    else:  # already at the usual week (growing past it to a goal): step just below it
        held = float(max(0, math.ceil(b.baseline) - 1))
        how = f"this week steps just below it, to {describe(b.spec, held)}"
    b.decide(
        when,
        Rule.FULL_VOLUME_WAITS,
        f"Pain {max(_scores(last))}/10 on {day_ref(last.date)}: your usual week waits for {P.FULL_VOLUME_PAIN_FREE_DAYS} days without pain, so {how}.",
    )
    return held


def _scores(report: Report) -> tuple[int, ...]:
    return tuple(v or 0 for v in _told(report))


def _told(report: Report) -> tuple[int | None, ...]:
    """The report's four pain scores, None where none was told."""
    return (report.pain_rest, report.pain_walking, report.pain_running, report.pain_morning)


def _open_first_week(b: Context, when: date) -> None:
    s = b.state
    half = P.RAMP_FIRST_WEEK_SHARE * b.baseline
    s.prev_week_volume = sum(d.run_minutes for d in b.days[-7:])  # the last bridge week
    capped = max(s.prev_week_volume * P.WEEKLY_CAP, float(P.TEST_MINUTES))  # the weekly cap wins
    _open_week(b, when, min(half, b.goal, capped))
    if when > b.as_of:
        return
    share = share_words(P.RAMP_FIRST_WEEK_SHARE)
    what = (
        f"{share} your usual week"
        if half <= b.goal
        else f"your goal week (below {share} your usual week)"
    )
    count = len(s.week_plan)
    runs = f"{describe(b.spec, s.week_target)} over {count} run{'s' if count != 1 else ''}"
    if capped < min(half, b.goal):
        b.decide(
            when,
            Rule.RAMP_START,
            f"The ramp starts on {day_ref(when)} at {runs}: {what} would be {describe(b.spec, min(half, b.goal))}, but a week may not exceed {percent(P.WEEKLY_CAP)} of the last one ({describe(b.spec, s.prev_week_volume)}). The cap wins.",
        )
        return
    b.decide(when, Rule.RAMP_START, f"The ramp starts on {day_ref(when)} at {what}: {runs}.")


def _open_week(b: Context, when: date, target: float) -> None:
    s = b.state
    after_pain = s.week_trouble is not None
    s.ramp_week += 1
    s.week_start = when
    s.week_target = target
    s.week_trouble = None
    s.week_after_break = False
    s.week_plan = _week_plan(b, when, target, after_pain)
    s.week_ran_ahead = {}


def _week_plan(b: Context, when: date, target: float, after_pain: bool) -> dict[date, float]:
    """Plan a ramp week on last week's run days a week on, so that every 7 days keep the cap
    (on the runner's run days, when they changed since).

    Any 7 days hold each weekday once, last week's run or this week's: when no weekday runs
    less than a week before, no 7 days hold more than this week. So a growing week adds its
    minutes to the shortest runs, and a new run day (at least 10 minutes of growth) only adds;
    a week that drops shares its minutes over the same days, and so does a week after pain
    (amber or red), evenly: the longest runs of the week that hurt are not asked for again
    (planner.days still fits each run into its rolling week)."""
    whole = int(target)
    ahead = b.state.week_ran_ahead  # a run cut because it was run ahead keeps its day
    old = {
        d.date + WEEK: d.run_minutes + ahead.get(d.date, 0.0)
        for d in days_between(b, when - WEEK, when)
        if d.run_minutes + ahead.get(d.date, 0.0) > 0
    }
    if whole <= 0:
        return {}
    moved = b.state.run_days_changed
    if not old or (moved is not None and moved > when - WEEK):
        # No runs last week, or the run days changed since (planner/routine.py).
        return split_week(_run_dates(b, when), target)
    uneven = any(m < MIN_RUN_MINUTES or m != int(m) for m in old.values())
    if uneven or after_pain or whole < sum(old.values()):
        return split_week(sorted(old), target)
    plan = {day: float(minutes) for day, minutes in old.items()}
    growth = whole - int(sum(old.values()))
    # A week that repeats (no evidence, missed runs, a hold) changes nothing, frequency neither.
    if growth > 0 and whole // MIN_RUN_MINUTES > len(plan):
        free = _new_run_days(b, when, plan)
        for day in free:
            spread = spread_later(plan, day, whole)
            if spread is not None:
                _say_run_day_added(b, when, plan, spread)
                return spread
        if growth >= MIN_RUN_MINUTES and free:
            plan[free[0]] = 0.0
    return grow(plan, growth)


def spread_later(last: dict[date, float], new: date, whole: int) -> dict[date, float] | None:
    """One run day more (frequency first, SPEC 3.3): the week's whole minutes over last week's
    run days a week on and `new`, as evenly as the rolling weeks allow; None when they cannot
    all reach 10 minutes without one longer than last week's longest (one change at a time).

    Any 7 days across the two weeks hold last week's runs after some day and this week's up to
    it, so they keep this week's total only while this week's running, counted from its start,
    never runs ahead of last week's by more than the week's growth. Each run takes its even
    share of what is left, less what the runs after it need to reach 10 minutes under that
    bound, more what they cannot hold under the longest; what does not fit moves later."""
    growth = whole - int(sum(last.values()))
    longest = int(max(last.values()))
    days = sorted([*last, new])
    allowed, total = [], growth  # allowed[i]: this week's running up to days[i], at most
    for day in days:
        total += int(last.get(day, 0.0))
        allowed.append(total)
    plan: dict[date, float] = {}
    given = 0
    for i, day in enumerate(days):
        after = len(days) - i - 1
        high = min(
            longest,
            *(allowed[j] - given - MIN_RUN_MINUTES * (j - i) for j in range(i, len(days))),
        )
        low = max(MIN_RUN_MINUTES, whole - given - longest * after)
        if low > high:
            return None
        run = min(max((whole - given) // (after + 1), low), high)
        plan[day] = float(run)
        given += run
    return plan


def _say_run_day_added(
    b: Context, when: date, last: dict[date, float], plan: dict[date, float]
) -> None:
    if when > b.as_of or b.state.ramp_week == 1:  # the ramp's start says its runs
        return
    b.decide(
        when,
        Rule.RUN_DAY_ADDED,
        f"Ramp week {b.state.ramp_week} adds a run day: {describe(b.spec, sum(plan.values()))} over {len(plan)} runs of {_lengths(plan)} rather than {len(last)} longer ones. One change at a time: runs come more often first, and only then grow longer.",
    )


def _lengths(plan: dict[date, float]) -> str:
    low, high = min(plan.values()), max(plan.values())
    return minutes_text(low) if low == high else f"{low:g} to {minutes_text(high)}"


def grow(plan: dict[date, float], minutes: int) -> dict[date, float]:
    """Add whole minutes to a week's runs one at a time, each to the shortest run (the latest
    of equal ones); return the runs in date order."""
    shortest = [(run, -day.toordinal(), day) for day, run in plan.items()]
    heapq.heapify(shortest)
    for _ in range(minutes):
        run, order, day = heapq.heappop(shortest)
        heapq.heappush(shortest, (run + 1, order, day))
    return dict(sorted((day, run) for run, _, day in shortest))


def _new_run_days(b: Context, when: date, plan: dict[date, float]) -> list[date]:
    """The run weekdays of the week not yet run, furthest from its run days first (the later
    of equally far ones); bone: never next to one."""
    taken = {(d - when).days % 7 for d in plan}
    need = 2 if b.bone_alternates() else 1
    free = []
    for offset in range(7):
        day = when + timedelta(days=offset)
        if offset in taken or day.weekday() not in b.weekdays:
            continue
        gap = min(min((offset - t) % 7, (t - offset) % 7) for t in taken)
        if gap >= need:
            free.append((gap, offset, day))
    return [day for _, _, day in sorted(free, reverse=True)]


def split_week(dates: list[date], target: float) -> dict[date, float]:
    """Share a week's whole minutes over its runs, at least 10 minutes each, never above target."""
    whole = int(target)
    count = min(len(dates), max(1, whole // MIN_RUN_MINUTES))
    if not dates or whole <= 0:
        return {}
    chosen = [dates[round(i * len(dates) / count)] for i in range(count)]
    base, extra = divmod(whole, count)
    return {day: float(base + (1 if i >= count - extra else 0)) for i, day in enumerate(chosen)}


def routine_changed(b: Context, when: date) -> None:
    """New settings in the middle of a ramp week: the rest of the week runs on the new run
    days, no more than the new goal allows (in week 1, no more than half the new usual week);
    the days before keep their runs. The week never grows here: a higher usual week or goal
    only lets later weeks grow on, at most 10 % a week from the weeks as they were run."""
    s = b.state
    if s.ramp_week == 0 or s.complete or s.week_start is None:
        return
    end = s.week_start + WEEK
    if when >= end:
        return
    target = min(s.week_target, b.goal)
    if s.ramp_week == 1:
        target = min(target, P.RAMP_FIRST_WEEK_SHARE * b.baseline)
    if s.week_trouble == "red":  # a red run this week dropped it back to last week's volume
        target = min(target, s.prev_week_volume)
    dates = _run_dates(b, when, (end - when).days)
    if target == s.week_target and all(d in dates for d in s.week_plan if d >= when):
        return  # the week's runs still fit the new routine: they stay as they were
    done = {d: m for d, m in s.week_plan.items() if d < when}
    s.week_target = target
    s.week_plan = done | split_week(dates, max(0.0, target - sum(done.values())))


def _run_dates(b: Context, start: date, days: int = 7) -> list[date]:
    """Pick the run dates of `days` days from `start` (a week); bone keeps a rest day between
    runs until runs reach 45 min."""
    alternate = b.bone_alternates()
    last = b.state.last_run
    dates = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day.weekday() not in b.weekdays:
            continue
        if alternate and last is not None and (day - last).days < 2:
            continue
        dates.append(day)
        last = day
    return dates


def days_figure(b: Context, start: date, end: date) -> float:
    """The running minutes planned from `start` up to `end` (not included)."""
    return sum(d.run_minutes for d in days_between(b, start, end))


def _ran_ahead(b: Context, start: date) -> float:
    """The week's running cut because it was run ahead (planner.days): it counts for the
    week's growth as the runs it stood in for, never more than was run beyond the plan in
    the week and the 6 days before it, so running beyond the plan earns no growth."""
    days = days_between(b, start - timedelta(days=6), start + WEEK)
    return min(
        sum(b.state.week_ran_ahead.values()),
        sum(recorded.held(d) - d.run_minutes for d in days),
    )


def _week_figures(b: Context, start: date) -> tuple[float, int, int]:
    """Return the week's planned volume and its run sessions scheduled and done (future = done)."""
    days = [d for d in days_between(b, start, start + WEEK) if d.run_minutes > 0]
    volume = sum(d.run_minutes for d in days)
    done = sum(1 for d in days if b.session_done(d.date, "run"))
    return volume, len(days), done
