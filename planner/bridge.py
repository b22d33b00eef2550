"""The walk-run bridge: never more running than half the usual week in any 7 days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from planner import activities as recorded
from planner import protocol as P
from planner.model import Day
from planner.rules import Rule
from planner.state import Context, days_between, long_break
from planner.units import describe
from planner.wording import day_ref, minutes_text, number_word, percent, share_words


def week_of(b: Context, when: date) -> int:
    """Return the running week of a date: 7-day blocks from the plan's first run, 0-based."""
    return 0 if b.run_anchor is None else (when - b.run_anchor).days // 7


def days_before(b: Context, when: date) -> list[Day]:
    """Return the 6 days before `when`: with `when`, a rolling week."""
    return days_between(b, when - timedelta(days=6), when)


def recent(b: Context, when: date) -> float:
    """Return the running of the 6 days before `when`: each as planned, or as run when more."""
    return sum((recorded.held(day) for day in reversed(days_before(b, when))), 0.0)


def held_text(b: Context, when: date) -> str:
    """Say what the 6 days before `when` hold, naming what was run beyond the plan; "" when
    they hold only what was planned."""
    beyond = recorded.beyond_plan(days_before(b, when))
    if not beyond:
        return ""
    return f" and the 6 days before hold {minutes_text(recent(b, when))} ({recorded.said_beyond(beyond)})"


def _beyond_key(b: Context, when: date) -> str:
    """A key part that differs once running beyond the plan is what binds: it is said too."""
    return recorded.beyond_key(recorded.beyond_plan(days_before(b, when)))


# Issue 14 asks the bridge to keep the weekly 110 % cap too. Counted over every 7 days from the
# second bridge week on, it grows the bridge from the test week's 10 minutes: most sessions
# are cut below their stage, the ramp starts from a small week, and plans take about twice as
# long (40 km: plantar fasciitis 91 -> 219 days, metatarsal stress fracture 160 -> 349, vamp
# irritation 84 -> 196), against the seeds' 6-12 weeks for bone and 1-2 for a short course.
# The cap binds from the step into the ramp on; inside the bridge the stage table is the
# progression, within half the usual week in any 7 days.
WHY_NOT_110 = (
    "Inside the walk-run the stages, one per pain-free session, set the growth; the "
    f"{percent(P.WEEKLY_CAP)} weekly cap starts with the ramp (from the test's "
    f"{P.TEST_MINUTES} minutes it would double the plan's length)."
)


# The single-run cap's rule in words (planner.days applies it), for every decision that names it.
SINGLE_RUN_RULE = f"no single run may exceed {percent(P.SINGLE_RUN_CAP)} of your longest run in the last {P.SINGLE_RUN_WINDOW_DAYS} days"


def week_cap(b: Context, when: date) -> tuple[float, str]:
    """Return the most running a bridge week may hold, and which cap sets it.

    Any 7 days of the bridge stay within the first week of running's allowance, half the usual
    week (rolling: a fixed 7-day block let the last days of one block and the first of the next
    hold the whole usual week): within it the stage table is the progression (one stage per passed session, one change at
    a time). The weekly 110 % cap binds from the step into the ramp on (planner.ramp): applied
    to the bridge, a 10-minute test week would hold a 40 km runner's bridge to 10-minute runs
    for months, shorter than the stages they had passed.
    """
    return (
        P.RAMP_FIRST_WEEK_SHARE * b.baseline,
        f"{share_words(P.RAMP_FIRST_WEEK_SHARE)} your usual week",
    )


def room(b: Context, when: date) -> float:
    """Return the running minutes `when` may hold: the cap less the 6 days before it."""
    cap, _ = week_cap(b, when)
    return cap - recent(b, when)


def fits_test(b: Context, when: date) -> bool:
    """Return True when the pain-free test fits the week's room; say so when running beyond
    the plan is what leaves too little."""
    if room(b, when) >= P.TEST_MINUTES:
        return True
    ahead = held_text(b, when)
    key = f"test-room{_beyond_key(b, when)}"
    if ahead and key not in b.said:
        b.said.add(key)
        cap, why = week_cap(b, when)
        b.decide(
            when,
            Rule.BRIDGE_SCALED,
            f"The pain-free test calls for {minutes_text(P.TEST_MINUTES)}, but no 7 days of running may exceed {minutes_text(cap)} ({why}){ahead}: no test on {day_ref(when)}. The cap wins.",
        )
    return False


def session_cap(b: Context, when: date) -> float:
    """Return the most running one bridge session may hold: a share of the week's cap, so that
    at least two sessions share any 7 days."""
    cap, _ = week_cap(b, when)
    return cap * P.BRIDGE_SESSION_SHARE


def fit(b: Context, when: date, stage: P.Stage, minutes: float) -> tuple[P.Stage, float]:
    """Scale a session down to the week's room and the session's share of the week's cap (the
    cap wins and says so); 0 minutes = no run.

    `minutes` is the stage's running, or less where the single-run cap shortened a continuous
    stage: the decision then names both, each with the cap that set it. So a small usual week
    runs its stages as two shorter sessions a week, whichever weekday the test fell on, rather
    than one session filling the week and leaving the next run days stubs."""
    session = replace(stage, run=minutes) if stage.continuous else stage
    left, most = room(b, when), session_cap(b, when)
    if minutes <= min(left, most):
        return session, minutes
    busy = bool(recent(b, when))
    scaled, fitted = _scaled(stage, min(left, most), min(minutes, most), busy)
    if not fitted and most < left:  # a share too small for one interval: the room alone sets it
        most = left
        scaled, fitted = _scaled(stage, left, minutes, busy)
    shared = _shared(min(minutes, left), most)
    key = f"bridge:{week_of(b, when)}{_beyond_key(b, when)}{':share' if shared else ''}"
    if key not in b.said:
        b.said.add(key)
        cap, why = week_cap(b, when)
        today = (
            f"{minutes_text(fitted)} on {day_ref(when)}"
            if fitted
            else f"no running on {day_ref(when)}"
        )
        b.decide(
            when,
            Rule.BRIDGE_SCALED,
            f"{_asked(stage, minutes)}, but no 7 days of running may exceed {minutes_text(cap)} ({why}){shared}{held_text(b, when)}: {today}. The cap wins. {WHY_NOT_110}",
        )
    return scaled, fitted


def _scaled(stage: P.Stage, left: float, useful: float, busy: bool) -> tuple[P.Stage, float]:
    """Cut a session to `left` minutes: no run below the shortest session, nor, when the week
    has a run (`busy`), below half of `useful`, what the session could hold at most."""
    if stage.continuous:
        scaled = replace(stage, run=float(int(left)))
    else:
        scaled = replace(stage, repeats=int(left // stage.run))
    fitted = scaled.run_minutes if scaled.run_minutes >= P.BRIDGE_MIN_SESSION_MINUTES else 0.0
    if fitted < useful * P.BRIDGE_MIN_SHARE and busy:
        fitted = 0.0  # a stub of a session is no session: the week's running is done
    return scaled, fitted


def _shared(minutes: float, most: float) -> str:
    """Say that no session holds more than its share of the week, when that cut this one."""
    if minutes <= most:
        return ""
    return f", and no session more than {share_words(P.BRIDGE_SESSION_SHARE)} of that ({minutes_text(most)}), so that {number_word(round(1 / P.BRIDGE_SESSION_SHARE))} sessions share the week"


def _asked(stage: P.Stage, minutes: float) -> str:
    """Say what a session asks for: the stage's minutes, and the single-run cap's when less."""
    if minutes < stage.run_minutes:
        return f"Stage {stage.name} is {minutes_text(stage.run_minutes)} and the single-run cap allows {minutes_text(minutes)} ({SINGLE_RUN_RULE})"
    return f"Stage {stage.name} calls for {minutes_text(minutes)}"


def one_change(b: Context, when: date, stage: str, minutes: float) -> bool:
    """Return True when a run may follow yesterday's: a new, longer stage never does.

    The same stage again may (its minutes can differ by what the single-run cap allows)."""
    yesterday = b.days[-1] if b.days else None
    if yesterday is None or (when - yesterday.date).days != 1 or not yesterday.run_minutes:
        return True
    if stage == yesterday.stage or minutes <= yesterday.run_minutes:
        return True
    if Rule.ONE_CHANGE not in b.said:
        b.said.add(Rule.ONE_CHANGE)
        b.decide(
            when,
            Rule.ONE_CHANGE,
            f"A longer run ({minutes_text(minutes)}) right after {day_ref(yesterday.date)}'s run would change two things at once, the length and running on consecutive days: no running on {day_ref(when)}; the longer run comes after a rest day.",
        )
    return False


def consolidates(b: Context, when: date, projected: bool) -> bool:
    """Repeat the last stage while the last 7 days hold too little running for the ramp's
    first week to stay within 110 % of them, and repeating still adds running to a week (at
    most BRIDGE_CONSOLIDATION_REPEATS times); the ramp's own cap covers the rest."""
    s = b.state
    first_week = min(P.RAMP_FIRST_WEEK_SHARE * b.baseline, b.goal)
    recent = sum(d.run_minutes for d in b.days[-7:])
    if recent * P.WEEKLY_CAP >= first_week or s.consolidated >= P.BRIDGE_CONSOLIDATION_REPEATS:
        return False
    if s.consolidated and recent <= s.consolidated_volume:
        return False  # the week is as full as the run days allow
    s.consolidated += 1
    s.consolidated_volume = recent
    if not projected and "consolidates" not in b.said:
        b.said.add("consolidates")
        name = P.STAGES[s.stage].name
        b.decide(
            when,
            Rule.BRIDGE_CONSOLIDATES,
            f"Stage {name} passed, but the ramp's first week ({describe(b.spec, first_week)}) may not exceed {percent(P.WEEKLY_CAP)} of your running in the last 7 days ({describe(b.spec, recent)}): stage {name} repeats until a week holds enough running. The cap wins.",
        )
    return True


def step_back_after_break(b: Context, when: date) -> None:
    """Two weeks or more without a run done: the walk-run steps back one stage, once a break."""
    s = b.state
    found = long_break(b, when)
    if found is None or s.stage <= b.first_stage(s.protocol):
        return
    if P.STAGES[s.stage].continuous and not P.STAGES[s.stage - 1].continuous:
        return  # continuous running stays: the single-run cap shortens it after time off
    last, days = found
    s.break_from = last
    s.stage -= 1
    s.clean = 0
    if when <= b.as_of:
        b.decide(
            when,
            Rule.LONG_BREAK,
            f"No run done for {days} days, since {day_ref(last)}: after {P.BREAK_DAYS // 7} weeks without running the walk-run steps back to stage {P.STAGES[s.stage].name} and goes on from there.",
        )
