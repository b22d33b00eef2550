"""What Today's banner says changed: the engine's decisions since the latest report, coloured
by the most serious move of the plan (web/pages/today_card.py lays out the rest of the page)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planner.model import Decision, Log, Plan, Status
from planner.protocol import RED_FLAGS
from planner.rules import Rule
from planner.wording import day_ref
from web.pages.today_card import expected_back

GREEN_RULES = frozenset(
    {
        Rule.TEST_OPENS,
        Rule.TEST_PASSED,
        Rule.STAGE_PASSED,
        Rule.CLEAN_SESSION,
        Rule.LOADING_STEP,
        Rule.RAMP_START,
        Rule.COMPLETE,
        Rule.SHORT_COURSE,
        Rule.CLEARED,
        Rule.CLEARANCE_RESUMES,
        Rule.FLAG_WITHDRAWN,
        Rule.PAIN_SETTLED,
    }
)
# Notes on how the days ahead are laid out (caps, spacing, one change at a time): said in the
# banner, but they neither hold the plan nor say anything of pain, so they do not colour it.
SCHEDULE_RULES = frozenset(
    {
        Rule.BRIDGE_SCALED,
        Rule.ONE_CHANGE,
        Rule.SINGLE_RUN_CAP,
        Rule.ROLLING_WEEK,
        Rule.RUN_DAY_ADDED,
        Rule.TRAINING_CHECK,
        Rule.UNPLANNED_RUN,
        Rule.RUN_SPIKE,
    }
)
# Of those, the ones that only lay out the days ahead: alone, they hold nothing back. A run
# beyond the plan (unplanned, or a spike) is the runner's own: it is never a green "carry on".
LAYOUT_RULES = frozenset(
    {
        Rule.BRIDGE_SCALED,
        Rule.ONE_CHANGE,
        Rule.SINGLE_RUN_CAP,
        Rule.ROLLING_WEEK,
        Rule.RUN_DAY_ADDED,
    }
)
# A change of settings is the runner's (or their coach's) own: said, but it neither holds the
# plan nor says anything of pain, so it does not colour the banner either.
OWN_RULES = frozenset({Rule.SETTINGS_CHANGED})
# The holds that wait on pain settling; the other holds wait on a report or on runs done.
PAIN_HOLD_RULES = frozenset(
    {Rule.AMBER_REPEAT, Rule.PAIN_HOLD, Rule.AMBER_HOLD, Rule.FULL_VOLUME_WAITS, Rule.WALK_HOLD}
)
HOLD_NOW = {
    Rule.NO_EVIDENCE: "keep to the plan below and report how each run feels: it moves on once it knows.",
    Rule.ADHERENCE_REPEAT: "keep to the plan below; the week grows again once its runs are done.",
}
RED_RULES = frozenset(
    {
        Rule.TEST_FAILED,
        Rule.RED_STEP_BACK,
        Rule.TWO_REDS,
        Rule.BONE_PAIN_STEP_BACK,
        Rule.OFF_DAY_PAIN,
        Rule.RED_DROP_BACK,
        Rule.RED_FLAG,
        Rule.SEVERE_PAIN_AGAIN,
        Rule.SWITCH_TO_BONE,
        Rule.REFER,
        Rule.BONE_REFERRAL,
        Rule.BONE_REPEAT_FAILURE,
        Rule.BONE_PAIN_WALKING,
        Rule.WALKING_PAIN_RISING,
        Rule.NO_IMPROVEMENT,
        Rule.PAIN_RISING,
        Rule.REST_PAIN_WEEK,
        Rule.LONG_STANDING,
        Rule.SEVERE_RUN_PAIN,
    }
)
# Everything else holds: the same again, a cap, a wait or a check.

# Advice, not a move of the plan: what to look back at on day one, and whom to see. Such a
# decision never gives the banner its verdict: a prompt to see a sports doctor beside a test
# that opens is not a step back, and the plan's first-day advice repeated on the day of the
# first report is not a change.
OPENING_RULES = frozenset({Rule.TRAINING_CHECK, Rule.SHORT_COURSE})
REFERRAL_RULES = frozenset(
    {
        Rule.BONE_REFERRAL,
        Rule.CLEARANCE_NEEDED,
        Rule.NO_IMPROVEMENT,
        Rule.PAIN_RISING,
        Rule.REST_PAIN_WEEK,
        Rule.LONG_STANDING,
        Rule.SEVERE_RUN_PAIN,
        Rule.WALKING_PAIN_RISING,
    }
)
ADVICE_RULES = OPENING_RULES | REFERRAL_RULES
BANNER_TITLES = {
    "green": "Good news: your plan moves on",
    "amber": "Hold: your plan stays where it is",
    "red": "Step back: your plan eases off",
}
NOTE_TITLE = "Your plan goes on: a note on its runs"
SETTINGS_TITLE = "Your plan follows your new settings"
BANNER_NOW = {
    "green": "carry on with today's list below.",
    "amber": "keep to the plan below; nothing grows until the pain settles.",
    "red": "no more running today; do only what does not hurt from the list below.",
}


def colour_of(rule: Rule) -> str:
    return "green" if rule in GREEN_RULES else "red" if rule in RED_RULES else "amber"


# A stop lifted by a clinician's clearance or a red flag recorded as a mistake.
LIFT_RULES = frozenset({Rule.CLEARANCE_RESUMES, Rule.FLAG_WITHDRAWN})
RESUME_TITLE = "Your plan resumes: rehab first, then a new pain-free test"
RESUME_NOW = "follow today's list below; running comes back only through the new pain-free test."
UNSURE_TITLE = "Your plan resumes, but check the red flag below"
UNSURE_NOW = (
    "if that red flag came after the clinician saw you, or is back, stop and get it seen as it "
    "says; otherwise follow today's list below."
)
BREAK_TITLE = "Welcome back: after the break your plan starts lower"
BREAK_NOW = "today's list below is where it starts again; it grows from here while running stays comfortable."
SWITCH_TITLE = "Running stops: the bone needs checking"
SWITCH_NOW = "no running until the plan below has one again; get the bone checked as it says."
OPENING_TITLE = "What your plan says from the start"
OPENING_NOW = "follow today's list below."
REFERRAL_TITLE = "See a professional: your plan goes on meanwhile"
REFERRAL_TOO = ", and see a professional (below)"
REFERRAL_NOW = (
    "book that visit; until then keep to the plan below and stop if pain passes your limit."
)
# Good news beside a later return date reads as a contradiction: the report moved nothing back,
# yet the way back was laid out again from it, and the caps on running in any 7 days can space
# the stages ahead further apart (planner/bridge.py: a trimmed session passes, a stub is
# dropped), so an earlier test can end in a later return.
LATER_TITLE = "Your plan moves on, but your return date moves later"
# The good news that can lay the way back out again: the test opening on the report's own day,
# which the projection could not foresee (it waits on that report). A stage or a test passed,
# or a ramp step, is what the plan projected already: no second build is needed to compare.
SCHEDULE_MOVES = frozenset({Rule.TEST_OPENS})
LATER_WHY = (
    "Nothing in the report holds you back: with it the runs ahead are laid out again, and the "
    "caps on running in any 7 days space them differently."
)


@dataclass(frozen=True)
class Banner:
    colour: str
    title: str
    decisions: tuple[Decision, ...]
    now: str
    kind: str = "change"  # "opening": the plan's first advice; "referral": advice alone;
    # "break": back after two weeks without running, a lower start that waits on no pain
    pain: bool = True  # a change: did pain make it (else a hold for no report or missed runs)?
    back: tuple[date, date] | None = None  # good news that moved the return later: was, now

    @property
    def days(self) -> tuple[date, ...]:
        """The days the decisions said were made on, in order (one, nearly always)."""
        return tuple(sorted({d.date for d in self.decisions}))

    @property
    def opening(self) -> bool:
        return self.kind == "opening"

    @property
    def later_why(self) -> str:
        """Why the return moved later though the report was good news ("" if it did not)."""
        return LATER_WHY if self.back else ""

    @property
    def waits_on_pain(self) -> bool:
        """Did the latest report hold the plan, step it back or send the runner to see someone?
        Then the next run the plan shows (projected as if the pain settles) comes only if it
        does, and says so."""
        return self.kind not in ("opening", "break") and self.colour != "green" and self.pain


# How far back Today looks for changes the runner has not reported since: today and the two
# days before. A morning left unreported, or a run judged on the next morning, makes a hold or
# a step back dated the day before; a weekend away is two such days. The reminders nudge after
# two days without a report and a coach sees "no report for 3+ days": beyond that the runner
# has been away, each unreported run day adds one more hold for want of a report, and History
# keeps them all. The latest report's own changes are said for these days too, then no more.
RECENT_DAYS = 3


def banner(
    plan: Plan,
    today: date,
    reported: Sequence[date],
    before: Callable[[date], Plan | None] | None = None,
    log: Log | None = None,
) -> Banner | None:
    """Return what changed since the latest report (its own changes included), over the last
    RECENT_DAYS days; None if nothing did.

    A report today shows what it changed; opened before one, Today shows what changed since the
    last, each day's changes dated (a hold judged overnight is dated yesterday). The most
    serious move of the plan gives the colour and the verdict; advice (whom to see, what to
    look back at) is listed after it and never gives the verdict. Advice alone is a referral,
    or the plan's first advice. A stopped plan has none: its stop card says what to do, and a
    hold said beside it ("keep to the plan below") would contradict it. Before any report,
    today's decisions are the plan's first advice, not a change, and say so. A break the plan
    stepped back for while the runner was away (no report since) is said too. Good news that
    moved the expected return later (`before` gives the plan before a day's report) is not
    called good news: it says from which date to which. `log` (the plan's) names the red flags
    a clinician's lift may not have seen (`unsure_flags`)."""
    if plan.status == Status.HALTED:
        return None
    latest_report = max(reported, default=None)
    on = today if plan.decisions_on(today) or latest_report is None else latest_report
    on = min(on, today)
    since = max((d for d in reported if d < on), default=None)
    away = tuple(
        d
        for d in plan.decisions
        if reported
        and d.rule == Rule.LONG_BREAK
        and (since is None or since < d.date)
        and d.date < on
    )[-1:]
    recent = tuple(d for d in _recent(plan, today, latest_report) if d not in away)
    shown = _not_lifted(away + recent, plan, today)
    unsure = unsure_flags(plan, log, today) if log is not None else None
    if unsure is not None and any(d.rule == Rule.CLEARANCE_RESUMES for d in shown):
        shown = (unsure, *shown)
    if not shown:
        return None
    moves = [d for d in shown if d.rule not in ADVICE_RULES]
    said = tuple(moves) + tuple(d for d in shown if d.rule in ADVICE_RULES)
    referred = any(d.rule in REFERRAL_RULES for d in shown)
    if latest_report is None or not moves and not referred:
        return Banner(_colour(shown), OPENING_TITLE, said, OPENING_NOW, "opening")
    if not moves:
        return Banner("red", REFERRAL_TITLE, said, REFERRAL_NOW, "referral")
    if all(d.rule in LAYOUT_RULES | OWN_RULES for d in moves):  # the days ahead laid out, alone
        own = any(d.rule in OWN_RULES for d in moves)
        title = (SETTINGS_TITLE if own else NOTE_TITLE) + (REFERRAL_TOO if referred else "")
        return Banner("green", title, said, BANNER_NOW["green"], pain=referred)
    weighed = [d for d in moves if d.rule not in SCHEDULE_RULES | OWN_RULES] or moves
    colour = _colour(weighed)
    title, now = BANNER_TITLES[colour], BANNER_NOW[colour]
    pain = colour == "red" or any(d.rule in PAIN_HOLD_RULES for d in weighed)
    if colour == "amber" and not pain:  # a hold for no report or missed runs: no word of pain
        now = next(
            (HOLD_NOW[d.rule] for d in weighed if d.rule in HOLD_NOW), "keep to the plan below."
        )
    if all(d.rule in LIFT_RULES for d in weighed):  # the stop is over: not "moves on"
        title, now = RESUME_TITLE, RESUME_NOW
    rules = {d.rule for d in moves}
    if rules & LIFT_RULES and Rule.RED_FLAG in rules:  # a flag of the clearance's own day
        title, now = UNSURE_TITLE, UNSURE_NOW
    if any(d.rule == Rule.SWITCH_TO_BONE for d in moves):  # not an easing off: running stops
        title, now = SWITCH_TITLE, SWITCH_NOW
    if all(d.rule == Rule.LONG_BREAK for d in moves):
        return Banner(
            colour, BREAK_TITLE + (REFERRAL_TOO if referred else ""), said, BREAK_NOW, "break"
        )
    opened = next((d.date for d in said if d.rule in SCHEDULE_MOVES), None)
    back = _later_back(plan, today, opened, before) if colour == "green" and opened else None
    if back:
        title = LATER_TITLE
    if referred:  # the verdict never hides the referral
        title += REFERRAL_TOO
    return Banner(colour, title, said, now, pain=pain or referred, back=back)


def _not_lifted(decisions: tuple[Decision, ...], plan: Plan, today: date) -> tuple[Decision, ...]:
    """The decisions without the red flags a clearance or a recorded mistake lifted since:
    their stop and urgent advice are over (History keeps them, a retracted flag marked), and
    said beside the lift they read as today's instruction, in red. Every red flag dated up to
    a lift is one it lifted (a flag reported on a lift's day, or on a clearance's day after a
    stop began earlier, keeps the plan stopped: planner/halts.py, and a stopped plan has no
    banner); those a clinician may not have seen are said again by `unsure_flags`. A plan that
    has not started yet resumes on its first day: a lift dated then is one already recorded."""
    first = plan.days[0].date if plan.days else today
    lifted = max(
        (
            d.date
            for d in plan.decisions  # those shown among them: all dated by today
            if d.rule in LIFT_RULES and (d.date <= today or d.date == first)
        ),
        default=None,
    )
    if lifted is None:
        return decisions
    return tuple(d for d in decisions if d.rule != Rule.RED_FLAG or d.date > lifted)


def unsure_flags(plan: Plan, log: Log, today: date) -> Decision | None:
    """The red flags a clinician's lift may not have seen, said again: a stop that began on a
    clearance's day lifts the next day (planner/halts.py), but a day's entries have no order,
    so a flag of that day may have come after the clearance. None when the latest lift by
    today is not such a one (a clearance dated the lift's day came after them), or when every
    flag of that day was recorded as a mistake by today."""
    lift = max(
        (d.date for d in plan.decisions if d.rule == Rule.CLEARANCE_RESUMES and d.date <= today),
        default=None,
    )
    if lift is None:
        return None
    day = lift - timedelta(days=1)
    dated = {c.date for c in log.all_clearances()}
    if day not in dated or lift in dated:
        return None
    told = [flag for on, flag in log.standing_flags(by=today) if on == day]
    red = [RED_FLAGS[f] for f in dict.fromkeys(told)]
    if not red:
        return None
    labels = ", ".join(f.label.lower() for f in red)
    advice = " ".join(f.referral for f in red)
    return Decision(
        day, Rule.RED_FLAG, UNSURE_SAID.format(day=day_ref(day), labels=labels) + advice
    )


UNSURE_SAID = (
    "Red flag on {day} ({labels}), the day of the clearance: if it came after the clinician saw "
    "you, they have not seen it. "
)


def _recent(plan: Plan, today: date, latest_report: date | None) -> tuple[Decision, ...]:
    """The decisions dated from the latest report's day (today's alone before any report) to
    today, within RECENT_DAYS, each day's without those a later one of the day replaced."""
    first = today - timedelta(days=RECENT_DAYS - 1)
    first = today if latest_report is None else max(first, min(latest_report, today))
    found = sorted((d for d in plan.decisions if first <= d.date <= today), key=lambda d: d.date)
    return tuple(
        d
        for _, of_day in itertools.groupby(found, key=lambda d: d.date)
        for d in _still_true(tuple(of_day))
    )


def _later_back(
    plan: Plan, today: date, on: date, before: Callable[[date], Plan | None] | None
) -> tuple[date, date] | None:
    """The expected return without the report of `on` and with it, when the report moved it
    later; else None."""
    was = before(on) if before else None
    then, now = expected_back(was, today) if was else None, expected_back(plan, today)
    return (then, now) if then and now and now > then else None


# A test's outcome replaces the morning's "the test can go ahead": both were true in turn, but
# only the outcome tells the runner what holds now (a red test that is a second red within 7
# days is said as two reds).
TEST_OUTCOMES = frozenset({Rule.TEST_PASSED, Rule.TEST_FAILED, Rule.TWO_REDS})


def _still_true(decisions: tuple[Decision, ...]) -> tuple[Decision, ...]:
    """A day's decisions without those a later one of the same day replaced."""
    if not any(d.rule in TEST_OUTCOMES for d in decisions):
        return decisions
    return tuple(d for d in decisions if d.rule != Rule.TEST_OPENS)


def _colour(decisions: Iterable[Decision]) -> str:
    """The most serious colour among the decisions."""
    colours = {colour_of(d.rule) for d in decisions}
    return next(c for c in ("red", "amber", "green") if c in colours)
